import { describe, expect, it } from 'vitest';
import type { BarSeriesOption, LineSeriesOption } from 'echarts';
import { buildDenoisingOption, denoisingMetrics } from '../../../../src/shared/figures/denoising.js';
import { buildLatentKlOption } from '../../../../src/shared/figures/latent-kl.js';

describe('latent KL bar chart', () => {
  it('draws one bar per dimension, greys the inactive ones and marks the threshold', () => {
    const option = buildLatentKlOption({ klPerDimension: [1.5, 0.001, 0.4], threshold: 0.01 });
    const series = (option.series as BarSeriesOption[])[0]!;
    const bars = series.data as { value: number; itemStyle: { color: string } }[];
    expect(bars.map((b) => b.value)).toEqual([1.5, 0.001, 0.4]);
    expect(bars[1]!.itemStyle.color).toBe('#b0b0b0');
    expect(bars[0]!.itemStyle.color).not.toBe('#b0b0b0');
    expect((option.xAxis as { data: string[] }).data).toEqual(['1', '2', '3']);
    expect(series.markLine?.data).toEqual([{ yAxis: 0.01 }]);
    // The threshold stays in view when every bar is far below it.
    const max = (option.yAxis as { max: (extent: { max: number }) => number }).max;
    expect(max({ max: 1e-7 })).toBeCloseTo(0.015);
    expect(max({ max: 2 })).toBe(2);
  });
});

describe('denoising error chart', () => {
  const report = {
    trainingLevel: 2,
    levels: [
      { level: 0, denoised: { mse: 0.01, meanWrongPixels: 0 }, noisy: { mse: 0, meanWrongPixels: 0 } },
      { level: 2, denoised: { mse: 0.02, meanWrongPixels: 0.1 }, noisy: { mse: 0.05, meanWrongPixels: 2 } },
    ],
  };

  it('plots the denoised and the noisy error against the level, the training level marked', () => {
    const option = buildDenoisingOption({ report, metric: 'meanWrongPixels' });
    const [denoised, noisy] = option.series as LineSeriesOption[];
    expect(denoised!.data).toEqual([
      [0, 0],
      [2, 0.1],
    ]);
    expect(noisy!.data).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(denoised!.markLine?.data).toEqual([{ xAxis: 2 }]);
  });

  it('offers the wrong pixels first when the data is binary', () => {
    expect(denoisingMetrics(report)).toEqual(['meanWrongPixels', 'mse']);
  });
});
