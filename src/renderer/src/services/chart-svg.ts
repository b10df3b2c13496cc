/**
 * An ECharts option as SVG text, rendered server-side style (no DOM) with the window's chart
 * registration: the window's SVG export, and the reference the headless figures are tested against.
 */
import type { EChartsOption } from 'echarts';
import { canonicalSvg } from '../../../shared/figures/svg.js';
import { echarts } from './echarts.js';

/** SVG text of an option rendered at `width` × `height` CSS pixels, its instance ids renumbered. */
export function optionToSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return canonicalSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
