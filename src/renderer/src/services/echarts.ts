/**
 * ECharts registration: the chart types (curves, latent scatter) and components the figure builders use, with both
 * renderers (canvas on screen, SVG for export). Imported once, before any chart mounts.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

/** What the window's charts use (MarkLine: the threshold lines of the KL and denoising charts). */
export const WINDOW_CHART_PARTS = [BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer, SVGRenderer];
echarts.use(WINDOW_CHART_PARTS);

export { echarts };
