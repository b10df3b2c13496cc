import { describe, expect, it } from 'vitest';
import type { Reference } from '../../../src/shared/config.js';
import {
  compareWithReference,
  formatDeviation,
  formatReferenceComparison,
  gridAgreement,
  ranks,
  relativeDeviation,
  spearman,
} from '../../../src/shared/reproduction.js';

const reference: Reference = { source: 'course report', metric: 'mse', split: 'val', epochs: 50, value: 0.003953 };

describe('relativeDeviation and its text', () => {
  it('is (ours − report) / report, signed', () => {
    expect(relativeDeviation(0.003979, 0.003953)).toBeCloseTo(0.006577, 5);
    expect(relativeDeviation(0.001435, 0.003953)).toBeCloseTo(-0.637, 3);
    expect(formatDeviation(0.006577)).toBe('+0.7%');
    expect(formatDeviation(-0.637)).toBe('−63.7%');
    expect(formatDeviation(0.00001)).toBe('±0.0%');
  });
});

describe('compareWithReference', () => {
  it('takes the value at the reference epoch and prints the line every view shows', () => {
    const points = [
      { epoch: 40, value: 0.0041 },
      { epoch: 50, value: 0.003979 },
      { epoch: 10, value: 0.009 },
    ];
    const comparison = compareWithReference(reference, points)!;
    expect(comparison).toMatchObject({ value: 0.003979, epoch: 50, atReferenceEpoch: true });
    expect(formatReferenceComparison(comparison)).toBe('report 0.003953 · this run 0.003979 (+0.7%)');
  });

  it('falls back to the last finite value of a shorter run, and says which epoch', () => {
    const comparison = compareWithReference(reference, [
      { epoch: 10, value: 0.0062 },
      { epoch: 20, value: Number.NaN },
    ])!;
    expect(comparison).toMatchObject({ epoch: 10, atReferenceEpoch: false });
    expect(formatReferenceComparison(comparison)).toBe('report 0.003953 · this run 0.0062 at epoch 10 (report: epoch 50) (+56.8%)');
  });

  it('is null before the run has a value', () => {
    expect(compareWithReference(reference, [])).toBeNull();
  });
});

describe('spearman', () => {
  it('ranks ties by their mean position', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it('is 1 for the same order, −1 for the reverse, and the textbook value in between', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // One swapped neighbour pair of 5: ρ = 1 − 6·Σd²/(n(n²−1)) = 1 − 6·2/120 = 0.9.
    expect(spearman([1, 2, 3, 4, 5], [1, 2, 4, 3, 5])).toBeCloseTo(0.9, 12);
    // With ties: Pearson of the ranks [1, 2.5, 2.5, 4] and [1, 2, 3, 4] = 0.9486833.
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486833, 6);
  });

  it('is null without a ranking to compare', () => {
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(() => spearman([1, 2], [1])).toThrow(/2 values against 1/);
  });

  it('compares a grid over the members that have a reference', () => {
    const at = (value: number, ours: number) => compareWithReference({ ...reference, value }, [{ epoch: 50, value: ours }]);
    expect(gridAgreement([at(0.004, 0.0041), at(0.006, 0.0058), null, at(0.01, 0.011)])).toEqual({ spearman: 1, members: 3 });
    expect(gridAgreement([at(0.004, 0.0041), null])).toEqual({ spearman: null, members: 1 });
  });
});
