/**
 * Batch building kernels, stock wasm vs replaced: `npx tsx bench/kernels/data.ts`.
 * Slicing or gathering a 128-row batch out of an MNIST-sized [60000, 784] training set.
 */
import * as tf from '@tensorflow/tfjs';
import { compare, header, initWasm } from './timing.js';

await initWasm();
const dataset = tf.randomUniform([60000, 784]);
const indices = tf.tensor1d(Array.from({ length: 128 }, (_, i) => (i * 7919) % 60000), 'int32');
const images = tf.randomUniform([1024, 32, 32, 3]);

header('Batch building from a [60000x784] dataset (wasm)');
compare('slice rows [1280, 0] size [128, 784]', () => tf.slice(dataset, [1280, 0], [128, 784]), { stock: 3, replaced: 50 });
compare('gather 128 random rows', () => tf.gather(dataset, indices), { stock: 20, replaced: 50 });
compare('slice [1024,32,32,3] -> [128,32,32,3] at 512', () => tf.slice(images, [512, 0, 0, 0], [128, 32, 32, 3]), { stock: 10, replaced: 50 });
compare('slice crop [1024,32,32,3] -> [1024,28,28,3]', () => tf.slice(images, [0, 2, 2, 0], [1024, 28, 28, 3]), { stock: 3, replaced: 10 });
compare('tile [1,1,1,32] -> [128,16,16,32] (batch-norm grad)', () => tf.tile(tf.ones([1, 1, 1, 32]), [128, 16, 16, 1]), { stock: 5, replaced: 20 });
const activations = tf.randomNormal([128, 16, 16, 32]);
compare('sum [128,16,16,32] over [0,1,2] (bias grad)', () => tf.sum(activations, [0, 1, 2]), { stock: 5, replaced: 20 });
compare('clone [128,16,16,32] (Identity)', () => tf.clone(activations), { stock: 20, replaced: 50 });
