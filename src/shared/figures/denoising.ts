/**
 * Error versus noise level of a denoising autoencoder: the denoised output's error and the noisy
 * input's own error (the baseline) at each level of the sweep, the training level marked.
 * Pure: data → ECharts option.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { DenoisingReport } from '../api.js';
import { RUN_PALETTE } from './curves.js';
import { formatMetric } from './metric-info.js';

export interface DenoisingChartInput {
  report: Pick<DenoisingReport, 'levels' | 'trainingLevel'>;
  /** Metric of the y axis, e.g. `mse` or `meanWrongPixels`. */
  metric: string;
  title?: string;
  /** Display text the caller translates; English defaults. */
  labels?: Partial<{ level: string; metric: string; denoised: string; noisy: string; trainingLevel: string }>;
}

/** Metrics the sweep records for the chart's metric picker: wrong pixels first on binary data. */
export function denoisingMetrics(report: Pick<DenoisingReport, 'levels'>): string[] {
  const first = report.levels[0]?.denoised ?? {};
  const preferred = ['meanWrongPixels', 'maxWrongPixels', 'mse', 'mae', 'bce', 'psnr'];
  return preferred.filter((m) => (first as Record<string, number | undefined>)[m] !== undefined);
}

export function buildDenoisingOption(input: DenoisingChartInput): EChartsOption {
  const labels = { level: 'noise level', metric: input.metric, denoised: 'denoised output', noisy: 'noisy input', trainingLevel: 'trained at', ...input.labels };
  const points = (part: 'denoised' | 'noisy'): [number, number | null][] =>
    input.report.levels.map((l) => [l.level, (l[part] as Record<string, number | undefined>)[input.metric] ?? null]);
  const series: LineSeriesOption[] = [
    {
      type: 'line',
      name: labels.denoised,
      data: points('denoised'),
      symbolSize: 6,
      lineStyle: { color: RUN_PALETTE[0], width: 2 },
      itemStyle: { color: RUN_PALETTE[0] },
      markLine: {
        silent: true,
        symbol: 'none',
        lineStyle: { type: 'dotted', color: '#666666' },
        label: { formatter: `${labels.trainingLevel} ${formatMetric(input.report.trainingLevel)}`, position: 'insideEndTop' },
        data: [{ xAxis: input.report.trainingLevel }],
      },
    },
    {
      type: 'line',
      name: labels.noisy,
      data: points('noisy'),
      symbolSize: 5,
      lineStyle: { color: RUN_PALETTE[1], width: 2, type: 'dashed' },
      itemStyle: { color: RUN_PALETTE[1] },
    },
  ];
  return {
    backgroundColor: '#ffffff',
    animation: false,
    title: input.title ? { text: input.title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatMetric(typeof value === 'number' ? value : null) },
    legend: { bottom: 0, data: [labels.denoised, labels.noisy] },
    grid: { left: 64, right: 24, top: input.title ? 40 : 24, bottom: 56 },
    xAxis: { type: 'value', name: labels.level, nameLocation: 'middle', nameGap: 26, min: 'dataMin' },
    yAxis: { type: 'value', name: labels.metric, nameLocation: 'middle', nameGap: 48, axisLabel: { formatter: (value: number) => formatMetric(value) } },
    series,
  };
}
