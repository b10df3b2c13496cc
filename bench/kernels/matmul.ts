/**
 * Matmul kernels, stock wasm vs replaced: `npx tsx bench/kernels/matmul.ts`.
 * The shapes are those of a 784-128 dense layer at batch 1024 and its backprop.
 */
import * as tf from '@tensorflow/tfjs';
import { compare, header, initWasm } from './timing.js';

await initWasm();
const x = tf.randomNormal([1024, 784]);
const xT = tf.randomNormal([784, 1024]);
const w = tf.randomNormal([784, 128]);
const wT = tf.randomNormal([128, 784]);
const dy = tf.randomNormal([1024, 128]);
const bias = tf.randomNormal([128]);

header('BatchMatMul / _FusedMatMul, [1024x784]·[784x128] (wasm, 1 thread)');
compare('matMul plain', () => tf.matMul(x, w), { stock: 10, replaced: 10 });
compare('matMul transposeA ([784x1024]^T·[784x128])', () => tf.matMul(xT, w, true, false), { stock: 2, replaced: 10 });
compare('matMul transposeB ([1024x784]·[128x784]^T)', () => tf.matMul(x, wT, false, true), { stock: 2, replaced: 10 });
compare('dense dW = x^T·dy ([1024x784]^T·[1024x128])', () => tf.matMul(x, dy, true, false), { stock: 2, replaced: 10 });
compare('dense dx = dy·W^T ([1024x128]·[784x128]^T)', () => tf.matMul(dy, w, false, true), { stock: 2, replaced: 10 });
compare('fused matMul + bias + relu, transposeB', () => tf.fused.matMul({ a: x, b: wT, transposeB: true, bias, activation: 'relu' }), { stock: 2, replaced: 10 });
const xBatched = tf.randomNormal([8, 128, 784]);
const wBatched = tf.randomNormal([8, 784, 128]);
compare('batched [8x128x784]·[8x784x128]', () => tf.matMul(xBatched, wBatched), { stock: 2, replaced: 10 });
