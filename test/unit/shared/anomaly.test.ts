import { describe, expect, it } from 'vitest';
import {
  anomalyThreshold,
  confusionAt,
  errorHistogram,
  percentile,
  prCurve,
  rocCurve,
  standardDeviation,
} from '../../../src/shared/anomaly.js';

// Example A (the scikit-learn documentation's example): normal 0.1, 0.4; anomalous 0.35, 0.8.
// Highest first: 0.8 (A), 0.4 (N), 0.35 (A), 0.1 (N); 2 anomalies, 2 normal samples.
const SCORES_A = [0.1, 0.4, 0.35, 0.8];
const ANOMALY_A = [false, false, true, true];

describe('threshold modes', () => {
  // errors 1, 2, 3, 4: mean 2.5; population variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
  const errors = [1, 2, 3, 4];

  it('mean + k·σ uses the population standard deviation of the normal training errors', () => {
    expect(standardDeviation(errors)).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(anomalyThreshold(errors, { mode: 'meanStd', k: 2 })).toBeCloseTo(2.5 + 2 * Math.sqrt(1.25), 12);
    expect(anomalyThreshold(errors, { mode: 'meanStd', k: 0 })).toBe(2.5);
  });

  it('percentile interpolates linearly between the closest ranks (rank = p/100 · (n − 1))', () => {
    expect(anomalyThreshold(errors, { mode: 'percentile', percentile: 50 })).toBeCloseTo(2.5, 12); // rank 1.5
    expect(anomalyThreshold(errors, { mode: 'percentile', percentile: 90 })).toBeCloseTo(3.7, 12); // rank 2.7
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([7], 37)).toBe(7);
  });

  it('manual is the given value and needs no training errors; the other modes refuse an empty list', () => {
    expect(anomalyThreshold([], { mode: 'manual', value: 0.7 })).toBe(0.7);
    expect(() => anomalyThreshold([], { mode: 'meanStd', k: 3 })).toThrow(/normal training samples/);
    expect(() => anomalyThreshold([], { mode: 'percentile', percentile: 95 })).toThrow(/normal training samples/);
    expect(() => percentile([1], 101)).toThrow(/0\.\.100/);
  });
});

describe('confusion counts at a threshold', () => {
  it('flags scores strictly above the threshold: at 0.35 the anomaly scoring exactly 0.35 passes', () => {
    // flagged: 0.4 (N) and 0.8 (A) → tp 1, fp 1; passed: 0.1 (N) tn, 0.35 (A) fn.
    const c = confusionAt(SCORES_A, ANOMALY_A, 0.35);
    expect(c).toMatchObject({ tp: 1, fp: 1, tn: 1, fn: 1, precision: 0.5, recall: 0.5, falsePositiveRate: 0.5, accuracy: 0.5 });
    expect(c.f1).toBeCloseTo(0.5, 12); // 2·1 / (2·1 + 1 + 1)
  });

  it('at 0.3 both anomalies and one normal sample are flagged: precision 2/3, recall 1, F1 0.8', () => {
    const c = confusionAt(SCORES_A, ANOMALY_A, 0.3);
    expect(c).toMatchObject({ tp: 2, fp: 1, tn: 1, fn: 0, recall: 1 });
    expect(c.precision).toBeCloseTo(2 / 3, 12);
    expect(c.f1).toBeCloseTo(0.8, 12); // 4 / (4 + 1 + 0)
  });

  it('flagging nothing leaves precision undefined (NaN), recall 0 and F1 0', () => {
    const c = confusionAt(SCORES_A, ANOMALY_A, 1);
    expect(c).toMatchObject({ tp: 0, fp: 0, tn: 2, fn: 2, recall: 0, f1: 0 });
    expect(c.precision).toBeNaN();
  });

  it('all-normal data: recall is undefined, and F1 only becomes NaN when nothing is flagged either', () => {
    const flaggedOne = confusionAt([0.1, 0.2], [false, false], 0.15);
    expect(flaggedOne).toMatchObject({ tp: 0, fp: 1, tn: 1, fn: 0, precision: 0, f1: 0, falsePositiveRate: 0.5 });
    expect(flaggedOne.recall).toBeNaN();
    expect(confusionAt([0.1, 0.2], [false, false], 1).f1).toBeNaN();
  });

  it('all-anomalous data: the false-positive rate is undefined', () => {
    const c = confusionAt([0.1, 0.2], [true, true], 0.15);
    expect(c).toMatchObject({ tp: 1, fn: 1, precision: 1, recall: 0.5 });
    expect(c.falsePositiveRate).toBeNaN();
  });

  it('rejects scores and labels of different lengths', () => {
    expect(() => confusionAt([0.1, 0.2], [true], 0.1)).toThrow(/2 scores but 1/);
  });
});

