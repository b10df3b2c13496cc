/**
 * The latent scatter: 2-D codes of dataset samples, one series (and colour) per class, so the
 * legend names the classes and toggling one hides its points.
 */
import type { EChartsOption, ScatterSeriesOption } from 'echarts';
import { RUN_PALETTE } from '../../../shared/figures/curves.js';

export interface CodeScatterInput {
  codes: number[][];
  labels: (number | null)[];
  /** Class names by label; a label without one is shown as its number. */
  classNames: string[];
  /** Legend name for samples without a label. */
  unlabelled: string;
  axisNames: [string, string];
}

// 10+ classes: the colour-blind-safe palette first, then evenly spread hues.
const colorOf = (index: number): string => RUN_PALETTE[index] ?? `hsl(${(index * 137.5) % 360}, 65%, 45%)`;

/** Scatter option of 2-D codes coloured by label. @throws Error when a code is not 2-D */
export function buildCodeScatterOption(input: CodeScatterInput): EChartsOption {
  const groups = new Map<number | null, [number, number][]>();
  input.codes.forEach((code, i) => {
    if (code.length !== 2) throw new Error(`code ${i} has ${code.length} dimensions; the scatter draws 2-D codes only`);
    const label = input.labels[i] ?? null;
    const points = groups.get(label) ?? [];
    points.push([code[0]!, code[1]!]);
    groups.set(label, points);
  });
  const ordered = [...groups.entries()].sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity));
  const series: ScatterSeriesOption[] = ordered.map(([label, data], index) => ({
    type: 'scatter',
    name: label === null ? input.unlabelled : (input.classNames[label] ?? String(label)),
    data,
    symbolSize: 7,
    itemStyle: { color: colorOf(index), opacity: 0.8 },
  }));
  return {
    backgroundColor: '#ffffff',
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', bottom: 0, data: series.map((s) => String(s.name)) },
    grid: { left: 64, right: 24, top: 24, bottom: 64 },
    xAxis: { type: 'value', name: input.axisNames[0], nameLocation: 'middle', nameGap: 26, scale: true },
    yAxis: { type: 'value', name: input.axisNames[1], nameLocation: 'middle', nameGap: 44, scale: true },
    series,
  };
}
