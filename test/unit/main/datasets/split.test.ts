import { describe, expect, it } from 'vitest';
import { datasetRefSchema } from '../../../../src/shared/config.js';
import { prepareSplits } from '../../../../src/main/datasets/split.js';
import type { LoadedDataset, Split } from '../../../../src/main/datasets/types.js';

/** n one-value samples whose value encodes the index, labels i % 3. */
function split(n: number, offset = 0): Split {
  return { x: Float32Array.from({ length: n }, (_, i) => (i + offset) / 1000), labels: Int32Array.from({ length: n }, (_, i) => i % 3), n };
}
function dataset(train: Split, test: Split | null): LoadedDataset {
  const info = { id: 't', title: 't', description: '', sampleShape: [1], binary: false, classNames: ['a', 'b', 'c'], trainCount: train.n, testCount: test?.n ?? 0, source: 'synthetic' as const, available: true, location: null, howToGet: null, downloadable: false };
  return { info, sampleShape: [1], binary: false, classNames: ['a', 'b', 'c'], train, test };
}
const ref = (r: object) => datasetRefSchema.parse({ id: 't', ...r });

describe('prepareSplits', () => {
  it('uses the test split as validation, without copying when nothing is filtered', () => {
    const ds = dataset(split(30), split(9, 500));
    const { train, val } = prepareSplits(ds, ref({}), 1);
    expect(train.x.buffer).toBe(ds.train.x.buffer);
    expect(val.n).toBe(9);
    expect(val.x[0]).toBeCloseTo(0.5);
  });

  it('filters classes in both splits and applies the limits to the first samples', () => {
    const { train, val } = prepareSplits(dataset(split(30), split(9, 500)), ref({ classes: [2], trainLimit: 4, valLimit: 2 }), 1);
    expect(Array.from(train.labels ?? [])).toEqual([2, 2, 2, 2]);
    expect(Array.from(train.x, (v) => Math.round(v * 1000))).toEqual([2, 5, 8, 11]);
    expect(Array.from(val.x, (v) => Math.round(v * 1000))).toEqual([502, 505]);
  });

  it('holds out a seeded fraction when there is no test split: same seed, same split; disjoint and complete', () => {
    const ds = dataset(split(100), null);
    const a = prepareSplits(ds, ref({ valFraction: 0.2 }), 7);
    const b = prepareSplits(ds, ref({ valFraction: 0.2 }), 7);
    const c = prepareSplits(ds, ref({ valFraction: 0.2 }), 8);
    expect([a.train.n, a.val.n]).toEqual([80, 20]);
    expect(a.val.x).toEqual(b.val.x);
    expect(a.val.x).not.toEqual(c.val.x);
    const all = [...a.train.x, ...a.val.x].map((v) => Math.round(v * 1000)).sort((p, q) => p - q);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('validates on the training set itself when valFraction is 0', () => {
    const { train, val } = prepareSplits(dataset(split(32), null), ref({ valFraction: 0 }), 3);
    expect(train.n).toBe(32);
    expect(val.x).toEqual(train.x);
  });

  it('rejects a class the dataset does not have', () => {
    expect(() => prepareSplits(dataset(split(10), null), ref({ classes: [5] }), 1)).toThrow(/has classes 0\.\.2; no class 5/);
  });
});

describe('prepareSplits for anomaly detection (normal classes)', () => {
  it('trains and validates on the normal classes only, and evaluates every class of the test split', () => {
    const { train, val, evaluation } = prepareSplits(dataset(split(30), split(9, 500)), ref({ trainLimit: 3 }), 1, [0]);
    expect(Array.from(train.labels ?? [])).toEqual([0, 0, 0]);
    expect(Array.from(val.labels ?? [])).toEqual([0, 0, 0]);
    expect(Array.from(evaluation?.labels ?? [])).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(Array.from(evaluation?.x ?? [], (v) => Math.round(v * 1000))).toEqual([500, 501, 502, 503, 504, 505, 506, 507, 508]);
  });

  it('without a test split, the hold-out is drawn from every class: its normal part validates, all of it is evaluated', () => {
    const { train, val, evaluation } = prepareSplits(dataset(split(60), null), ref({ valFraction: 0.5 }), 4, [1, 2]);
    expect(evaluation?.n).toBe(30);
    const labels = Array.from(evaluation?.labels ?? []);
    expect(new Set(labels)).toEqual(new Set([0, 1, 2]));
    expect(val.n).toBe(labels.filter((l) => l !== 0).length);
    expect(train.n).toBe(40 - val.n);
    expect(Array.from(train.labels ?? []).every((l) => l !== 0)).toBe(true);
    // Training and evaluation samples never overlap.
    const trainValues = new Set(Array.from(train.x));
    expect(Array.from(evaluation?.x ?? []).some((v) => trainValues.has(v))).toBe(false);
  });

  it('names a normal class the dataset (or the class filter) does not have', () => {
    expect(() => prepareSplits(dataset(split(9), null), ref({}), 1, [7])).toThrow(/anomaly\.normalClasses: class 7 is not among/);
    expect(() => prepareSplits(dataset(split(9), null), ref({ classes: [0, 1] }), 1, [2])).toThrow(/class 2/);
  });

  it('is null without normal classes', () => {
    expect(prepareSplits(dataset(split(9), null), ref({}), 1).evaluation).toBeNull();
  });
});
