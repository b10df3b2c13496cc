/**
 * Convolution backprop kernels at the CIFAR conv AE's sizes (batch 128), stock wasm vs replaced:
 * `npx tsx bench/kernels/conv.ts`. Stock wasm has no Conv2DBackpropFilter at all ("n/a").
 */
import * as tf from '@tensorflow/tfjs';
import { compare, header, initWasm } from './timing.js';

await initWasm();
const batch = 128;

function filterGrad(xShape: number[], filterShape: number[], stride: number) {
  const x = tf.randomNormal(xShape);
  const outShape = [batch, Math.ceil(xShape[1]! / stride), Math.ceil(xShape[2]! / stride), filterShape[3]!];
  const dy = tf.randomNormal(outShape);
  return () =>
    tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
      strides: stride, pad: 'same', dataFormat: 'NHWC', filterShape,
    }) as tf.Tensor;
}

function inputGrad(inShape: number[], filterShape: number[], stride: number) {
  const dy = tf.randomNormal([batch, inShape[1]! / stride, inShape[2]! / stride, filterShape[3]!]);
  const filter = tf.randomNormal(filterShape);
  return () =>
    tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, {
      inputShape: inShape, strides: stride, pad: 'same', dataFormat: 'NHWC',
    }) as tf.Tensor;
}

header(`Conv backprop, CIFAR conv AE layers, batch ${batch} (wasm, 1 thread)`);
compare('dW enc1 x[128,32,32,3] k3 s2 -> 32', filterGrad([batch, 32, 32, 3], [3, 3, 3, 32], 2), { stock: 1, replaced: 5 });
compare('dW enc2 x[128,16,16,32] k3 s2 -> 32', filterGrad([batch, 16, 16, 32], [3, 3, 32, 32], 2), { stock: 1, replaced: 5 });
compare('dW dec3 x[128,32,32,8] k3 s2 (convT 16->8)', filterGrad([batch, 32, 32, 8], [3, 3, 8, 16], 2), { stock: 1, replaced: 5 });
compare('dW 1x1 x[128,32,32,8] -> 3', filterGrad([batch, 32, 32, 8], [1, 1, 8, 3], 1), { stock: 1, replaced: 5 });
compare('dx enc2 [128,16,16,32] k3 s2', inputGrad([batch, 16, 16, 32], [3, 3, 32, 32], 2), { stock: 1, replaced: 5 });
compare('convT fwd dec3 [128,16,16,16] -> [128,32,32,8]', inputGrad([batch, 32, 32, 8], [3, 3, 8, 16], 2), { stock: 1, replaced: 5 });
compare('convT fwd dec1 [128,4,4,32] -> [128,8,8,32]', inputGrad([batch, 8, 8, 32], [3, 3, 32, 32], 2), { stock: 2, replaced: 5 });
