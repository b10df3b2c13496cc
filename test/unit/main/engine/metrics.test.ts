import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { BCE_EPSILON, lossFunction } from '../../../../src/main/engine/losses.js';
import { MetricAccumulator, PSNR_CAP_DB } from '../../../../src/main/engine/metrics.js';

beforeAll(async () => {
  await initBackend('cpu');
});

// Two samples of four values. Sample 0: two pixels on the wrong side of 0.5; sample 1: none.
const target = [
  [1, 0, 1, 0],
  [0, 0, 1, 1],
];
const prediction = [
  [0.4, 0.6, 0.9, 0.1],
  [0.1, 0.2, 0.8, 1],
];
const flat = (rows: number[][]) => rows.flat();
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const clip = (p: number) => Math.min(1 - BCE_EPSILON, Math.max(BCE_EPSILON, p));
const bce = (y: number, p: number) => -(y * Math.log(clip(p)) + (1 - y) * Math.log(1 - clip(p)));

const hand = {
  mse: mean(flat(target).map((y, i) => (y - flat(prediction)[i]!) ** 2)),
  mae: mean(flat(target).map((y, i) => Math.abs(y - flat(prediction)[i]!))),
  bce: mean(flat(target).map((y, i) => bce(y, flat(prediction)[i]!))),
};

describe('losses', () => {
  it.each(['mse', 'mae', 'bce'] as const)('%s is the mean over every element', (name) => {
    const value = tf.tidy(() => lossFunction(name)(tf.tensor2d(target), tf.tensor2d(prediction)).dataSync()[0]);
    expect(value).toBeCloseTo(hand[name], 6);
  });

  it('bce stays finite for predictions of exactly 0 and 1', () => {
    const value = tf.tidy(() => lossFunction('bce')(tf.tensor1d([1, 0]), tf.tensor1d([0, 1])).dataSync()[0]!);
    // ≈ -log(ε) = 16.1; float32 rounds 1 - ε, hence the loose bound.
    expect(Number.isFinite(value)).toBe(true);
    expect(Math.abs(value + Math.log(BCE_EPSILON))).toBeLessThan(0.2);
  });
});

describe('MetricAccumulator', () => {
  it('matches hand-computed values over batches, with wrong-pixel counts for binary data', async () => {
    const accumulator = new MetricAccumulator('mae', true);
    // Two batches of one sample each must give the same result as one batch of two.
    tf.tidy(() => {
      accumulator.add(tf.tensor2d([target[0]!]), tf.tensor2d([prediction[0]!]));
      accumulator.add(tf.tensor2d([target[1]!]), tf.tensor2d([prediction[1]!]));
    });
    const values = await accumulator.read(0.5);
    const samplePsnr = target.map((row, s) => -10 * Math.log10(mean(row.map((y, i) => (y - prediction[s]![i]!) ** 2))));
    expect(values.mse).toBeCloseTo(hand.mse, 6);
    expect(values.mae).toBeCloseTo(hand.mae, 6);
    expect(values.bce).toBeCloseTo(hand.bce, 6);
    expect(values.loss).toBeCloseTo(hand.mae + 0.5, 6); // training loss + regularisation penalty
    expect(values.binaryAccuracy).toBeCloseTo(6 / 8, 6);
    expect(values.psnr).toBeCloseTo(mean(samplePsnr), 4);
    expect(values.maxWrongPixels).toBe(2);
    expect(values.meanWrongPixels).toBe(1);
  });

  it('omits the wrong-pixel metrics for non-binary data and caps PSNR of exact reconstructions', async () => {
    const accumulator = new MetricAccumulator('mse', false);
    tf.tidy(() => accumulator.add(tf.tensor2d([[0.25, 0.75]]), tf.tensor2d([[0.25, 0.75]])));
    const values = await accumulator.read();
    expect(values.maxWrongPixels).toBeUndefined();
    expect(values.meanWrongPixels).toBeUndefined();
    expect(values.psnr).toBeCloseTo(PSNR_CAP_DB, 3);
    expect(values.mse).toBe(0);
  });

  it('frees its device memory once read', async () => {
    const before = tf.memory().numTensors;
    const accumulator = new MetricAccumulator('bce', true);
    tf.tidy(() => accumulator.add(tf.tensor2d(target), tf.tensor2d(prediction)));
    await accumulator.read();
    expect(tf.memory().numTensors).toBe(before);
  });
});
