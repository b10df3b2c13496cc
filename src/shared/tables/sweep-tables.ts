/**
 * The results table of a sweep: one row per member, its swept values, status and final metrics,
 * sorted by any column, the best member marked. Pure module: no Node, no DOM.
 */
import type { SweepMember } from '../api.js';
import { bestIndex, formatMetric, metricDirection } from '../figures/metric-info.js';
import { formatSweepValue } from '../sweep.js';
import { finalMetric, metricColumns, referenceColumns, type MetricColumn } from './run-tables.js';
import type { TableCell, TableData } from './table.js';

/** What the table is sorted by: a metric column, a swept field (by path), or the run id. */
export type SweepSortKey = { metric: string; split: 'train' | 'val' } | { field: string } | { id: true };
export type SortOrder = 'ascend' | 'descend';

/** Metric columns of the members, validation first, the loss leading each split (the sweep's headline). */
export function sweepMetricColumns(members: readonly SweepMember[]): MetricColumn[] {
  const rank = (c: MetricColumn): number => (c.split === 'val' ? 0 : 2) + (c.metric === 'loss' ? 0 : 1);
  return metricColumns(members)
    .map((column, index) => ({ column, index }))
    .sort((a, b) => rank(a.column) - rank(b.column) || a.index - b.index)
    .map((entry) => entry.column);
}

/** The member with the best final value of `column` (lowest loss, highest PSNR…), or undefined when none has one. */
export function bestMember<M extends SweepMember>(members: readonly M[], column: MetricColumn): M | undefined {
  return members[bestIndex(column.metric, members.map((m) => finalMetric(m, column)))];
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return formatSweepValue(a).localeCompare(formatSweepValue(b), undefined, { numeric: true });
}

/**
 * Members in table order. A metric sorts best-first by default (ascending for losses, descending
 * for PSNR…); `order` overrides the direction. Members without a finite value go last either way;
 * ties keep expansion order.
 */
export function sortedMembers<M extends SweepMember>(members: readonly M[], key: SweepSortKey, order?: SortOrder): M[] {
  const sign = (natural: SortOrder): number => ((order ?? natural) === 'ascend' ? 1 : -1);
  const indexed = members.map((member, index) => ({ member, index }));
  if ('metric' in key) {
    const s = sign(metricDirection(key.metric) === 'min' ? 'ascend' : 'descend');
    const value = (m: M): number | null => {
      const v = finalMetric(m, key);
      return v !== null && Number.isFinite(v) ? v : null;
    };
    indexed.sort((a, b) => {
      const va = value(a.member);
      const vb = value(b.member);
      if (va === null || vb === null) return va === vb ? a.index - b.index : va === null ? 1 : -1;
      return s * (va - vb) || a.index - b.index;
    });
  } else if ('field' in key) {
    const s = sign('ascend');
    indexed.sort((a, b) => s * compareValues(a.member.overrides[key.field], b.member.overrides[key.field]) || a.index - b.index);
  } else {
    const s = sign('ascend');
    indexed.sort((a, b) => s * (a.member.id - b.member.id));
  }
  return indexed.map((entry) => entry.member);
}

export interface SweepTableLabels {
  run: string;
  status: string;
  epochs: string;
  /** Header of a swept field; default its last path segment. */
  field: (path: string) => string;
  metric: (column: MetricColumn) => string;
  report: string;
  deviation: string;
}

const DEFAULT_LABELS: SweepTableLabels = {
  run: 'Run',
  status: 'Status',
  epochs: 'Epochs',
  field: (path) => path.split('.').at(-1) ?? path,
  metric: ({ metric, split }) => `${split} ${metric}`,
  report: 'Report',
  deviation: 'vs report',
};

/**
 * The results table: run, each swept field, status, epochs, then the metric columns. The best
 * member by `bestBy` has its name emphasised (with a ★), and the best value of each metric column
 * is emphasised too, as in the compare table.
 */
export function sweepResultsTable(
  members: readonly SweepMember[],
  fields: readonly string[],
  options: { columns?: readonly MetricColumn[]; bestBy?: MetricColumn; labels?: Partial<SweepTableLabels> } = {},
): TableData {
  const l = { ...DEFAULT_LABELS, ...options.labels };
  const columns = options.columns ?? sweepMetricColumns(members);
  const best = bestMember(members, options.bestBy ?? { metric: 'loss', split: 'val' });
  const bestOfColumn = columns.map((column) => (members.length > 1 ? bestIndex(column.metric, members.map((m) => finalMetric(m, column))) : -1));
  const reference = referenceColumns(members, l);
  return {
    headers: [l.run, ...fields.map(l.field), l.status, l.epochs, ...columns.map(l.metric), ...reference.headers],
    rows: members.map((member, r): TableCell[] => [
      { text: `${member === best ? '★ ' : ''}#${member.id} ${member.name}`, strong: member === best },
      ...fields.map((path) => ({ text: formatSweepValue(member.overrides[path]) })),
      { text: member.status },
      { text: `${member.epochsDone}/${member.epochsPlanned}` },
      ...columns.map((column, c) => ({ text: formatMetric(finalMetric(member, column)), numeric: true, strong: bestOfColumn[c] === r })),
      ...(reference.cells[r] ?? []),
    ]),
  };
}
