/**
 * The replaced gradients (engine/gradients.ts) against tfjs' own gradient expressions, written out
 * here as the stock gradient functions compute them: bit-identical on cpu, on wasm with the
 * JavaScript loops and on wasm with the native addon (when installed); and each one-pass kernel
 * really runs on wasm.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installFastGradients, setFastGradientsEnabled } from '../../../../src/main/engine/gradients.js';
import { nativeBlas, nativeBlasStatus, setNativeBlasEnabled } from '../../../../src/main/engine/wasm-kernels/blas.js';
import { SIGMOID_GRAD_KERNEL, SQUARED_DIFFERENCE_GRAD_KERNEL } from '../../../../src/main/engine/wasm-kernels/elementwise-grads.js';
import { randomValues, setupNativeBackends } from './wasm-kernels/compare.js';

beforeAll(async () => {
  await setupNativeBackends();
  installFastGradients();
});
afterEach(() => setNativeBlasEnabled(true));

const SHAPE = [6, 35];
const x = () => tf.tensor2d(randomValues(210, 11), SHAPE as [number, number]);
const t = () => tf.tensor2d(randomValues(210, 12).map((v) => (v + 1) / 2), SHAPE as [number, number]);
/** Upstream gradients that are not all equal, so that dy really enters each product. */
const w = () => tf.tensor2d(randomValues(210, 13), SHAPE as [number, number]);

/** Gradients through mean, squared difference and sigmoid, as the replaced gradients compute them. */
function replaced(): Float32Array[] {
  return tf.tidy(() => {
    const [gx, gt] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.add(tf.mean(tf.squaredDifference(b, tf.sigmoid(a))), tf.mean(tf.mul(tf.mean(a, 0), w().slice(0, 1).reshape([35])))))([x(), t()]);
    const gSig = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.sigmoid(a), w())))(x());
    // Sum over one axis, then a weighted total: dy of the row sums differs per row.
    const gSum = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.sum(a, 1), tf.range(1, 7))))(x());
    return [gx!, gt!, gSig, gSum].map((g) => Float32Array.from(g.dataSync()));
  });
}

/** The same gradients from tfjs' stock formulas (sum: dy·ones; mean: dy·ones/n; squared difference: dy·(2·(a−b)); sigmoid: dy·(y·(1−y))). */
function stock(): Float32Array[] {
  return tf.tidy(() => {
    const a = x();
    const b = t();
    const y = tf.sigmoid(a);
    const n = 210;
    // Loss 1: mean((b − y)²). dLoss/dy through the mean, then through the squared difference.
    const dMean = tf.div(tf.mul(tf.reshape(tf.scalar(1), [1, 1]), tf.ones(SHAPE)), n);
    const dy = tf.mul(dMean, tf.mul(tf.scalar(2), tf.sub(y, b)));
    const db = tf.mul(dMean, tf.mul(tf.scalar(2), tf.sub(b, y)));
    const dxFromLoss1 = tf.mul(dy, tf.mul(y, tf.sub(tf.scalar(1), y)));
    // Loss 2: mean(mean(a, 0) · w0) → d/dmean(a,0) = w0/35, then through mean over axis 0: ·ones/6.
    const w0 = w().slice(0, 1).reshape([35]);
    const dInner = tf.mul(tf.div(tf.mul(tf.reshape(tf.scalar(1), [1]), tf.ones([35])), 35), w0);
    const dxFromLoss2 = tf.div(tf.mul(tf.reshape(dInner, [1, 35]), tf.ones(SHAPE)), 6);
    const gx = tf.add(dxFromLoss1, dxFromLoss2);
    const gSig = tf.mul(w(), tf.mul(y, tf.sub(tf.scalar(1), y)));
    // Sum grad: dy·ones(x.shape), dy = (1·ones(6))·(1..6) reshaped to [6, 1].
    const dRows = tf.mul(tf.mul(tf.reshape(tf.scalar(1), [1]), tf.ones([6])), tf.range(1, 7));
    const gSum = tf.mul(tf.reshape(dRows, [6, 1]), tf.ones(SHAPE));
    return [gx, db, gSig, gSum].map((g) => Float32Array.from(g.dataSync()));
  });
}

describe('replaced gradients', () => {
  it('on cpu equal tfjs\' stock expressions bit for bit', async () => {
    await tf.setBackend('cpu');
    expect(replaced()).toEqual(stock());
  });

  it('on wasm (JavaScript loops) equal the stock expressions and run the one-pass kernels', async () => {
    setNativeBlasEnabled(false);
    await tf.setBackend('wasm');
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    const got = replaced();
    const names = spy.mock.calls.map(([name]) => name);
    spy.mockRestore();
    expect(names).toContain(SIGMOID_GRAD_KERNEL);
    expect(names).toContain(SQUARED_DIFFERENCE_GRAD_KERNEL);
    expect(got).toEqual(stock());
  });

  it.runIf(nativeBlasStatus().active)('on wasm with the native addon equal the stock expressions', async () => {
    await tf.setBackend('wasm');
    const addon = nativeBlas()!;
    const spies = [vi.spyOn(addon, 'sigmoidGrad'), vi.spyOn(addon, 'squaredDifferenceGrad')];
    const got = replaced();
    for (const spy of spies) {
      expect(spy).toHaveBeenCalled();
      spy.mockRestore();
    }
    expect(got).toEqual(stock());
  });

  it('compute the stock expressions themselves when turned off (the bench\'s wasm-stock rows)', async () => {
    await tf.setBackend('wasm');
    setFastGradientsEnabled(false);
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    const got = replaced();
    const names = spy.mock.calls.map(([name]) => name);
    spy.mockRestore();
    setFastGradientsEnabled(true);
    expect(names).not.toContain(SIGMOID_GRAD_KERNEL);
    expect(names).not.toContain('Tile');
    expect(got).toEqual(stock());
  });
});
