/**
 * Tables built from run records: the runs table, the compare view's final-metrics table and its
 * config diff. Each returns a `TableData` that the writers in `./table.ts` turn into CSV,
 * Markdown or LaTeX, and that the renderer shows on screen. Pure module: no Node, no DOM.
 */
import type { RunSummary } from '../api.js';
import { bestIndices, formatMetric } from '../figures/metric-info.js';
import { formatDeviation, formatFigure } from '../reproduction.js';
import { defaultRescoredNote, rescoredNote } from '../run-facts.js';
import { defaultIncomparabilityNote, incomparability, type Incomparability } from './comparability.js';
import type { TableCell, TableData } from './table.js';

export type MetricSplit = 'train' | 'val';

/** One metric column: a metric of a split's final values. */
export interface MetricColumn {
  metric: string;
  split: MetricSplit;
}

/** Header texts of the compare table; English defaults, the renderer passes translations. */
export interface RunTableLabels {
  name: string;
  /** Header of the column of the report's figure (runs that reproduce one). */
  report: string;
  /** Header of the column of the run's deviation from it, in %. */
  deviation: string;
  /** Header of a metric column, e.g. `val loss`. */
  metric: (column: MetricColumn) => string;
  /** The sentence under a table whose runs do not rank against each other. */
  incomparable: (why: Incomparability) => string;
  /** The sentence naming the runs whose val numbers re-score the training set (`#3, #5`). */
  rescored: (runs: string) => string;
}

const DEFAULT_LABELS: RunTableLabels = {
  name: 'Name',
  report: 'Report',
  deviation: 'vs report',
  metric: ({ metric, split }) => `${split} ${metric}`,
  incomparable: defaultIncomparabilityNote,
  rescored: defaultRescoredNote,
};

/** The notes under a table of final metrics: why nothing is marked best, and which runs' val numbers re-score the training set. */
export function tableNote(notes: readonly (string | null)[]): { note?: string } {
  const text = notes.filter((n): n is string => n !== null && n !== '').join(' ');
  return text ? { note: text } : {};
}

/**
 * The report and deviation columns, present when any run reproduces a published figure: the
 * report's value (`val mse 0.003953 @50`) and this run's deviation from it (`+0.7%`, with the epoch
 * when the run's value is from another one).
 */
export function referenceColumns(
  runs: readonly RunSummary[],
  labels: Partial<Pick<RunTableLabels, 'report' | 'deviation'>> = {},
): { headers: string[]; cells: TableCell[][] } {
  const l = { ...DEFAULT_LABELS, ...labels };
  if (!runs.some((run) => run.reference)) return { headers: [], cells: runs.map(() => []) };
  return {
    headers: [l.report, l.deviation],
    cells: runs.map((run) => referenceCells(run)),
  };
}

/** The report's figure and the run's deviation from it, as two cells (empty without a reference). */
export function referenceCells(run: RunSummary): [TableCell, TableCell] {
  const reference = run.reference;
  const comparison = run.referenceComparison;
  if (!reference) return [{ text: '' }, { text: '' }];
  const at = comparison && !comparison.atReferenceEpoch ? ` @${comparison.epoch}` : '';
  return [
    { text: `${reference.split} ${reference.metric} ${formatFigure(reference.value)} @${reference.epochs}`, numeric: true },
    { text: comparison ? `${formatDeviation(comparison.deviation)}${at}` : '', numeric: true },
  ];
}

/** Final value of one metric column for a run, or null when it was not recorded. */
export function finalMetric(run: RunSummary, column: MetricColumn): number | null {
  const value = (run.finalMetrics[column.split] as Record<string, number | undefined>)[column.metric];
  return value === undefined ? null : value;
}

/** Metric columns recorded by any of `runs`: validation first, then training, metric order kept. */
export function metricColumns(runs: readonly RunSummary[]): MetricColumn[] {
  const columns: MetricColumn[] = [];
  for (const split of ['val', 'train'] as const) {
    const seen = new Set<string>();
    for (const run of runs) for (const metric of Object.keys(run.finalMetrics[split])) seen.add(metric);
    for (const metric of seen) columns.push({ metric, split });
  }
  return columns;
}

