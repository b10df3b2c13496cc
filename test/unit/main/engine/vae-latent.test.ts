/**
 * A VAE's latent step as one op each way (wasm-kernels/vae-latent.ts, through vae-math's
 * sampleLatent) against the element-wise ops it replaces: the same sample and KL per dimension,
 * and the same gradients for the mean and the log-variance.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installFastGradients, setFastGradientsEnabled } from '../../../../src/main/engine/gradients.js';
import { sampleLatent } from '../../../../src/main/engine/kinds/vae/vae-math.js';
import { VAE_LATENT_GRAD_KERNEL, VAE_LATENT_KERNEL } from '../../../../src/main/engine/wasm-kernels/vae-latent.js';
import { randomValues, setupBackends } from './wasm-kernels/compare.js';

beforeAll(async () => {
  await setupBackends();
  installFastGradients();
});
afterEach(() => setFastGradientsEnabled(true));

const [B, L] = [12, 5];
const tensor = (seed: number, scale = 1) => tf.tensor2d(randomValues(B * L, seed).map((v) => v * scale), [B, L]);

/** z, klByDim, and the gradients of Σ z·w + 0.7·Σ kl·v for the mean and the log-variance. */
function run(): { values: Float32Array[]; kernels: string[] } {
  const spy = vi.spyOn(tf.engine(), 'runKernel');
  const values = tf.tidy(() => {
    const epsilon = tensor(3);
    const w = tensor(4);
    const v = tf.tensor1d(randomValues(L, 5));
    const parts = (mean: tf.Tensor, logVar: tf.Tensor) => sampleLatent(mean, logVar, epsilon);
    const { z, klByDim } = parts(tensor(1), tensor(2, 2));
    const [dMean, dLogVar] = tf.grads((mean: tf.Tensor, logVar: tf.Tensor) => {
      const out = parts(mean, logVar);
      return tf.add(tf.sum(tf.mul(out.z, w)), tf.mul(0.7, tf.sum(tf.mul(out.klByDim, v))));
    })([tensor(1), tensor(2, 2)]);
    return [z, klByDim, dMean!, dLogVar!].map((t) => Float32Array.from(t.dataSync()));
  });
  const kernels = spy.mock.calls.map(([name]) => name);
  spy.mockRestore();
  return { values, kernels };
}

describe('the fused VAE latent step on wasm', () => {
  it('gives the element-wise ops\' sample, KL and gradients', async () => {
    await tf.setBackend('wasm');
    const fused = run();
    setFastGradientsEnabled(false);
    const ops = run();
    expect(fused.kernels).toContain(VAE_LATENT_KERNEL);
    expect(fused.kernels).toContain(VAE_LATENT_GRAD_KERNEL);
    expect(ops.kernels).not.toContain(VAE_LATENT_KERNEL);
    expect(fused.kernels.length).toBeLessThan(ops.kernels.length / 2);
    ops.values.forEach((expected, i) => {
      expect(fused.values[i]!.length).toBe(expected.length);
      expected.forEach((value, k) => expect(fused.values[i]![k], `output ${i}[${k}]`).toBeCloseTo(value, 5));
    });
  });
});
