import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectWasmMatchesCpu, randomTensor, setupBackends } from './compare.js';

beforeAll(setupBackends);

/** Leading-axes cases take the replacement path; the others check the stock fallback still runs. */
const reduceCases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
  { shape: [64, 10], axis: 0, keepDims: false },
  { shape: [8, 6, 6, 5], axis: [0, 1, 2], keepDims: false },
  { shape: [8, 6, 6, 5], axis: [2, 0, 1], keepDims: true },
  { shape: [4, 3, 7], axis: [0, 1], keepDims: true },
  { shape: [4, 3, 7], axis: -1, keepDims: false },
  { shape: [4, 3, 7], axis: [0, 2], keepDims: false },
  { shape: [4, 3, 7], axis: [0, 1, 2], keepDims: false },
  { shape: [5000, 3], axis: 0, keepDims: false },
];

describe('Sum and Mean on wasm match cpu', () => {
  it.each(reduceCases.map((c) => [`[${c.shape}] axis ${JSON.stringify(c.axis)} keepDims=${c.keepDims}`, c] as const))(
    '%s, values and gradients',
    async (_name, c) => {
      await expectWasmMatchesCpu(() => {
        const x = randomTensor(c.shape, 1);
        const s = (t: tf.Tensor) => tf.sum(t, c.axis, c.keepDims);
        const m = (t: tf.Tensor) => tf.mean(t, c.axis, c.keepDims);
        const ys = s(x);
        const ym = m(x);
        return [ys, ym, tf.grad(s)(x, randomTensor(ys.shape, 2)), tf.grad(m)(x, randomTensor(ym.shape, 3))];
      }, 'reduce');
    },
  );

  it('sums int32 tensors exactly (stock path)', async () => {
    await expectWasmMatchesCpu(() => tf.sum(tf.range(0, 24, 1, 'int32').reshape([4, 6]), 0).toFloat(), 'int sum', 0);
  });
});

describe('Tile on wasm matches cpu', () => {
  it.each([
    { shape: [1, 1, 1, 5], reps: [8, 6, 6, 1] },
    { shape: [3, 4], reps: [2, 3] },
    { shape: [7], reps: [5] },
    { shape: [2, 3, 2], reps: [1, 1, 1] },
    { shape: [20, 3], reps: [1, 37] },
    { shape: [2, 1, 3], reps: [3, 4, 2] },
    // Trailing axes of 1 repeated, leading ones not (each element fills a run): a per-sample sum's gradient.
    { shape: [128, 1], reps: [1, 784] },
    { shape: [4, 1, 1], reps: [1, 3, 2] },
    { shape: [5, 1], reps: [1, 1] },
    { shape: [3, 1], reps: [2, 4] },
  ])('tiles $shape by $reps, with gradients', async (c) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor(c.shape, 4);
      const f = (t: tf.Tensor) => tf.tile(t, c.reps);
      const y = f(x);
      return [y, tf.grad(f)(x, randomTensor(y.shape, 5))];
    }, 'tile');
  });

  it('tiles int32 and bool tensors exactly', async () => {
    await expectWasmMatchesCpu(() => [
      tf.tile(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), [3, 2]).toFloat(),
      tf.tile(tf.tensor1d([true, false, true], 'bool'), [4]).toFloat(),
      tf.tile(tf.tensor2d([[7], [-3]], [2, 1], 'int32'), [1, 5]).toFloat(),
    ], 'int/bool tile', 0);
  });
});
