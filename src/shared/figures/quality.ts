/**
 * The generative-quality chart: one category per evaluated run (and the real test set), the
 * Fréchet distance as bars on the left axis and the class coverage as bars beside them on the right
 * axis (0–100 %), so that "close to the data" and "covers every class" read together.
 * Pure module: no Node, no DOM; the `echarts` import is type-only.
 */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import type { QualityRow } from '../api.js';
import { formatMetric } from './metric-info.js';
import { RUN_PALETTE } from './curves.js';

/** Display text the caller translates; English defaults. */
export interface QualityChartLabels {
  fid: string;
  coverage: string;
}

const DEFAULT_LABELS: QualityChartLabels = { fid: 'FID (lower is better)', coverage: 'class coverage (higher is better)' };
/** The reference rows are drawn grey: they are the target, not a competitor. */
const REFERENCE_COLOR = '#999999';

export function buildQualityOption(rows: readonly QualityRow[], options: { title?: string; labels?: Partial<QualityChartLabels> } = {}): EChartsOption {
  const labels = { ...DEFAULT_LABELS, ...options.labels };
  const names = rows.map((row) => row.name);
  const fid: BarSeriesOption = {
    type: 'bar',
    name: labels.fid,
    yAxisIndex: 0,
    barMaxWidth: 48,
    // The series colour is what the legend shows; each bar may override it (the grey reference).
    itemStyle: { color: RUN_PALETTE[0] },
    data: rows.map((row) => ({ value: row.fid, itemStyle: { color: row.runId === null ? REFERENCE_COLOR : RUN_PALETTE[0] } })),
    label: { show: true, position: 'top', formatter: (p) => formatMetric(typeof p.value === 'number' ? p.value : null) },
  };
  const coverage: BarSeriesOption = {
    type: 'bar',
    name: labels.coverage,
    yAxisIndex: 1,
    barMaxWidth: 48,
    itemStyle: { color: RUN_PALETTE[1] },
    data: rows.map((row) => ({
      value: Math.round(row.coverage * 1000) / 10,
      itemStyle: { color: RUN_PALETTE[1], opacity: row.runId === null ? 0.45 : 1 },
    })),
    label: { show: true, position: 'top', formatter: '{c} %' },
  };
  return {
    backgroundColor: '#ffffff',
    animation: false,
    title: options.title ? { text: options.title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: [labels.fid, labels.coverage] },
    grid: { left: 64, right: 64, top: options.title ? 48 : 32, bottom: 72, containLabel: false },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: 140, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', name: labels.fid, nameLocation: 'middle', nameGap: 44, min: 0, axisLabel: { formatter: (v: number) => formatMetric(v) } },
      { type: 'value', name: labels.coverage, nameLocation: 'middle', nameGap: 44, min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
    ],
    series: [fid, coverage],
  };
}
