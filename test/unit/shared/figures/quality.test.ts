import { describe, expect, it } from 'vitest';
import type { QualityRow } from '../../../../src/shared/api.js';
import { buildQualityOption } from '../../../../src/shared/figures/quality.js';
import { qualityTable } from '../../../../src/shared/tables/quality.js';

const row = (over: Partial<QualityRow>): QualityRow => ({
  runId: 1,
  name: '#1 ae',
  kind: 'dense',
  datasetId: 'mnist',
  source: 'fitted-gaussian',
  samples: 1000,
  fid: 12.5,
  coverage: 0.9,
  coveredClasses: 9,
  expectedClasses: 10,
  classHistogram: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
  entropyBits: 3.3,
  classifierAccuracy: 0.974,
  ...over,
});

const rows = [
  row({}),
  row({ runId: 2, name: '#2 gan', kind: 'gan', source: 'prior', fid: 30.25, coverage: 0.4, coveredClasses: 4 }),
  row({ runId: null, name: 'test set (mnist)', kind: 'real', source: 'real-test', fid: 4.2, coverage: 1, coveredClasses: 10 }),
];

describe('buildQualityOption', () => {
  it('draws FID and coverage (in percent, on a second axis) as bars, one category per row', () => {
    const option = buildQualityOption(rows) as {
      xAxis: { data: string[] };
      yAxis: { max?: number }[];
      series: { type: string; yAxisIndex: number; data: unknown[] }[];
    };
    expect(option.xAxis.data).toEqual(['#1 ae', '#2 gan', 'test set (mnist)']);
    const [bars, coverage] = option.series;
    expect(bars).toMatchObject({ type: 'bar', yAxisIndex: 0 });
    expect((bars!.data as { value: number }[]).map((d) => d.value)).toEqual([12.5, 30.25, 4.2]);
    expect(coverage).toMatchObject({ type: 'bar', yAxisIndex: 1 });
    expect((coverage!.data as { value: number }[]).map((d) => d.value)).toEqual([90, 40, 100]);
    expect(option.yAxis[1]!.max).toBe(100);
  });

  it('greys out the reference bar and colours the runs', () => {
    const bars = (buildQualityOption(rows) as { series: { data: { itemStyle: { color: string } }[] }[] }).series[0]!.data;
    expect(bars[2]!.itemStyle.color).toBe('#999999');
    expect(bars[0]!.itemStyle.color).not.toBe('#999999');
  });
});

describe('qualityTable', () => {
  it('lists every row and marks the lowest FID and the highest coverage among the runs, not the reference', () => {
    const table = qualityTable(rows);
    expect(table.headers).toEqual(['Run', 'Kind', 'Latent source', 'FID', 'Coverage', 'Classes covered', 'Entropy (bits)', 'Classifier accuracy']);
    expect(table.rows.map((r) => r[0]!.text)).toEqual(['#1 ae', '#2 gan', 'test set (mnist)']);
    expect(table.rows[0]!.slice(3, 6).map((c) => c.text)).toEqual(['12.5', '90.0 %', '9/10']);
    expect(table.rows[0]![3]!.strong).toBe(true);
    expect(table.rows[0]![4]!.strong).toBe(true);
    expect(table.rows[1]![3]!.strong).toBe(false);
    expect(table.rows[2]![3]!.strong).toBe(false);
    expect(table.rows[2]![7]!.text).toBe('97.4 %');
  });
});

describe('buildQualityOption legend', () => {
  it('gives each series the colour its bars have, so the legend matches the runs', () => {
    const series = (buildQualityOption(rows) as { series: { itemStyle: { color: string }; data: { itemStyle: { color: string } }[] }[] }).series;
    for (const s of series) expect(s.data[0]!.itemStyle.color).toBe(s.itemStyle.color);
  });
});
