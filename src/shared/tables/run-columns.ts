/**
 * Columns of the runs table, generic so a picker can offer any of them and a later kind (say, a
 * report reference) slots in: fixed identity columns, one column per config field, one per final
 * metric. Each has a stable id the picker persists. Pure module: no Node, no DOM.
 */
import type { RunSummary } from '../api.js';
import { formatMetric } from '../figures/metric-info.js';
import { defaultRescoredNote, rescoredNote } from '../run-facts.js';
import { defaultIncomparabilityNote, type Incomparability } from './comparability.js';
import { bestMarks, finalMetric, flattenConfig, referenceCells, tableNote, type MetricColumn, type MetricSplit } from './run-tables.js';
import type { TableCell, TableData } from './table.js';

export const FIXED_COLUMNS = ['id', 'name', 'status', 'dataset', 'model', 'epochs', 'backend', 'tags'] as const;
export type FixedColumn = (typeof FIXED_COLUMNS)[number];

/** The published figure a run reproduces (`report`) and its deviation from it (fidelity's columns). */
export const REFERENCE_PARTS = ['report', 'deviation'] as const;
export type ReferencePart = (typeof REFERENCE_PARTS)[number];

export type RunColumn =
  | { kind: 'fixed'; id: FixedColumn }
  | { kind: 'reference'; part: ReferencePart }
  | { kind: 'config'; path: string }
  | { kind: 'metric'; column: MetricColumn };

/** Stable id of a column: `fixed:name`, `config:training.loss`, `metric:val:loss`. */
export function runColumnId(column: RunColumn): string {
  if (column.kind === 'fixed') return `fixed:${column.id}`;
  if (column.kind === 'reference') return `reference:${column.part}`;
  if (column.kind === 'config') return `config:${column.path}`;
  return `metric:${column.column.split}:${column.column.metric}`;
}

/** The column of an id, or null for an id this version does not know (a stale saved choice). */
export function parseRunColumnId(id: string): RunColumn | null {
  const [kind, ...rest] = id.split(':');
  const tail = rest.join(':');
  if (kind === 'fixed' && (FIXED_COLUMNS as readonly string[]).includes(tail)) return { kind, id: tail as FixedColumn };
  if (kind === 'config' && tail !== '') return { kind, path: tail };
  if (kind === 'reference' && (REFERENCE_PARTS as readonly string[]).includes(tail)) return { kind, part: tail as ReferencePart };
  if (kind === 'metric' && (rest[0] === 'train' || rest[0] === 'val') && rest[1]) {
    return { kind, column: { split: rest[0] as MetricSplit, metric: rest.slice(1).join(':') } };
  }
  return null;
}

/** Every config field of `runs` (flattened paths, first-seen order), the name excepted. */
export function configPaths(runs: readonly Pick<RunSummary, 'config'>[]): string[] {
  const seen = new Set<string>();
  for (const run of runs) for (const path of flattenConfig(run.config).keys()) if (path !== 'name') seen.add(path);
  return [...seen];
}

/** The config fields whose values differ between `runs`: what tells them apart. */
export function differingConfigPaths(runs: readonly Pick<RunSummary, 'config'>[]): string[] {
  const flat = runs.map((run) => flattenConfig(run.config));
  return configPaths(runs).filter((path) => flat.some((map) => map.get(path) !== flat[0]?.get(path)));
}

/** A config field of one run as printed in a cell ('' when the run's config lacks it). */
export function configValue(run: Pick<RunSummary, 'config'>, path: string): string {
  return flattenConfig(run.config).get(path) ?? '';
}

/**
 * Columns shown before the user picks any: identity, the (at most `maxConfig`) config fields that
 * differ between the runs, and the validation metrics (the loss first).
 */
