import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../../src/shared/api.js';
import { emptyFilter, filterRuns, sortRuns } from '../../../../src/renderer/src/lib/run-filter.js';

const run = (id: number, patch: Partial<RunSummary>): RunSummary => ({
  id, experimentId: 1, name: `run ${id}`, status: 'completed', presetId: null, datasetId: 'mnist', modelKind: 'dense', backend: 'wasm',
  epochsDone: 1, epochsPlanned: 1, createdAt: `2025-01-0${id}`, startedAt: null, endedAt: null,
  finalMetrics: { train: {}, val: {} }, error: null, tags: [], notes: '', sweepId: null, reference: null, referenceComparison: null, ...patch,
});
const runs = [
  run(1, { name: 'Baseline', tags: ['paper'], finalMetrics: { train: {}, val: { loss: 0.3 } } }),
  run(2, { status: 'failed', datasetId: 'font5x7', finalMetrics: { train: {}, val: { loss: 0.1 } } }),
  run(3, { modelKind: 'conv', finalMetrics: { train: {}, val: {} } }),
];

describe('runs table filter', () => {
  it('matches text in names and tags, case-insensitively', () => {
    expect(filterRuns(runs, { ...emptyFilter(), text: 'PAPER' }).map((r) => r.id)).toEqual([1]);
    expect(filterRuns(runs, { ...emptyFilter(), text: 'baseline' }).map((r) => r.id)).toEqual([1]);
  });

  it('filters by status, dataset and model', () => {
    expect(filterRuns(runs, { ...emptyFilter(), statuses: ['failed'] }).map((r) => r.id)).toEqual([2]);
    expect(filterRuns(runs, { ...emptyFilter(), datasets: ['mnist'] }).map((r) => r.id)).toEqual([1, 3]);
    expect(filterRuns(runs, { ...emptyFilter(), models: ['conv'] }).map((r) => r.id)).toEqual([3]);
  });

  it('filters by a final metric bound, dropping runs that lack the metric', () => {
    const column = { metric: 'loss', split: 'val' as const };
    expect(filterRuns(runs, { ...emptyFilter(), metric: { column, op: 'atMost', bound: 0.2 } }).map((r) => r.id)).toEqual([2]);
    expect(filterRuns(runs, { ...emptyFilter(), metric: { column, op: 'atLeast', bound: 0.2 } }).map((r) => r.id)).toEqual([1]);
  });

  it('sorts by a metric with missing values last in both directions', () => {
    expect(sortRuns(runs, { key: 'val:loss', order: 'ascend' }).map((r) => r.id)).toEqual([2, 1, 3]);
    expect(sortRuns(runs, { key: 'val:loss', order: 'descend' }).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(sortRuns(runs, { key: 'name', order: 'ascend' }).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(sortRuns(runs, null)).not.toBe(runs);
  });
});
