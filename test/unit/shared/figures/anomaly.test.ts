import { describe, expect, it } from 'vitest';
import { errorHistogram, prCurve, rocCurve } from '../../../../src/shared/anomaly.js';
import { buildErrorHistogramOption, buildPrOption, buildRocOption } from '../../../../src/shared/figures/anomaly.js';

type Series = { name: string; type: string; data: [number, number][]; step?: string };
const seriesOf = (option: object): Series[] => (option as { series: Series[] }).series;

// Normal 0.1, 0.4; anomalous 0.35, 0.8 (hand-checked in test/unit/shared/anomaly.test.ts).
const SCORES = [0.1, 0.4, 0.35, 0.8];
const ANOMALY = [false, false, true, true];

describe('error histogram figure', () => {
  const histogram = errorHistogram([0, 0.25, 0.5, 1, 0.75], [false, false, true, true, false], 4);

  it('draws each group as a step outline over the bin edges, and the threshold as a vertical line above the tallest bin', () => {
    const [normal, anomalous, threshold] = seriesOf(buildErrorHistogramOption({ histogram, threshold: 0.6 }));
    expect(normal!.step).toBe('end');
    expect(normal!.data).toEqual([[0, 1], [0.25, 1], [0.5, 0], [0.75, 1], [1, 1]]);
    expect(anomalous!.data).toEqual([[0, 0], [0.25, 0], [0.5, 1], [0.75, 1], [1, 1]]);
    expect(threshold!.name).toBe('threshold 0.6');
    expect(threshold!.data[0]).toEqual([0.6, 0]);
    expect(threshold!.data[1]![0]).toBe(0.6);
    expect(threshold!.data[1]![1]).toBeGreaterThanOrEqual(1);
  });

  it('shares divide each group by its size; without a threshold there is no line', () => {
    const series = seriesOf(buildErrorHistogramOption({ histogram, threshold: null, share: true }));
    expect(series).toHaveLength(2);
    expect(series[0]!.data.slice(0, 4).map(([, h]) => h)).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
    expect(series[1]!.data.slice(0, 4).map(([, h]) => h)).toEqual([0, 0, 0.5, 0.5]);
  });

  it('widens the axis to a threshold beyond the last bin', () => {
    const option = buildErrorHistogramOption({ histogram, threshold: 1.5 }) as { xAxis: { max: number } };
    expect(option.xAxis.max).toBe(1.5);
  });
});

describe('ROC and PR figures', () => {
  it('ROC: the curve, the chance diagonal and the operating point', () => {
    const series = seriesOf(buildRocOption({ curve: rocCurve(SCORES, ANOMALY), curveName: 'ROC', operatingPoint: [0.5, 0.5] }));
    expect(series.map((s) => s.type)).toEqual(['line', 'line', 'scatter']);
    expect(series[0]!.data).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]);
    expect(series[1]!.data).toEqual([[0, 0], [1, 1]]);
    expect(series[2]!.data).toEqual([[0.5, 0.5]]);
  });

  it('PR: a step curve whose steps are the average-precision rectangles, the baseline at the share of anomalies; an undefined operating point is left out', () => {
    const series = seriesOf(buildPrOption({ curve: prCurve(SCORES, ANOMALY), curveName: 'PR', operatingPoint: [0, Number.NaN] }));
    expect(series).toHaveLength(2);
    expect(series[0]!.step).toBe('start');
    expect(series[1]!.data).toEqual([[0, 0.5], [1, 0.5]]);
  });
});
