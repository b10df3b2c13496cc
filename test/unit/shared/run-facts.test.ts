import { describe, expect, it } from 'vitest';
import { stopReason, validationSource } from '../../../src/shared/run-facts.js';
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
});