/**
 * Which rows hold the best value of each metric column: every row tied with the best as printed,
 * and none at all when the runs differ in dataset or loss (then `incomparable` says how) or when
 * there is a single run.
 */
export function bestMarks(runs: readonly RunSummary[], columns: readonly MetricColumn[]): { marks: Set<number>[]; incomparable: Incomparability | null } {
  const incomparable = incomparability(runs);
  const marks = columns.map((column) =>
    runs.length > 1 && !incomparable ? new Set(bestIndices(column.metric, runs.map((run) => finalMetric(run, column)))) : new Set<number>(),
  );
  return { marks, incomparable };
}

/** Compare view: one row per run, its name then the chosen final metrics, the best (and its ties) marked per column. */
export function finalMetricsTable(
  runs: readonly RunSummary[],
  columns: readonly MetricColumn[] = metricColumns(runs),
  labels: Partial<RunTableLabels> = {},
  /** Runs whose val numbers re-score the training set (see rescoredRunIds): named in the note. */
  rescored: ReadonlySet<number> = new Set(),
): TableData {
  const l = { ...DEFAULT_LABELS, ...labels };
  const { marks, incomparable } = bestMarks(runs, columns);
  const reference = referenceColumns(runs, l);
  return {
    headers: [l.name, ...columns.map(l.metric), ...reference.headers],
    rows: runs.map((run, r) => [
      { text: `${run.name} (#${run.id})` },
      ...columns.map((column, c): TableCell => ({ text: formatMetric(finalMetric(run, column)), numeric: true, strong: marks[c]?.has(r) ?? false })),
      ...(reference.cells[r] ?? []),
    ]),
    ...tableNote([
      incomparable && columns.length > 0 ? l.incomparable(incomparable) : null,
      rescoredNote(runs, rescored, columns.some((c) => c.split === 'val'), l.rescored),
    ]),
  };
}

/** One setting across the compared configs. */
export interface ConfigDiffRow {
  /** Dotted path, e.g. `training.optimizer.learningRate`. */
  path: string;
  /** Printed value per config; empty string when a config lacks the field. */
  values: string[];
  differs: boolean;
}

/**
 * Flatten a JSON-shaped value to `path -> printed value`. Arrays of numbers or strings print
 * inline (`[128, 64, 32]`) since they are one setting; arrays of objects are indexed.
 */
export function flattenConfig(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    value.forEach((item, i) => flattenConfig(item, `${prefix}[${i}]`, out));
  } else if (Array.isArray(value)) {
    out.set(prefix, `[${value.join(', ')}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flattenConfig(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(prefix, String(value));
  }
  return out;
}

/** Every setting of the configs, in first-seen order, with whether the configs disagree on it. */
export function configDiff(configs: readonly unknown[]): ConfigDiffRow[] {
  const flat = configs.map((config) => flattenConfig(config));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const map of flat) for (const path of map.keys()) if (!seen.has(path)) { seen.add(path); paths.push(path); }
  return paths.map((path) => {
    const values = flat.map((map) => map.get(path) ?? '');
    return { path, values, differs: values.some((v) => v !== values[0]) };
  });
}

/** Config diff as a table (setting, then one column per run); differing values emphasised. */
export function configDiffTable(
  rows: readonly ConfigDiffRow[],
  runNames: readonly string[],
  options: { onlyDiffering?: boolean; settingHeader?: string } = {},
): TableData {
  const kept = options.onlyDiffering ? rows.filter((row) => row.differs) : rows;
  return {
    headers: [options.settingHeader ?? 'Setting', ...runNames],
    rows: kept.map((row) => [{ text: row.path }, ...row.values.map((text) => ({ text, strong: row.differs }))]),
  };
}
