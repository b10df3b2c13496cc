/**
 * Chart export exactly as shown: PNG from the live chart at twice its pixel density, SVG by
 * re-rendering the live chart's current option (legend selection included) with the SVG
 * renderer at the same size.
 */
import type { EChartsOption } from 'echarts';
import type { EChartsType } from 'echarts/core';
import { optionToSvg } from './chart-svg.js';
import { dataUrlToBytes, exportFile, fileSlug, MIME } from './export-file.js';

/** PNG bytes of the chart as displayed, at pixel ratio 2. */
export function chartToPng(chart: EChartsType): Uint8Array {
  return dataUrlToBytes(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }));
}

/** SVG of the live chart: its current option (what the user toggled included) at its size. */
export function chartToSvg(chart: EChartsType): string {
  return optionToSvg(chart.getOption() as EChartsOption, chart.getWidth(), chart.getHeight());
}

/** Export a chart in `format` under a name built from `baseName`; resolves to where it went. */
export function exportChart(chart: EChartsType, baseName: string, format: 'png' | 'svg'): Promise<string | null> {
  const name = `${fileSlug(baseName)}.${format}`;
  return format === 'png' ? exportFile(name, chartToPng(chart), MIME.png) : exportFile(name, chartToSvg(chart), MIME.svg);
}
