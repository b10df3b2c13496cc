/**
 * Training-curve figures: run metrics -> ECharts option.
 *
 * The renderer draws these options live and the main process can render the very same option
 * headless (ECharts SSR) for export, so what a user exports is what they saw. Pure module: no
 * Node, no DOM; the `echarts` import is type-only.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { EpochMetrics } from '../api.js';
import { formatMetric } from './metric-info.js';
import { smoothSeries } from './smoothing.js';

export type Split = 'train' | 'val';

/** One run's recorded metrics, as drawn on a curve chart. */
export interface CurveRun {
  id: number;
  /** Legend name of the run. */
  name: string;
  metrics: readonly EpochMetrics[];
}

/** Display text the caller translates; English defaults. */
export interface CurveLabels {
  train: string;
  val: string;
  epoch: string;
  /** Suffix of the faint unsmoothed line drawn under a smoothed one. */
  raw: string;
}

export interface CurveChartInput {
  /** Metric to plot, e.g. `loss`, `psnr`. */
  metric: string;
  /** Axis title for the metric; defaults to the metric name. */
  metricLabel?: string;
  runs: readonly CurveRun[];
  /** Splits to draw; default both. */
  splits?: readonly Split[];
  /** EMA weight in [0, 1); 0 draws raw values. */
  smoothing?: number;
  /** Logarithmic y axis; non-positive values cannot be drawn on it and are left out. */
  logScale?: boolean;
  title?: string;
  labels?: Partial<CurveLabels>;
  /** A horizontal target line, e.g. the run's stopWhen value, with its label. */
  target?: { value: number; label: string };
}

/** Distinct, print-safe colours (Okabe–Ito), one per run; a single run uses one per split. */
export const RUN_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

const DEFAULT_LABELS: CurveLabels = { train: 'train', val: 'val', epoch: 'epoch', raw: 'raw' };

/**
 * Points `[epoch, value]` of one metric and split, in epoch order. A later record of the same
 * epoch replaces an earlier one (a resumed run may re-record its last epoch).
 */
export function curvePoints(metrics: readonly EpochMetrics[], metric: string, split: Split): [number, number][] {
  const byEpoch = new Map<number, number>();
  for (const record of metrics) {
    if (record.split !== split) continue;
    const value = (record.values as Record<string, number | undefined>)[metric];
    if (value === undefined) continue;
    byEpoch.set(record.epoch, value);
  }
  return [...byEpoch.entries()].sort((a, b) => a[0] - b[0]);
}

/** Metric names recorded anywhere in `metrics`, in first-seen order. */
export function recordedMetrics(metrics: readonly EpochMetrics[]): string[] {
  const names = new Set<string>();
  for (const record of metrics) for (const name of Object.keys(record.values)) names.add(name);
  return [...names];
}

/**
 * Build the line chart of one metric for one or many runs: a series per run and split, train
 * solid and validation dashed. With smoothing, the smoothed line is drawn over a faint raw one.
 */
export function buildCurveOption(input: CurveChartInput): EChartsOption {
  const labels = { ...DEFAULT_LABELS, ...input.labels };
  const splits = input.splits ?? ['train', 'val'];
  const smoothing = input.smoothing ?? 0;
  const logScale = input.logScale ?? false;
  const single = input.runs.length === 1;
  const series: LineSeriesOption[] = [];

  input.runs.forEach((run, runIndex) => {
    for (const split of splits) {
      const raw = curvePoints(run.metrics, input.metric, split).map(
        ([epoch, value]): [number, number | null] => [epoch, logScale && !(value > 0) ? null : value],
      );
      if (raw.length === 0) continue;
      const color = single
        ? RUN_PALETTE[split === 'train' ? 0 : 1]
        : RUN_PALETTE[runIndex % RUN_PALETTE.length];
      const splitLabel = split === 'train' ? labels.train : labels.val;
      const name = single ? splitLabel : `${run.name} · ${splitLabel}`;
      const lineType = split === 'train' ? 'solid' : 'dashed';
      const smoothed = smoothSeries(raw.map(([, v]) => v), smoothing);
      if (smoothing > 0) {
        series.push({
          type: 'line',
          name: `${name} (${labels.raw})`,
          data: raw,
          showSymbol: false,
          silent: true,
          lineStyle: { color, width: 1, opacity: 0.25, type: lineType },
          itemStyle: { color },
          emphasis: { disabled: true },
          tooltip: { show: false },
        });
      }
      series.push({
        type: 'line',
        name,
        data: raw.map(([epoch], i) => [epoch, smoothed[i] ?? null]),
        showSymbol: raw.length <= 30,
        symbolSize: 5,
        connectNulls: false,
        lineStyle: { color, width: 2, type: lineType },
        itemStyle: { color },
      });
    }
  });

  const target = input.target;
  const firstDrawn = series.find((s) => !s.silent);
  if (target && firstDrawn && !(logScale && !(target.value > 0))) {
    firstDrawn.markLine = {
      silent: true, symbol: 'none', data: [{ yAxis: target.value, name: target.label }],
      lineStyle: { color: '#666666', type: 'dotted', width: 1.5 }, label: { formatter: target.label, position: 'insideEndTop' },
    };
  }
  const legendNames = series.filter((s) => !s.silent).map((s) => String(s.name));
  return {
    backgroundColor: '#ffffff',
    animation: false,
    title: input.title ? { text: input.title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
    tooltip: {
      trigger: 'axis',
      // The header names the epoch ("epoch 62"), not a bare "62.00".
      axisPointer: { label: { formatter: (p: { value: unknown }) => `${labels.epoch} ${Math.round(Number(p.value))}` } },
      valueFormatter: (value) => formatMetric(typeof value === 'number' ? value : null),
    },
    legend: { type: 'scroll', bottom: 0, data: legendNames },
    grid: { left: 64, right: 24, top: input.title ? 40 : 24, bottom: 56 },
    xAxis: { type: 'value', name: labels.epoch, nameLocation: 'middle', nameGap: 26, minInterval: 1, min: 'dataMin' },
    yAxis: {
      type: logScale ? 'log' : 'value',
      name: input.metricLabel ?? input.metric,
      nameLocation: 'middle',
      nameGap: 48,
      scale: !logScale,
      axisLabel: { formatter: (value: number) => formatMetric(value) },
    },
    series,
  };
}
