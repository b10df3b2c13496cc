/**
 * Per-step figure: the batch loss every N steps → ECharts option, with the x axis as the step, the
 * (fractional) epoch or the wall time since training began; smoothing and a log scale as on the
 * epoch charts. Pure module: no Node, no DOM; the `echarts` import is type-only.
 */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { StepPoint } from '../api.js';
import { RUN_PALETTE } from './curves.js';
import { formatMetric } from './metric-info.js';
import { smoothSeries } from './smoothing.js';

export const STEP_AXES = ['step', 'epoch', 'time'] as const;
export type StepAxis = (typeof STEP_AXES)[number];

export interface StepChartLabels {
  /** Axis titles of each x-axis choice. */
  step: string;
  epoch: string;
  time: string;
  /** Name of the series and the y axis, e.g. "batch loss". */
  value: string;
  raw: string;
}

export interface StepChartInput {
  points: readonly StepPoint[];
  /** Which per-step value to draw; default `loss`. */
  metric?: string;
  xAxis?: StepAxis;
  /** EMA weight in [0, 1). */
  smoothing?: number;
  logScale?: boolean;
  labels?: Partial<StepChartLabels>;
}

const DEFAULT_LABELS: StepChartLabels = { step: 'step', epoch: 'epoch', time: 'time (s)', value: 'batch loss', raw: 'raw' };

/** The x value of a point: its step, its epoch with the fraction done (2.5 = half way through epoch 2), or seconds. */
export function stepX(point: StepPoint, axis: StepAxis): number {
  if (axis === 'step') return point.step;
  if (axis === 'time') return point.elapsedMs / 1000;
  return point.batchesPerEpoch > 0 ? point.epoch - 1 + point.batch / point.batchesPerEpoch : point.epoch;
}

/** Axis tick text: whole steps, epochs to two decimals, seconds as m:ss past a minute. */
export function formatStepX(value: number, axis: StepAxis): string {
  if (axis === 'step') return String(Math.round(value));
  if (axis === 'epoch') return String(Number(value.toFixed(2)));
  if (value < 60) return `${Number(value.toFixed(1))}`;
  const seconds = Math.round(value);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function buildStepOption(input: StepChartInput): EChartsOption {
  const labels = { ...DEFAULT_LABELS, ...input.labels };
  const axis = input.xAxis ?? 'step';
  const metric = input.metric ?? 'loss';
  const logScale = input.logScale ?? false;
  const smoothing = input.smoothing ?? 0;
  const raw = input.points.flatMap((p): [number, number | null][] => {
    const value = p.values[metric];
    if (value === undefined) return [];
    return [[stepX(p, axis), logScale && !(value > 0) ? null : value]];
  });
  const smoothed = smoothSeries(raw.map(([, v]) => v), smoothing);
  const color = RUN_PALETTE[0];
  const series: LineSeriesOption[] = [];
  if (smoothing > 0) {
    series.push({
      type: 'line', name: `${labels.value} (${labels.raw})`, data: raw, showSymbol: false, silent: true,
      lineStyle: { color, width: 1, opacity: 0.25 }, itemStyle: { color }, emphasis: { disabled: true }, tooltip: { show: false },
    });
  }
  series.push({
    type: 'line', name: labels.value, data: raw.map(([x], i) => [x, smoothed[i] ?? null]),
    showSymbol: raw.length <= 60, symbolSize: 4, lineStyle: { color, width: 1.5 }, itemStyle: { color },
  });
  return {
    backgroundColor: '#ffffff',
    animation: false,
    tooltip: {
      trigger: 'axis',
      axisPointer: { label: { formatter: (p: { value: unknown }) => `${labels[axis]} ${formatStepX(Number(p.value), axis)}` } },
      valueFormatter: (value) => formatMetric(typeof value === 'number' ? value : null),
    },
    legend: { bottom: 0, data: [labels.value] },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    xAxis: {
      type: 'value', name: labels[axis], nameLocation: 'middle', nameGap: 26, min: 'dataMin',
      minInterval: axis === 'step' ? 1 : undefined, axisLabel: { formatter: (value: number) => formatStepX(value, axis) },
    },
    yAxis: {
      type: logScale ? 'log' : 'value', name: labels.value, nameLocation: 'middle', nameGap: 48, scale: !logScale,
      axisLabel: { formatter: (value: number) => formatMetric(value) },
    },
    series,
  };
}
