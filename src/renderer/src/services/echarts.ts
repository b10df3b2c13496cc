/**
 * ECharts registration: the chart types (curves, latent scatter) and components the figure builders use, with both
 * renderers (canvas on screen, SVG for export). Imported once, before any chart mounts.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

// MarkLine: the threshold lines of the KL and denoising charts.
echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
