import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectWasmMatchesCpu, randomTensor, setupBackends } from './compare.js';

beforeAll(setupBackends);

const sliceCases: { shape: number[]; begin: number[]; size: number[] }[] = [
  { shape: [40], begin: [3], size: [20] },
  { shape: [50, 30], begin: [7, 0], size: [12, 30] },
  { shape: [50, 30], begin: [7, 4], size: [12, 20] },
  { shape: [50, 30], begin: [7, 4], size: [12, 3] },
  { shape: [6, 7, 8], begin: [1, 2, 3], size: [4, -1, 5] },
  { shape: [3, 6, 7, 20], begin: [1, 1, 2, 0], size: [2, 4, 3, 20] },
  { shape: [2, 3, 4, 5, 6], begin: [1, 0, 1, 2, 3], size: [1, 3, 2, 2, 3] },
  { shape: [4, 5], begin: [2, 1], size: [0, 3] },
];

describe('Slice on wasm matches cpu', () => {
  it.each(sliceCases.map((c) => [`[${c.shape}] begin [${c.begin}] size [${c.size}]`, c] as const))(
    'float32 %s, with gradients',
    async (_name, c) => {
      await expectWasmMatchesCpu(() => {
        const x = randomTensor(c.shape, 1);
        const f = (t: tf.Tensor) => tf.slice(t, c.begin, c.size);
        const y = f(x);
        return [y, tf.grad(f)(x, randomTensor(y.shape, 2))];
      }, 'slice');
    },
  );

  it('slices int32 and bool tensors exactly', async () => {
    await expectWasmMatchesCpu(() => {
      const ints = tf.range(0, 120, 1, 'int32').reshape([4, 5, 6]);
      const bools = tf.greater(randomTensor([4, 5, 6], 3), 0);
      return [tf.slice(ints, [1, 1, 2], [2, 3, 3]).toFloat(), tf.slice(bools, [0, 2, 1], [3, 2, 4]).toFloat()];
    }, 'int/bool slice', 0);
  });
});

describe('GatherV2 on wasm matches cpu', () => {
  // No gradient check: GatherV2's gradient needs UnsortedSegmentSum, which stock wasm lacks.
  it('gathers batch rows of a dataset-shaped matrix (axis 0)', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([300, 784], 4);
      return tf.gather(x, tf.tensor1d([5, 299, 0, 17, 17, 120], 'int32'));
    }, 'gather rows');
  });

  it.each([
    { shape: [4, 6, 5], axis: 1, indices: [[5, 0], [2, 2]] },
    { shape: [4, 6, 5], axis: 2, indices: [4, 1, 3] },
    { shape: [4, 6, 40], axis: 1, indices: [1, 5, 0] },
    { shape: [7], axis: 0, indices: [6, 0, 3] },
  ])('gathers along axis $axis of $shape', async (c) => {
    await expectWasmMatchesCpu(() => tf.gather(randomTensor(c.shape, 6), tf.tensor(c.indices, undefined, 'int32'), c.axis), 'gather');
  });

  it('supports batchDims', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([3, 5, 4], 7);
      const indices = tf.tensor2d([[0, 4], [1, 1], [3, 2]], [3, 2], 'int32');
      return tf.gather(x, indices, 1, 1);
    }, 'gather batchDims');
  });

  it('gathers int32 values exactly', async () => {
    await expectWasmMatchesCpu(() => tf.gather(tf.range(0, 30, 1, 'int32').reshape([10, 3]), tf.tensor1d([9, 2], 'int32')).toFloat(), 'int gather', 0);
  });

  it('rejects an out-of-range index with the offending value', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([4, 3]);
    const indices = tf.tensor1d([1, 4], 'int32');
    expect(() => tf.gather(x, indices)).toThrow(/index value 4 is not in \[0, 3\]/);
    tf.dispose([x, indices]);
  });
});
