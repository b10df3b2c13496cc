import { describe, expect, it } from 'vitest';
import { smoothSeries } from '../../../../src/shared/figures/smoothing.js';

describe('smoothSeries', () => {
  it('returns the values unchanged at weight 0', () => {
    expect(smoothSeries([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('starts on the first value thanks to bias correction', () => {
    const smoothed = smoothSeries([10, 10, 10], 0.9);
    for (const v of smoothed) expect(v).toBeCloseTo(10, 10);
  });

  it('damps a spike more as the weight grows', () => {
    const values = [1, 1, 1, 11, 1];
    const light = smoothSeries(values, 0.3)[3] ?? 0;
    const heavy = smoothSeries(values, 0.9)[3] ?? 0;
    expect(light).toBeLessThan(11);
    expect(heavy).toBeLessThan(light);
    expect(heavy).toBeGreaterThan(1);
  });

  it('matches the debiased EMA formula', () => {
    // w=0.5: a1 = 0.5*2 = 1, d1 = 0.5 -> 2; a2 = 0.5*1 + 0.5*4 = 2.5, d2 = 0.75 -> 3.333…
    const [first, second] = smoothSeries([2, 4], 0.5);
    expect(first).toBeCloseTo(2, 12);
    expect(second).toBeCloseTo(10 / 3, 12);
  });

  it('passes gaps through as null without disturbing the average', () => {
    expect(smoothSeries([2, null, Number.NaN, 2], 0.8)).toEqual([2, null, null, expect.closeTo(2, 10)]);
  });

  it('rejects a weight outside [0, 1)', () => {
    expect(() => smoothSeries([1], 1)).toThrow(/smoothing weight must be in \[0, 1\), got 1/);
    expect(() => smoothSeries([1], -0.1)).toThrow(RangeError);
  });
});
