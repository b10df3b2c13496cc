/**
 * The one-pass binary cross-entropy (losses.ts on wasm, wasm-kernels/bce.ts) against tfjs' own
 * ops: the gradient bit-identical, the value equal to about one float32 rounding, NaN kept,
 * clipped predictions without gradient; with the native addon (when installed) and without.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installFastGradients } from '../../../../src/main/engine/gradients.js';
import { BCE_EPSILON, elementwiseBce } from '../../../../src/main/engine/losses.js';
import { nativeBlasStatus, setNativeBlasEnabled } from '../../../../src/main/engine/wasm-kernels/blas.js';
import { BCE_GRAD_KERNEL, BCE_KERNEL } from '../../../../src/main/engine/wasm-kernels/bce.js';
import { randomValues, setupNativeBackends } from './wasm-kernels/compare.js';

beforeAll(async () => {
  await setupNativeBackends();
  installFastGradients();
});
afterEach(() => setNativeBlasEnabled(true));

/** The unfused ops losses.ts runs where the kernels are absent. */
function stockBce(target: tf.Tensor, prediction: tf.Tensor): tf.Tensor {
  const p = tf.clipByValue(prediction, BCE_EPSILON, 1 - BCE_EPSILON);
  return tf.neg(tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)))));
}

/** Predictions in [−0.1, 1.1] (some clipped, two exactly at the bounds) and targets in [0, 1]. */
function inputs(): { t: tf.Tensor; p: tf.Tensor; w: tf.Tensor } {
  const pv = randomValues(600, 21).map((v) => 0.5 + 0.6 * v);
  pv[0] = BCE_EPSILON;
  pv[1] = 1 - BCE_EPSILON;
  return {
    t: tf.tensor2d(randomValues(600, 22).map((v) => (v + 1) / 2), [20, 30]),
    p: tf.tensor2d(pv, [20, 30]),
    w: tf.tensor2d(randomValues(600, 23), [20, 30]),
  };
}

function valueAndGrad(bce: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor): { value: Float32Array; grad: Float32Array } {
  return tf.tidy(() => {
    const { t, p, w } = inputs();
    const value = Float32Array.from(bce(t, p).dataSync());
    // A weighted sum, so that the upstream gradient differs per element.
    const grad = Float32Array.from(tf.grad((q: tf.Tensor) => tf.sum(tf.mul(bce(t, q), w)))(p).dataSync());
    return { value, grad };
  });
}

describe.each([
  ['native addon', true],
  ['JavaScript loops', false],
] as const)('one-pass binary cross-entropy on wasm (%s)', (_, native) => {
  it.runIf(!native || nativeBlasStatus().active)('runs as its two kernels, with the stock gradient bit for bit and the stock value to 1e-6', async () => {
    setNativeBlasEnabled(native);
    await tf.setBackend('wasm');
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    const fused = valueAndGrad(elementwiseBce);
    const names = spy.mock.calls.map(([name]) => name);
    spy.mockRestore();
    expect(names).toContain(BCE_KERNEL);
    expect(names).toContain(BCE_GRAD_KERNEL);
    const stock = valueAndGrad(stockBce);
    expect(fused.grad).toEqual(stock.grad);
    fused.value.forEach((v, i) => expect(Math.abs(v - stock.value[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(stock.value[i]!))));
    // Clipped predictions (outside [ε, 1 − ε]) get no gradient; the bounds themselves do.
    const p = inputs().p.dataSync();
    p.forEach((value, i) => {
      if (value < BCE_EPSILON || value > 1 - BCE_EPSILON) expect(fused.grad[i]).toBe(0);
    });
    expect(fused.grad[0]).not.toBe(0);
  });

  it.runIf(!native || nativeBlasStatus().active)('keeps a NaN prediction NaN (divergence stays visible)', async () => {
    setNativeBlasEnabled(native);
    await tf.setBackend('wasm');
    const value = tf.tidy(() => Array.from(elementwiseBce(tf.tensor1d([0.5, 0.2]), tf.tensor1d([Number.NaN, 0.3])).dataSync()));
    expect(value[0]).toBeNaN();
    expect(value[1]).toBeCloseTo(-(0.2 * Math.log(0.3) + 0.8 * Math.log(0.7)), 6);
  });
});

describe('binary cross-entropy on cpu', () => {
  it('stays the unfused ops (the kernels exist on wasm only)', async () => {
    await tf.setBackend('cpu');
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    valueAndGrad(elementwiseBce);
    expect(spy.mock.calls.some(([name]) => name === BCE_KERNEL)).toBe(false);
    spy.mockRestore();
  });
});
