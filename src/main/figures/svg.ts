/**
 * Headless ECharts: the figure builders' options rendered in the main process with the SVG
 * renderer in server-side mode (no DOM), the very call the window's SVG export makes, so a figure
 * from the CLI or a report is the chart the window shows.
 */
import type { EChartsOption } from 'echarts';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { canonicalSvg } from '../../shared/figures/svg.js';

/** The window's chart parts (renderer/services/echarts.ts) but its canvas renderer: a test keeps the two lists equal. */
export const HEADLESS_CHART_PARTS = [BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, SVGRenderer];
echarts.use(HEADLESS_CHART_PARTS);

/** Size of a chart figure in CSS pixels (the window's chart area at its usual size). */
export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 800, height: 380 };

/** SVG text of `option` rendered at `width` × `height`, its ECharts ids renumbered (see canonicalSvg). */
export function renderOptionSvg(option: EChartsOption, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    return canonicalSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
