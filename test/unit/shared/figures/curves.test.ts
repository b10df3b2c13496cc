import type { LineSeriesOption } from 'echarts';
import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../../src/shared/api.js';
import { buildCurveOption, curvePoints, recordedMetrics } from '../../../../src/shared/figures/curves.js';

const metrics: EpochMetrics[] = [
  { epoch: 1, split: 'train', values: { loss: 0.5, psnr: 10 } },
  { epoch: 1, split: 'val', values: { loss: 0.6 } },
  { epoch: 2, split: 'train', values: { loss: 0.25, psnr: 12 } },
  { epoch: 2, split: 'val', values: { loss: 0 } },
  { epoch: 3, split: 'train', values: { loss: 0.2 } },
];

const seriesOf = (option: ReturnType<typeof buildCurveOption>): LineSeriesOption[] => option.series as LineSeriesOption[];

describe('curvePoints', () => {
  it('keeps one split and metric in epoch order, the last record of an epoch winning', () => {
    const resumed: EpochMetrics[] = [...metrics, { epoch: 1, split: 'train', values: { loss: 0.45 } }];
    expect(curvePoints(resumed, 'loss', 'train')).toEqual([[1, 0.45], [2, 0.25], [3, 0.2]]);
    expect(curvePoints(metrics, 'psnr', 'val')).toEqual([]);
  });

  it('lists recorded metric names', () => {
    expect(recordedMetrics(metrics)).toEqual(['loss', 'psnr']);
  });
});

describe('buildCurveOption', () => {
  it('draws a stop target as a dotted line with its label, and names the epoch in the tooltip header', () => {
    const option = buildCurveOption({ metric: 'psnr', runs: [{ id: 1, name: 'a', metrics }], target: { value: 11, label: 'target ≤ 11' } });
    const markLine = seriesOf(option)[0]?.markLine as { data: { yAxis: number }[]; label: { formatter: string } };
    expect(markLine.data[0]?.yAxis).toBe(11);
    expect(markLine.label.formatter).toBe('target ≤ 11');
    const tooltip = option.tooltip as { axisPointer: { label: { formatter: (p: { value: number }) => string } } };
    expect(tooltip.axisPointer.label.formatter({ value: 62 })).toBe('epoch 62');
  });

  it('draws one series per split for a single run, validation dashed', () => {
    const series = seriesOf(buildCurveOption({ metric: 'loss', runs: [{ id: 1, name: 'a', metrics }] }));
    expect(series.map((s) => s.name)).toEqual(['train', 'val']);
    expect(series[0]?.data).toEqual([[1, 0.5], [2, 0.25], [3, 0.2]]);
    expect(series[1]?.lineStyle?.type).toBe('dashed');
  });

  it('draws one series per run and split, each run with its own colour', () => {
    const option = buildCurveOption({
      metric: 'loss',
      runs: [{ id: 1, name: 'a', metrics }, { id: 2, name: 'b', metrics }],
      splits: ['train', 'val'],
    });
    const series = seriesOf(option);
    expect(series.map((s) => s.name)).toEqual(['a · train', 'a · val', 'b · train', 'b · val']);
    expect(series[0]?.lineStyle?.color).toBe(series[1]?.lineStyle?.color);
    expect(series[0]?.lineStyle?.color).not.toBe(series[2]?.lineStyle?.color);
  });

  it('leaves out splits not asked for and runs without the metric', () => {
    const series = seriesOf(buildCurveOption({ metric: 'psnr', runs: [{ id: 1, name: 'a', metrics }], splits: ['train', 'val'] }));
    expect(series.map((s) => s.name)).toEqual(['train']);
  });

  it('adds a faint raw series under each smoothed one, kept out of the legend', () => {
    const option = buildCurveOption({ metric: 'loss', runs: [{ id: 1, name: 'a', metrics }], splits: ['train'], smoothing: 0.6 });
    const series = seriesOf(option);
    expect(series).toHaveLength(2);
    expect(series[0]?.silent).toBe(true);
    expect(series[0]?.data).toEqual([[1, 0.5], [2, 0.25], [3, 0.2]]);
    const smoothed = series[1]?.data as [number, number][];
    expect(smoothed[0]?.[1]).toBeCloseTo(0.5, 10);
    expect(smoothed[1]?.[1]).toBeGreaterThan(0.25);
    expect((option.legend as { data: string[] }).data).toEqual(['train']);
  });

  it('uses a log axis and drops values it cannot draw (zero, negative)', () => {
    const option = buildCurveOption({ metric: 'loss', runs: [{ id: 1, name: 'a', metrics }], logScale: true });
    expect((option.yAxis as { type: string }).type).toBe('log');
    expect(seriesOf(option)[1]?.data).toEqual([[1, 0.6], [2, null]]);
    const linear = buildCurveOption({ metric: 'loss', runs: [{ id: 1, name: 'a', metrics }] });
    expect((linear.yAxis as { type: string }).type).toBe('value');
    expect(seriesOf(linear)[1]?.data).toEqual([[1, 0.6], [2, 0]]);
  });

  it('uses the translated labels it is given', () => {
    const option = buildCurveOption({
      metric: 'loss',
      metricLabel: 'Perda',
      runs: [{ id: 1, name: 'a', metrics }],
      labels: { train: 'treino', val: 'validação', epoch: 'época' },
    });
    expect(seriesOf(option).map((s) => s.name)).toEqual(['treino', 'validação']);
    expect((option.xAxis as { name: string }).name).toBe('época');
    expect((option.yAxis as { name: string }).name).toBe('Perda');
  });
});
