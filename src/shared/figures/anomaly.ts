/**
 * Anomaly-detection figures: the error histogram of normal vs anomalous samples with the
 * threshold line, and the ROC and precision-recall curves with the current operating point.
 * Data → ECharts option; pure module (the `echarts` import is type-only).
 */
import type { EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { ErrorHistogram, PrCurve, RocCurve } from '../anomaly.js';
import { formatMetric } from './metric-info.js';

/** Display text the caller translates; English defaults. */
export interface AnomalyFigureLabels {
  normal: string;
  anomalous: string;
  /** x axis of the histogram, e.g. "reconstruction error (MSE)". */
  error: string;
  /** y axis of the histogram: counts, or shares of each group. */
  count: string;
  share: string;
  threshold: string;
  falsePositiveRate: string;
  truePositiveRate: string;
  recall: string;
  precision: string;
  /** Legend of the chance line (ROC diagonal, PR baseline). */
  chance: string;
  /** Legend of the operating point at the current threshold. */
  operatingPoint: string;
}

const DEFAULT_LABELS: AnomalyFigureLabels = {
  normal: 'normal',
  anomalous: 'anomalous',
  error: 'reconstruction error',
  count: 'samples',
  share: 'share of the group',
  threshold: 'threshold',
  falsePositiveRate: 'false-positive rate',
  truePositiveRate: 'true-positive rate (recall)',
  recall: 'recall',
  precision: 'precision',
  chance: 'chance',
  operatingPoint: 'at the threshold',
};

/** Okabe–Ito: blue for normal, vermilion for anomalous, black for the threshold. */
export const ANOMALY_COLORS = { normal: '#0072B2', anomalous: '#D55E00', threshold: '#000000', chance: '#999999' } as const;

const base = (title: string | undefined): Pick<EChartsOption, 'backgroundColor' | 'animation' | 'title'> => ({
  backgroundColor: '#ffffff',
  animation: false,
  title: title ? { text: title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
});

export interface HistogramChartInput {
  histogram: ErrorHistogram;
  /** Where the threshold line goes; null draws none. */
  threshold: number | null;
  /** Divide each group's counts by its size, so a small anomalous group stays visible. */
  share?: boolean;
  title?: string;
  labels?: Partial<AnomalyFigureLabels>;
}

/** Step outline of one group: [left edge, height] per bin, then the last right edge. */
function histogramSteps(edges: number[], heights: number[]): [number, number][] {
  const points = heights.map((h, i): [number, number] => [edges[i] as number, h]);
  points.push([edges[edges.length - 1] as number, heights[heights.length - 1] ?? 0]);
  return points;
}

/** Two filled step histograms on one value axis (so the threshold line sits at its exact error). */
export function buildErrorHistogramOption(input: HistogramChartInput): EChartsOption {
  const labels = { ...DEFAULT_LABELS, ...input.labels };
  const { edges, normal, anomalous } = input.histogram;
  const scale = (counts: number[]): number[] => {
    const total = counts.reduce((a, b) => a + b, 0);
    return input.share ? counts.map((c) => (total > 0 ? c / total : 0)) : counts;
  };
  const group = (name: string, counts: number[], color: string): LineSeriesOption => ({
    type: 'line',
    name,
    step: 'end',
    data: histogramSteps(edges, scale(counts)),
    showSymbol: false,
    lineStyle: { color, width: 1.5 },
    itemStyle: { color },
    areaStyle: { color, opacity: 0.3 },
  });
  const series: LineSeriesOption[] = [group(labels.normal, normal, ANOMALY_COLORS.normal), group(labels.anomalous, anomalous, ANOMALY_COLORS.anomalous)];
  const hasThreshold = input.threshold !== null && Number.isFinite(input.threshold);
  const thresholdName = hasThreshold ? `${labels.threshold} ${formatMetric(input.threshold)}` : '';
  if (hasThreshold) {
    // A two-point line series rather than a markLine: it needs no extra ECharts component and shows in the legend.
    const top = Math.max(...series.flatMap((s) => (s.data as [number, number][]).map(([, h]) => h)), 0) * 1.05 || 1;
    series.push({
      type: 'line',
      name: thresholdName,
      data: [[input.threshold as number, 0], [input.threshold as number, top]],
      showSymbol: false,
      silent: true,
      lineStyle: { color: ANOMALY_COLORS.threshold, width: 2 },
      itemStyle: { color: ANOMALY_COLORS.threshold },
      z: 5,
    });
  }
  return {
    ...base(input.title),
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatMetric(typeof value === 'number' ? value : null) },
    legend: { bottom: 0, data: [labels.normal, labels.anomalous, ...(hasThreshold ? [thresholdName] : [])] },
    grid: { left: 64, right: 24, top: input.title ? 40 : 24, bottom: 56 },
    xAxis: {
      type: 'value',
      name: labels.error,
      nameLocation: 'middle',
      nameGap: 26,
      min: edges[0],
      max: Math.max(edges[edges.length - 1] as number, hasThreshold ? (input.threshold as number) : -Infinity),
      axisLabel: { formatter: (value: number) => formatMetric(value) },
    },
    yAxis: { type: 'value', name: input.share ? labels.share : labels.count, nameLocation: 'middle', nameGap: 48 },
    series,
  };
}

export interface CurveFigureInput<C> {
  curve: C;
  /** The detector at the current threshold: [x, y] on the curve's axes; null draws none. */
  operatingPoint: [number, number] | null;
  title?: string;
  labels?: Partial<AnomalyFigureLabels>;
}

function operatingPointSeries(name: string, point: [number, number] | null): ScatterSeriesOption[] {
  if (!point || !point.every(Number.isFinite)) return [];
  return [{ type: 'scatter', name, data: [point], symbolSize: 12, itemStyle: { color: ANOMALY_COLORS.threshold }, z: 10 }];
}

function unitAxis(name: string, gap: number): EChartsOption['xAxis'] {
  return { type: 'value', name, nameLocation: 'middle', nameGap: gap, min: 0, max: 1, axisLabel: { formatter: (value: number) => formatMetric(value) } };
}

function curveOption(title: string | undefined, xName: string, yName: string, series: (LineSeriesOption | ScatterSeriesOption)[]): EChartsOption {
  return {
    ...base(title),
    tooltip: { trigger: 'item', valueFormatter: (value) => formatMetric(typeof value === 'number' ? value : null) },
    legend: { bottom: 0, data: series.map((s) => String(s.name)) },
    grid: { left: 64, right: 24, top: title ? 40 : 24, bottom: 56 },
    xAxis: unitAxis(xName, 26),
    yAxis: unitAxis(yName, 44) as EChartsOption['yAxis'],
    series,
  };
}

/** ROC curve (false-positive rate → true-positive rate) with the chance diagonal. */
export function buildRocOption(input: CurveFigureInput<RocCurve> & { curveName: string }): EChartsOption {
  const labels = { ...DEFAULT_LABELS, ...input.labels };
  return curveOption(input.title, labels.falsePositiveRate, labels.truePositiveRate, [
    { type: 'line', name: input.curveName, data: input.curve.points, showSymbol: false, lineStyle: { color: ANOMALY_COLORS.anomalous, width: 2 }, itemStyle: { color: ANOMALY_COLORS.anomalous } },
    { type: 'line', name: labels.chance, data: [[0, 0], [1, 1]], showSymbol: false, silent: true, lineStyle: { color: ANOMALY_COLORS.chance, type: 'dashed', width: 1 }, itemStyle: { color: ANOMALY_COLORS.chance } },
    ...operatingPointSeries(labels.operatingPoint, input.operatingPoint),
  ]);
}

/** Precision-recall curve (a step line, matching average precision) with the chance baseline (the share of anomalies). */
export function buildPrOption(input: CurveFigureInput<PrCurve> & { curveName: string }): EChartsOption {
  const labels = { ...DEFAULT_LABELS, ...input.labels };
  const baseline = Number.isFinite(input.curve.baseline) ? input.curve.baseline : 0;
  return curveOption(input.title, labels.recall, labels.precision, [
    { type: 'line', name: input.curveName, step: 'start', data: input.curve.points, showSymbol: false, lineStyle: { color: ANOMALY_COLORS.normal, width: 2 }, itemStyle: { color: ANOMALY_COLORS.normal } },
    { type: 'line', name: labels.chance, data: [[0, baseline], [1, baseline]], showSymbol: false, silent: true, lineStyle: { color: ANOMALY_COLORS.chance, type: 'dashed', width: 1 }, itemStyle: { color: ANOMALY_COLORS.chance } },
    ...operatingPointSeries(labels.operatingPoint, input.operatingPoint),
  ]);
}