describe('ROC curve and AUROC', () => {
  it('example A: (0,0) (0,½) (½,½) (½,1) (1,1), area 0.75', () => {
    const roc = rocCurve(SCORES_A, ANOMALY_A);
    expect(roc.points).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]);
    expect(roc.thresholds).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(roc.auc).toBeCloseTo(0.75, 12);
  });

  it('tied scores enter together as one diagonal step, so a tie counts ½ (Mann–Whitney)', () => {
    // 0.9 (A), then 0.5 tied between an anomaly and a normal sample, then 0.2 (N).
    // Points (0,0) (0,½) (½,1) (1,1): area 0 + ½·(½+1)/2 + ½·1 = 0.875.
    // Pairs (anomaly vs normal): 0.9>0.5, 0.9>0.2, 0.5=0.5 (½), 0.5>0.2 → 3.5 / 4 = 0.875.
    const roc = rocCurve([0.5, 0.5, 0.2, 0.9], [true, false, false, true]);
    expect(roc.points).toEqual([[0, 0], [0, 0.5], [0.5, 1], [1, 1]]);
    expect(roc.auc).toBeCloseTo(0.875, 12);
    // The order of the tied samples does not matter.
    expect(rocCurve([0.5, 0.5, 0.2, 0.9], [false, true, false, true]).auc).toBeCloseTo(0.875, 12);
  });

  it('all scores equal: the diagonal, area ½; a perfect detector has area 1, an inverted one 0', () => {
    expect(rocCurve([1, 1, 1, 1], [true, false, true, false])).toMatchObject({ points: [[0, 0], [1, 1]], auc: 0.5 });
    expect(rocCurve([0.9, 0.8, 0.1], [true, true, false]).auc).toBe(1);
    expect(rocCurve([0.1, 0.2, 0.9], [true, true, false]).auc).toBe(0);
  });

  it('without anomalies or without normal samples the curve is empty and the AUROC NaN', () => {
    for (const labels of [[false, false], [true, true]]) {
      const roc = rocCurve([0.1, 0.2], labels);
      expect(roc.points).toEqual([]);
      expect(roc.auc).toBeNaN();
    }
  });
});

describe('PR curve and AUPRC (average precision)', () => {
  it('example A: AP = ½·1 + 0·½ + ½·⅔ + 0·½ = 5/6', () => {
    // 0.8: R ½ P 1; 0.4: R ½ P ½; 0.35: R 1 P ⅔; 0.1: R 1 P ½.
    const pr = prCurve(SCORES_A, ANOMALY_A);
    expect(pr.points[0]).toEqual([0, 1]);
    expect(pr.points.slice(1).map(([r, p]) => [r, Number(p.toFixed(6))])).toEqual([[0.5, 1], [0.5, 0.5], [1, 0.666667], [1, 0.5]]);
    expect(pr.averagePrecision).toBeCloseTo(5 / 6, 12);
    expect(pr.baseline).toBe(0.5);
  });

  it('a tie is one step: 0.9 (A), 0.5 (A and N tied), 0.2 (N) → AP = ½·1 + ½·⅔', () => {
    const pr = prCurve([0.5, 0.5, 0.2, 0.9], [true, false, false, true]);
    expect(pr.points.length).toBe(4);
    expect(pr.averagePrecision).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it('all scores equal: AP is the share of anomalies', () => {
    expect(prCurve([1, 1, 1, 1], [true, false, false, false]).averagePrecision).toBeCloseTo(0.25, 12);
  });

  it('all anomalous: AP 1; all normal: AP NaN with baseline 0', () => {
    expect(prCurve([0.1, 0.2], [true, true])).toMatchObject({ averagePrecision: 1, baseline: 1 });
    const none = prCurve([0.1, 0.2], [false, false]);
    expect(none.averagePrecision).toBeNaN();
    expect(none.baseline).toBe(0);
    expect(none.points).toEqual([]);
  });
});

describe('error histogram', () => {
  it('splits normal and anomalous scores into equal-width bins; the maximum lands in the last bin', () => {
    const h = errorHistogram([0, 0.25, 0.5, 1, 0.75], [false, false, true, true, false], 4);
    expect(h.edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(h.normal).toEqual([1, 1, 0, 1]);
    expect(h.anomalous).toEqual([0, 0, 1, 1]);
    expect(h.clipped).toBe(0);
  });

  it('a max below the largest scores counts the tail in the last bin and says how many were clipped', () => {
    const h = errorHistogram([0, 0.25, 0.5, 1, 0.75], [false, false, true, true, false], 4, { max: 0.5 });
    expect(h.edges).toEqual([0, 0.125, 0.25, 0.375, 0.5]);
    expect(h.normal).toEqual([1, 0, 1, 1]);
    expect(h.anomalous).toEqual([0, 0, 0, 2]);
    expect(h.clipped).toBe(2);
  });

  it('equal scores get a unit-wide range around them; no scores a [0, 1] range of empty bins', () => {
    expect(errorHistogram([1, 1], [false, true], 2)).toEqual({ edges: [0.5, 1, 1.5], normal: [0, 1], anomalous: [0, 1], clipped: 0 });
    expect(errorHistogram([], [], 2)).toEqual({ edges: [0, 0.5, 1], normal: [0, 0], anomalous: [0, 0], clipped: 0 });
    expect(() => errorHistogram([1], [true], 0)).toThrow(/bins/);
  });
});
