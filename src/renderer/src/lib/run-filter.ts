/**
 * Filtering and sorting of the runs table, kept out of the component so that what is exported
 * is exactly the rows on screen, in the same order. Pure: no DOM, no LabApi.
 */
import type { RunStatus, RunSummary } from '../../../shared/api.js';
import { finalMetric, type MetricColumn } from '../../../shared/tables/run-tables.js';

export interface RunFilter {
  /** Case-insensitive text matched against the name and the tags. */
  text: string;
  statuses: RunStatus[];
  datasets: string[];
  models: string[];
  /** Keep runs whose final value of this metric is within `bound` (runs without it are dropped). */
  metric: { column: MetricColumn; op: 'atMost' | 'atLeast'; bound: number } | null;
}

export const emptyFilter = (): RunFilter => ({ text: '', statuses: [], datasets: [], models: [], metric: null });

/** Runs passing every active part of `filter`. */
export function filterRuns(runs: readonly RunSummary[], filter: RunFilter): RunSummary[] {
  const text = filter.text.trim().toLowerCase();
  return runs.filter((run) => {
    if (text && !run.name.toLowerCase().includes(text) && !run.tags.some((tag) => tag.toLowerCase().includes(text))) return false;
    if (filter.statuses.length > 0 && !filter.statuses.includes(run.status)) return false;
    if (filter.datasets.length > 0 && !filter.datasets.includes(run.datasetId)) return false;
    if (filter.models.length > 0 && !filter.models.includes(run.modelKind)) return false;
    if (filter.metric) {
      const value = finalMetric(run, filter.metric.column);
      if (value === null || !Number.isFinite(value)) return false;
      if (filter.metric.op === 'atMost' ? value > filter.metric.bound : value < filter.metric.bound) return false;
    }
    return true;
  });
}

/** Sortable columns: fixed ones by name, metric columns as `split:metric`. */
export type SortKey = 'id' | 'name' | 'status' | 'dataset' | 'model' | 'epochs' | 'createdAt' | `${'train' | 'val'}:${string}`;
export interface RunSort {
  key: SortKey;
  order: 'ascend' | 'descend';
}

/** Key of a metric column, as used by `SortKey`. */
export const metricKey = (column: MetricColumn): SortKey => `${column.split}:${column.metric}`;

function sortValue(run: RunSummary, key: SortKey): string | number | null {
  switch (key) {
    case 'id': return run.id;
    case 'name': return run.name.toLowerCase();
    case 'status': return run.status;
    case 'dataset': return run.datasetId;
    case 'model': return run.modelKind;
    case 'epochs': return run.epochsDone;
    case 'createdAt': return run.createdAt;
    default: {
      const [split, metric] = key.split(':') as ['train' | 'val', string];
      return finalMetric(run, { split, metric });
    }
  }
}

/** Sorted copy; runs missing the sort value (a metric never recorded) always go last. */
export function sortRuns(runs: readonly RunSummary[], sort: RunSort | null): RunSummary[] {
  if (!sort) return [...runs];
  const direction = sort.order === 'ascend' ? 1 : -1;
  return [...runs].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || (typeof x === 'number' && Number.isNaN(x))) return y === null ? 0 : 1;
    if (y === null || (typeof y === 'number' && Number.isNaN(y))) return -1;
    if (x < y) return -direction;
    if (x > y) return direction;
    return a.id - b.id;
  });
}
