/**
 * The latent lab's plane: encoded samples as a scatter coloured by class (one series per class,
 * so the legend names them), the decoded point as a crosshair, and optional overlays (the
 * interpolation path, generated codes). Axes are fixed to the plane extent so that the plot does
 * not move while the user drags across it. Pure: data → ECharts option.
 */
import type { EChartsOption, ScatterSeriesOption, SeriesOption } from 'echarts';
import { RUN_PALETTE } from './curves.js';

export interface LatentScatterInput {
  points: [number, number][];
  labels: (number | null)[];
  /** Class names by label; a label without one is shown as its number. */
  classNames: string[];
  /** Legend name of samples without a label. */
  unlabelled: string;
  axisNames: [string, string];
  extent: { x: [number, number]; y: [number, number] };
  /** The point last decoded (crosshair), if any. */
  marker?: [number, number] | null;
  /** Plane points of an interpolation, drawn as a line from A to B. */
  path?: [number, number][];
  /** Plane points of generated codes (fitted-Gaussian samples, perturbed codes). */
  generated?: [number, number][];
  /** Names of the overlay series in the legend. */
  overlayNames?: { path: string; generated: string };
  /** Samples picked for the interpolation, by point index, drawn larger. */
  picked?: number[];
}

/**
 * Colour of the n-th class: the colour-blind-safe palette first, then golden-angle hues in three
 * lightness and saturation tiers, so that 32+ classes (the font) stay distinguishable side by side.
 */
export const classColor = (index: number): string => {
  const fixed = RUN_PALETTE[index];
  if (fixed) return fixed;
  const k = index - RUN_PALETTE.length;
  const tier = k % 3;
  return `hsl(${Math.round((k * 137.508) % 360)}, ${[70, 55, 85][tier]}%, ${[42, 60, 30][tier]}%)`;
};

/** The extent of `points` with 5% padding on each side (a square 1×1 around a single point). */
export function paddedExtent(points: readonly (readonly [number, number])[]): { x: [number, number]; y: [number, number] } {
  const axis = (values: number[]): [number, number] => {
    if (values.length === 0) return [-1, 1];
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = hi > lo ? (hi - lo) * 0.05 : 0.5;
    return [lo - pad, hi + pad];
  };
  return { x: axis(points.map((p) => p[0])), y: axis(points.map((p) => p[1])) };
}

/** Class names that are single glyphs (the font's characters): points then carry them as labels. */
export const glyphLabels = (classNames: readonly string[]): boolean => classNames.length > 0 && classNames.every((name) => [...name].length === 1);

/** Index of the point nearest to `target`, or -1 when there are none. */
export function nearestPoint(points: readonly (readonly [number, number])[], target: readonly [number, number]): number {
  let best = -1;
  let bestDistance = Infinity;
  points.forEach(([x, y], i) => {
    const distance = (x - target[0]) ** 2 + (y - target[1]) ** 2;
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

const round = (v: number): number => Number(v.toPrecision(4));

export function buildLatentScatterOption(input: LatentScatterInput): EChartsOption {
  const groups = new Map<number | null, [number, number][]>();
  input.points.forEach((point, i) => {
    const label = input.labels[i] ?? null;
    const list = groups.get(label) ?? [];
    list.push(point);
    groups.set(label, list);
  });
  const ordered = [...groups.entries()].sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity));
  const glyphs = glyphLabels(input.classNames);
  const series: SeriesOption[] = ordered.map(([label, data], index): ScatterSeriesOption => ({
    type: 'scatter',
    name: label === null ? input.unlabelled : (input.classNames[label] ?? String(label)),
    data,
    symbolSize: 8,
    itemStyle: { color: classColor(index), opacity: 0.85, borderColor: '#ffffff', borderWidth: 0.5 },
    // The font's points say which character they are: 32 colours alone cannot.
    label: glyphs ? { show: true, formatter: label === null ? '' : (input.classNames[label] ?? ''), position: 'top', fontSize: 11, color: classColor(index) } : undefined,
    emphasis: { scale: 1.6 },
  }));
  if (input.picked && input.picked.length > 0) {
    series.push({
      type: 'scatter',
      name: 'picked',
      data: input.picked.map((i) => input.points[i]).filter((p): p is [number, number] => p !== undefined),
      symbolSize: 16,
      itemStyle: { color: 'transparent', borderColor: '#111111', borderWidth: 2 },
      silent: true,
      z: 4,
    });
  }
  if (input.path && input.path.length > 0) {
    series.push({
      type: 'line',
      name: input.overlayNames?.path ?? 'path',
      data: input.path,
      symbol: 'circle',
      symbolSize: 5,
      lineStyle: { color: '#333333', width: 1.5, type: 'dashed' },
      itemStyle: { color: '#333333' },
      silent: true,
      z: 3,
    });
  }
  if (input.generated && input.generated.length > 0) {
    series.push({
      type: 'scatter',
      name: input.overlayNames?.generated ?? 'generated',
      data: input.generated,
      symbol: 'diamond',
      symbolSize: 9,
      itemStyle: { color: '#ffffff', borderColor: '#333333', borderWidth: 1.5 },
      silent: true,
      z: 3,
    });
  }
  if (input.marker) {
    const [x, y] = input.marker;
    const { x: xs, y: ys } = input.extent;
    // The crosshair as two line series (no markLine component needed), under the marker.
    const hair = (data: [number, number][]): SeriesOption => ({
      type: 'line',
      name: 'crosshair',
      data,
      symbol: 'none',
      lineStyle: { color: '#d03050', type: 'dashed', width: 1 },
      silent: true,
      z: 4,
    });
    series.push(hair([[x, ys[0]], [x, ys[1]]]), hair([[xs[0], y], [xs[1], y]]), {
      type: 'scatter',
      name: 'decoded',
      data: [input.marker],
      symbol: 'circle',
      symbolSize: 14,
      itemStyle: { color: 'rgba(208, 48, 80, 0.2)', borderColor: '#d03050', borderWidth: 2 },
      silent: true,
      z: 5,
    });
  }
  const legendNames = ordered.map(([label]) => (label === null ? input.unlabelled : (input.classNames[label] ?? String(label))));
  return {
    backgroundColor: '#ffffff',
    animation: false,
    tooltip: { show: false },
    legend: { type: 'scroll', bottom: 0, data: legendNames },
    grid: { left: 56, right: 20, top: 16, bottom: 64 },
    xAxis: { type: 'value', name: input.axisNames[0], nameLocation: 'middle', nameGap: 26, min: round(input.extent.x[0]), max: round(input.extent.x[1]), axisLabel: { formatter: (v: number) => String(round(v)), showMinLabel: false, showMaxLabel: false } },
    yAxis: { type: 'value', name: input.axisNames[1], nameLocation: 'middle', nameGap: 38, min: round(input.extent.y[0]), max: round(input.extent.y[1]), axisLabel: { formatter: (v: number) => String(round(v)), showMinLabel: false, showMaxLabel: false } },
    series,
  };
}
