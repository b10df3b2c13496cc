/**
 * The evaluation metrics through the native per-sample pass (LatentLabReconstructionStats, wasm with
 * the addon) against the same metrics from the element-wise ops on the cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MetricAccumulator } from '../../../../src/main/engine/metrics.js';
import { nativeBlas, nativeBlasStatus } from '../../../../src/main/engine/wasm-kernels/blas.js';
import { randomValues, setupNativeBackends } from './wasm-kernels/compare.js';

beforeAll(setupNativeBackends);

/** Metrics of three batches of [7, 5, 5]-shaped samples (targets in [0, 1], predictions in (0, 1), some exactly 0 or 1). */
async function metricsOn(backend: 'cpu' | 'wasm', loss: 'mse' | 'mae' | 'bce', nanAt?: number) {
  await tf.setBackend(backend);
  const accumulator = new MetricAccumulator(loss, true);
  for (let b = 0; b < 3; b++) {
    tf.tidy(() => {
      const size = 7 * 25;
      const y = randomValues(size, 10 + b).map((v) => (v > 0.3 ? 1 : v < -0.6 ? 0 : (v + 1) / 2));
      const p = randomValues(size, 20 + b).map((v) => Math.min(1, Math.max(0, v * 0.6 + 0.5)));
      if (nanAt !== undefined && b === 1) p[nanAt] = NaN;
      accumulator.add(tf.tensor4d(y, [7, 5, 5, 1]), tf.tensor4d(p, [7, 5, 5, 1]));
    });
  }
  return (await accumulator.read()) as Record<string, number>;
}

describe.runIf(nativeBlasStatus().active)('metrics through the native per-sample pass', () => {
  it.each(['mse', 'mae', 'bce'] as const)('equal the element-wise ops on cpu (loss %s)', async (loss) => {
    const expected = await metricsOn('cpu', loss);
    const spy = vi.spyOn(nativeBlas()!, 'reconstructionStats');
    const got = await metricsOn('wasm', loss);
    expect(spy).toHaveBeenCalledTimes(3);
    spy.mockRestore();
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, value] of Object.entries(expected)) {
      expect(got[name], name).toBeCloseTo(value, 5);
    }
    expect(got.maxWrongPixels).toBe(expected.maxWrongPixels);
    expect(got.loss).toBe(got[loss]);
  });

  it('report NaN for a NaN prediction, as the ops do', async () => {
    const expected = await metricsOn('cpu', 'bce', 17);
    const got = await metricsOn('wasm', 'bce', 17);
    for (const name of ['mse', 'mae', 'bce', 'loss']) {
      expect(expected[name], `cpu ${name}`).toBeNaN();
      expect(got[name], `wasm ${name}`).toBeNaN();
    }
  });
});
