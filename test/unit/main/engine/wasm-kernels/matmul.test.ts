import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { expectWasmMatchesCpu, randomTensor, setupBackends } from './compare.js';

beforeAll(setupBackends);

type Case = { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean };

/** Every transpose combination over plain, batched and broadcast-batched operands. */
const cases: Case[] = [];
for (const [m, k, n] of [
  [5, 7, 3],
  [16, 33, 9],
  [1, 4, 6],
]) {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      const a2 = transposeA ? [k, m] : [m, k];
      const b2 = transposeB ? [n, k] : [k, n];
      cases.push({ a: a2, b: b2, transposeA, transposeB });
      cases.push({ a: [3, ...a2], b: [3, ...b2], transposeA, transposeB });
      cases.push({ a: [2, 2, ...a2], b: b2, transposeA, transposeB });
      cases.push({ a: [1, ...a2], b: [4, ...b2], transposeA, transposeB });
    }
  }
}
const label = (c: Case) => `[${c.a}]x[${c.b}] tA=${c.transposeA} tB=${c.transposeB}`;

describe('BatchMatMul on wasm matches cpu', () => {
  it.each(cases.map((c) => [label(c), c] as const))('values and gradients for %s', async (_name, c) => {
    await expectWasmMatchesCpu(() => {
      const a = randomTensor(c.a, 1);
      const b = randomTensor(c.b, 2);
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.transposeA, c.transposeB);
      const y = f(a, b);
      // tfjs-core's BatchMatMul gradient does not reduce broadcast batch dims (cpu fails too).
      if (c.a.length !== c.b.length || c.a[0] !== c.b[0]) return y;
      const [da, db] = tf.grads(f)([a, b], randomTensor(y.shape, 3));
      return [y, da!, db!];
    }, label(c));
  });

  it('handles the dense-backprop sizes of a 784-128 layer at batch 64', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([64, 784], 4);
      const dy = randomTensor([64, 128], 5);
      const w = randomTensor([784, 128], 6);
      return [tf.matMul(x, dy, true, false), tf.matMul(dy, w, false, true)];
    }, 'dense backprop');
  });
});

const activations = ['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'elu', 'prelu'] as const;

describe('_FusedMatMul on wasm matches cpu', () => {
  it.each(activations)('adds the bias and applies %s for every transpose combination', async (activation) => {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        await expectWasmMatchesCpu(() => {
          const a = randomTensor(transposeA ? [9, 6] : [6, 9], 7);
          const b = randomTensor(transposeB ? [4, 9] : [9, 4], 8);
          const bias = randomTensor([4], 9);
          const prelu = activation === 'prelu' ? randomTensor([4], 10) : undefined;
          return tf.fused.matMul({
            a, b, transposeA, transposeB, bias, activation, preluActivationWeights: prelu, leakyreluAlpha: 0.3,
          });
        }, `${activation} tA=${transposeA} tB=${transposeB}`);
      }
    }
  });

  it('adds a bias correctly for batched operands (the stock scalar path indexes it wrongly)', async () => {
    await expectWasmMatchesCpu(() => {
      const a = randomTensor([3, 7, 5], 11);
      const b = randomTensor([3, 4, 5], 12);
      return tf.fused.matMul({ a, b, transposeB: true, bias: randomTensor([4], 13), activation: 'relu' });
    }, 'batched fused');
  });

  it('broadcasts a matrix-shaped bias', async () => {
    await expectWasmMatchesCpu(() => {
      const a = randomTensor([6, 5], 14);
      const b = randomTensor([5, 4], 15);
      return tf.fused.matMul({ a, b, bias: randomTensor([6, 4], 16), activation: 'sigmoid' });
    }, 'matrix bias');
  });

  it('gives the same gradients as cpu for a fused dense layer', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([8, 12], 17);
      const w = randomTensor([12, 5], 18);
      const bias = randomTensor([5], 19);
      const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.fused.matMul({ a: xx as tf.Tensor2D, b: ww as tf.Tensor2D, bias: bb, activation: 'relu' });
      const y = f(x, w, bias);
      return [y, ...tf.grads(f)([x, w, bias], randomTensor(y.shape, 20))];
    }, 'fused grads');
  });
});
