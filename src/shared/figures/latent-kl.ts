/**
 * The KL-per-latent-dimension bar chart of a VAE: one bar per dimension, active ones (above the
 * threshold) coloured, collapsed ones grey, the threshold as a dashed line. Pure: data → ECharts option.
 */
import type { EChartsOption } from 'echarts';
import { formatMetric } from './metric-info.js';
import { RUN_PALETTE } from './curves.js';

export interface LatentKlChartInput {
  klPerDimension: readonly number[];
  /** Active-unit threshold in nats. */
  threshold: number;
  title?: string;
  /** Display text the caller translates; English defaults. */
  labels?: Partial<{ dimension: string; kl: string; threshold: string }>;
}

const INACTIVE_COLOR = '#b0b0b0';

export function buildLatentKlOption(input: LatentKlChartInput): EChartsOption {
  const labels = { dimension: 'latent dimension', kl: 'KL (nats)', threshold: 'active threshold', ...input.labels };
  const data = input.klPerDimension.map((kl) => ({
    value: kl,
    itemStyle: { color: kl > input.threshold ? RUN_PALETTE[0] : INACTIVE_COLOR },
  }));
  return {
    backgroundColor: '#ffffff',
    animation: false,
    title: input.title ? { text: input.title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
    tooltip: { trigger: 'axis', valueFormatter: (value) => formatMetric(typeof value === 'number' ? value : null) },
    grid: { left: 64, right: 24, top: input.title ? 40 : 24, bottom: 48 },
    xAxis: {
      type: 'category',
      name: labels.dimension,
      nameLocation: 'middle',
      nameGap: 28,
      data: input.klPerDimension.map((_, i) => String(i + 1)),
    },
    yAxis: {
      type: 'value',
      name: labels.kl,
      nameLocation: 'middle',
      nameGap: 48,
      // Keep the threshold line in view when every dimension has collapsed far below it.
      max: (extent: { max: number }) => Math.max(extent.max, input.threshold * 1.5),
      axisLabel: { formatter: (value: number) => formatMetric(value) },
    },
    series: [
      {
        type: 'bar',
        name: labels.kl,
        data,
        barMaxWidth: 32,
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: RUN_PALETTE[1] },
          label: { formatter: `${labels.threshold} ${formatMetric(input.threshold)}`, position: 'insideEndTop' },
          data: [{ yAxis: input.threshold }],
        },
      },
    ],
  };
}
