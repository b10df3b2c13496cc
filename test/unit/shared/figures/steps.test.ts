import { describe, expect, it } from 'vitest';
import type { StepPoint } from '../../../../src/shared/api.js';
import { buildStepOption, formatStepX, stepX } from '../../../../src/shared/figures/steps.js';

const point = (step: number, loss: number): StepPoint => ({
  step, epoch: Math.ceil(step / 4), batch: ((step - 1) % 4) + 1, batchesPerEpoch: 4, elapsedMs: step * 1500, values: { loss },
});

describe('per-step figure', () => {
  it('places a point by step, by fractional epoch or by seconds', () => {
    const p = point(6, 0.5); // epoch 2, batch 2 of 4
    expect([stepX(p, 'step'), stepX(p, 'epoch'), stepX(p, 'time')]).toEqual([6, 1.5, 9]);
    expect([formatStepX(1.5, 'epoch'), formatStepX(9, 'time'), formatStepX(75, 'time'), formatStepX(6, 'step')]).toEqual(['1.5', '9', '1:15', '6']);
  });

  it('draws the batch loss, a faint raw line under a smoothed one, and leaves non-positive values off a log axis', () => {
    const points = [point(1, 1), point(2, 0), point(3, 0.25)];
    const plain = buildStepOption({ points });
    const series = plain.series as { data: [number, number | null][] }[];
    expect(series).toHaveLength(1);
    expect(series[0]!.data).toEqual([[1, 1], [2, 0], [3, 0.25]]);
    const log = buildStepOption({ points, logScale: true, smoothing: 0.5, xAxis: 'epoch' });
    const logSeries = log.series as { data: [number, number | null][]; silent?: boolean }[];
    expect(logSeries).toHaveLength(2);
    expect(logSeries[0]!.silent).toBe(true);
    expect(logSeries[0]!.data.map(([, v]) => v)).toEqual([1, null, 0.25]);
    expect((log.yAxis as { type: string }).type).toBe('log');
    expect(logSeries[1]!.data[0]![0]).toBe(0.25);
  });
});
