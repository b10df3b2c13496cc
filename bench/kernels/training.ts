/**
 * Training throughput on wasm, stock kernels vs replaced: `npx tsx bench/kernels/training.ts`.
 * Dense 784-128-784 AE (Adam, MSE) at batch 128 and the CIFAR-shaped conv AE at batch 128, on
 * random data (throughput does not depend on the values). Prints samples per second of CPU time
 * (see timing.ts for why CPU time) and of wall time. Stock wasm cannot train the conv AE.
 */
import * as tf from '@tensorflow/tfjs';
import { initWasm, useKernels } from './timing.js';

function denseAutoencoder(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 784, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return model;
}

function convAutoencoder(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: [32, 32, 3] }));
  for (let i = 0; i < 3; i++) {
    model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same' }));
    model.add(tf.layers.batchNormalization());
    model.add(tf.layers.leakyReLU());
  }
  for (const filters of [32, 16, 8]) {
    model.add(tf.layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same' }));
    model.add(tf.layers.leakyReLU());
  }
  model.add(tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  return model;
}

/** Samples/s over `batches` training steps (after 2 warm-up steps) with model.trainOnBatch. */
async function samplesPerSecond(makeModel: () => tf.LayersModel, inputShape: number[], batch: number, batches: number) {
  const model = makeModel();
  const x = tf.randomUniform([batch, ...inputShape]);
  for (let i = 0; i < 2; i++) await model.trainOnBatch(x, x);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < batches; i++) await model.trainOnBatch(x, x);
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  model.dispose();
  x.dispose();
  const samples = batch * batches;
  return { cpu: samples / ((cpu.user + cpu.system) / 1e6), wall: samples / (wallMs / 1e3) };
}

async function row(name: string, makeModel: () => tf.LayersModel, shape: number[], batch: number, batches: { stock: number; replaced: number }) {
  const results: string[] = [];
  for (const which of ['stock', 'replaced'] as const) {
    useKernels(which);
    try {
      const r = await samplesPerSecond(makeModel, shape, batch, batches[which]);
      results.push(`${which}: ${r.cpu.toFixed(0)} samples/s CPU, ${r.wall.toFixed(0)} wall`);
    } catch (e) {
      results.push(`${which}: fails (${(e as Error).message.split('\n')[0]})`);
    }
  }
  console.log(`${name}\n  ${results.join('\n  ')}`);
}

await initWasm();
await row('dense 784-128-784, batch 128', denseAutoencoder, [784], 128, { stock: 10, replaced: 40 });
await row('dense 784-128-784, batch 1024', denseAutoencoder, [784], 1024, { stock: 2, replaced: 8 });
await row('conv AE 32x32x3, batch 128', convAutoencoder, [32, 32, 3], 128, { stock: 2, replaced: 6 });
