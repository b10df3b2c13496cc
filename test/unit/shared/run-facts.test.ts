import { describe, expect, it } from 'vitest';
import { rescoredRunIds, stopReason, validationSource } from '../../../src/shared/run-facts.js';
import { runsTable } from '../../../src/shared/tables/run-columns.js';
import { finalMetricsTable } from '../../../src/shared/tables/run-tables.js';
import { FONT_CONFIG, runSummary } from './run-fixture.js';

describe('run facts', () => {
  it('calls the font preset\'s "validation" (valFraction 0, no test split) the training set re-scored', () => {
    expect(FONT_CONFIG.dataset.valFraction).toBe(0);
    expect(validationSource(runSummary(1), 0)).toBe('rescored');
    expect(validationSource(runSummary(1, { config: { ...FONT_CONFIG, dataset: { ...FONT_CONFIG.dataset, valFraction: 0.2 } } }), 0)).toBe('heldOut');
    expect(validationSource(runSummary(1), 10_000)).toBe('test');
  });

  it('gives the stopWhen reason of a run that completed early', () => {
    const run = runSummary(1, { epochsDone: 110, epochsPlanned: 1000, finalMetrics: { train: {}, val: { maxWrongPixels: 0 } } });
    expect(stopReason(run)).toEqual({ epoch: 110, metric: 'maxWrongPixels', value: 0, target: 0 });
  });

  it('gives none for a run that ran all epochs, was cancelled, or missed the target', () => {
    const val = { maxWrongPixels: 0 };
    expect(stopReason(runSummary(1, { epochsDone: 10, epochsPlanned: 10, finalMetrics: { train: {}, val } }))).toBeNull();
    expect(stopReason(runSummary(1, { status: 'cancelled', epochsDone: 3, epochsPlanned: 10, finalMetrics: { train: {}, val } }))).toBeNull();
    expect(stopReason(runSummary(1, { epochsDone: 3, epochsPlanned: 10, finalMetrics: { train: {}, val: { maxWrongPixels: 2 } } }))).toBeNull();
  });

  it('names the runs whose val numbers re-score the training set under the compare and runs tables (and their exports)', () => {
    const heldOut = { ...FONT_CONFIG, dataset: { ...FONT_CONFIG.dataset, valFraction: 0.2 } };
    const runs = [
      runSummary(1, { finalMetrics: { train: { loss: 0.2 }, val: { loss: 0.1 } } }),
      runSummary(2, { config: heldOut, finalMetrics: { train: { loss: 0.2 }, val: { loss: 0.3 } } }),
      runSummary(3, { datasetId: 'gone', finalMetrics: { train: { loss: 0.2 }, val: { loss: 0.3 } } }),
    ];
    // A dataset the caller does not know is left out rather than guessed.
    const rescored = rescoredRunIds(runs, (id) => (id === 'font5x7' ? null : undefined));
    expect([...rescored]).toEqual([1]);
    const note = 'Runs #1 hold out no data: their val numbers are the training set, re-scored.';
    const same = runs.slice(0, 2);
    expect(finalMetricsTable(same, [{ metric: 'loss', split: 'val' }], {}, rescored).note).toBe(note);
    expect(runsTable(same, [{ kind: 'metric', column: { metric: 'loss', split: 'val' } }], {}, rescored).note).toBe(note);
    // Only train numbers shown: nothing to say.
    expect(finalMetricsTable(same, [{ metric: 'loss', split: 'train' }], {}, rescored).note).toBeUndefined();
  });
});
