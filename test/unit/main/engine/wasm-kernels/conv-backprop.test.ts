import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectWasmMatchesCpu, randomTensor, setupBackends } from './compare.js';

beforeAll(setupBackends);

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  x: [number, number, number, number];
  kernel: [number, number];
  outChannels: number;
  strides: [number, number];
  pad: Pad;
}

const convCases: ConvCase[] = [
  { x: [2, 8, 8, 3], kernel: [3, 3], outChannels: 5, strides: [2, 2], pad: 'same' },
  { x: [2, 7, 7, 3], kernel: [3, 3], outChannels: 4, strides: [2, 2], pad: 'same' },
  { x: [2, 8, 8, 4], kernel: [3, 3], outChannels: 6, strides: [1, 1], pad: 'same' },
  { x: [2, 9, 9, 2], kernel: [4, 4], outChannels: 3, strides: [2, 2], pad: 'valid' },
  { x: [2, 10, 10, 2], kernel: [3, 3], outChannels: 3, strides: [2, 2], pad: 'valid' },
  { x: [2, 6, 6, 3], kernel: [1, 1], outChannels: 4, strides: [1, 1], pad: 'valid' },
  { x: [2, 6, 6, 3], kernel: [1, 1], outChannels: 4, strides: [2, 2], pad: 'same' },
  { x: [1, 9, 6, 2], kernel: [3, 2], outChannels: 3, strides: [2, 3], pad: 'valid' },
  { x: [2, 11, 11, 2], kernel: [5, 5], outChannels: 2, strides: [3, 3], pad: 'same' },
  { x: [1, 7, 8, 3], kernel: [3, 3], outChannels: 2, strides: [2, 2], pad: 1 },
  { x: [1, 7, 8, 2], kernel: [2, 3], outChannels: 3, strides: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { x: [1, 6, 6, 2], kernel: [2, 2], outChannels: 2, strides: [1, 1], pad: [[0, 0], [3, 0], [0, 3], [0, 0]] },
];
const label = (c: ConvCase) => `x[${c.x}] k${c.kernel} s${c.strides} pad=${JSON.stringify(c.pad)}`;

describe('Conv2D gradients on wasm (Conv2DBackpropInput + Conv2DBackpropFilter) match cpu', () => {
  it.each(convCases.map((c) => [label(c), c] as const))('%s', async (_name, c) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor(c.x, 1) as tf.Tensor4D;
      const w = randomTensor([...c.kernel, c.x[3], c.outChannels], 2) as tf.Tensor4D;
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad);
      const y = f(x, w);
      return [y, ...tf.grads(f)([x, w], randomTensor(y.shape, 3))];
    }, label(c));
  });
});

/** Conv2DTranspose as Keras builds it: output size = input * stride for 'same'. */
const transposeCases = [
  { x: [2, 4, 4, 6], kernel: 3, outChannels: 3, stride: 2, pad: 'same' as const, out: [2, 8, 8, 3] },
  { x: [2, 4, 4, 3], kernel: 3, outChannels: 2, stride: 2, pad: 'valid' as const, out: [2, 9, 9, 2] },
  { x: [1, 5, 5, 2], kernel: 4, outChannels: 3, stride: 2, pad: 'same' as const, out: [1, 10, 10, 3] },
  { x: [2, 5, 5, 4], kernel: 3, outChannels: 4, stride: 1, pad: 'same' as const, out: [2, 5, 5, 4] },
  { x: [2, 3, 3, 4], kernel: 2, outChannels: 2, stride: 3, pad: 'valid' as const, out: [2, 9, 9, 2] },
];

describe('conv2dTranspose on wasm (forward = Conv2DBackpropInput) matches cpu', () => {
  it.each(transposeCases)('values and gradients %#', async (c) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor(c.x, 4) as tf.Tensor4D;
      const w = randomTensor([c.kernel, c.kernel, c.outChannels, c.x[3]!], 5) as tf.Tensor4D;
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, c.out as [number, number, number, number], c.stride, c.pad);
      const y = f(x, w);
      return [y, ...tf.grads(f)([x, w], randomTensor(y.shape, 6))];
    }, `transpose x[${c.x}] k${c.kernel} s${c.stride} ${c.pad}`);
  });
});

describe('replacement conv kernels', () => {
  it('reject NCHW with a message naming the kernel and the format', async () => {
    await tf.setBackend('wasm');
    const dy = tf.zeros([1, 2, 4, 4]);
    const filter = tf.zeros([3, 3, 2, 2]);
    let message = '';
    try {
      tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
        inputShape: [1, 2, 8, 8], strides: 2, pad: 'same', dataFormat: 'NCHW',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    tf.dispose([dy, filter]);
    expect(message).toMatch(/Conv2DBackpropInput.*NHWC.*NCHW/);
  });
});