export function defaultRunColumns(runs: readonly RunSummary[], metrics: readonly MetricColumn[], maxConfig = 3): RunColumn[] {
  const fixed: FixedColumn[] = ['id', 'name', 'status', 'dataset', 'model', 'epochs'];
  const config = differingConfigPaths(runs)
    // Dataset, model kind and epochs have fixed columns of their own (epochs as done/planned).
    .filter((path) => path !== 'dataset.id' && path !== 'model.kind' && path !== 'training.epochs')
    .slice(0, maxConfig);
  const val = metrics.filter((c) => c.split === 'val');
  const reference = runs.some((run) => run.reference) ? REFERENCE_PARTS.map((part): RunColumn => ({ kind: 'reference', part })) : [];
  return [
    ...fixed.map((id): RunColumn => ({ kind: 'fixed', id })),
    ...reference,
    ...config.map((path): RunColumn => ({ kind: 'config', path })),
    ...(val.length > 0 ? val : metrics).slice(0, 4).map((column): RunColumn => ({ kind: 'metric', column })),
  ];
}

/** Header texts; English defaults, the renderer passes translations. */
export interface RunColumnLabels {
  fixed: (id: FixedColumn) => string;
  config: (path: string) => string;
  reference: (part: ReferencePart) => string;
  metric: (column: MetricColumn) => string;
  /** The sentence under a table whose runs do not rank against each other. */
  incomparable: (why: Incomparability) => string;
  /** The sentence naming the runs whose val numbers re-score the training set (`#3, #5`). */
  rescored: (runs: string) => string;
}

const FIXED_HEADERS: Record<FixedColumn, string> = {
  id: 'ID', name: 'Name', status: 'Status', dataset: 'Dataset', model: 'Model', epochs: 'Epochs', backend: 'Backend', tags: 'Tags',
};

export const DEFAULT_COLUMN_LABELS: RunColumnLabels = {
  fixed: (id) => FIXED_HEADERS[id],
  config: (path) => path,
  reference: (part) => (part === 'report' ? 'Report' : 'vs report'),
  metric: ({ metric, split }) => `${split} ${metric}`,
  incomparable: defaultIncomparabilityNote,
  rescored: defaultRescoredNote,
};

function fixedCell(run: RunSummary, id: FixedColumn): TableCell {
  switch (id) {
    case 'id': return { text: String(run.id), numeric: true };
    case 'name': return { text: run.name };
    case 'status': return { text: run.status };
    case 'dataset': return { text: run.datasetId };
    case 'model': return { text: run.modelKind };
    case 'epochs': return { text: `${run.epochsDone}/${run.epochsPlanned}` };
    case 'backend': return { text: run.backend ?? '' };
    case 'tags': return { text: run.tags.join(', ') };
  }
}

/**
 * The runs table with the chosen columns, what the screen shows and the exports write. Metric
 * columns mark every run tied for the best value, and only when the runs share a dataset and a
 * loss; otherwise the table carries a note saying why nothing is marked.
 */
export function runsTable(
  runs: readonly RunSummary[],
  columns: readonly RunColumn[],
  labels: Partial<RunColumnLabels> = {},
  /** Runs whose val numbers re-score the training set (see rescoredRunIds): named in the note. */
  rescored: ReadonlySet<number> = new Set(),
): TableData {
  const l = { ...DEFAULT_COLUMN_LABELS, ...labels };
  const metricColumns = columns.flatMap((c) => (c.kind === 'metric' ? [c.column] : []));
  const { marks, incomparable } = bestMarks(runs, metricColumns);
  const cells = runs.map((run, r) =>
    columns.map((column): TableCell => {
      if (column.kind === 'fixed') return fixedCell(run, column.id);
      if (column.kind === 'config') return { text: configValue(run, column.path) };
      if (column.kind === 'reference') return referenceCells(run)[column.part === 'report' ? 0 : 1];
      const m = metricColumns.indexOf(column.column);
      return { text: formatMetric(finalMetric(run, column.column)), numeric: true, strong: marks[m]?.has(r) ?? false };
    }),
  );
  const headers = columns.map((c) =>
    c.kind === 'fixed' ? l.fixed(c.id) : c.kind === 'config' ? l.config(c.path) : c.kind === 'reference' ? l.reference(c.part) : l.metric(c.column),
  );
  return {
    headers,
    rows: cells,
    ...tableNote([
      incomparable && metricColumns.length > 0 ? l.incomparable(incomparable) : null,
      rescoredNote(runs, rescored, metricColumns.some((c) => c.split === 'val'), l.rescored),
    ]),
  };
}
