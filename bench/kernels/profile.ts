/**
 * Where a training step's time goes, per wasm kernel, with the replacement kernels installed:
 * `npx tsx bench/kernels/profile.ts [dense|conv] [batch]`. Wraps every registered wasm kernel with
 * a CPU-time counter (time inside nested kernel calls counts for the outer kernel too, so the
 * "self" column subtracts it), runs a few trainOnBatch steps and prints the top kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { cpuUs, KernelTally } from './kernel-tally.js';
import { initWasm, useKernels } from './timing.js';

const tally = new KernelTally();

const which = process.argv[2] === 'conv' ? 'conv' : 'dense';
const batch = Number(process.argv[3] ?? 128);
await initWasm();
useKernels('replaced');
const model = tf.sequential();
if (which === 'dense') {
  model.add(tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 784, activation: 'sigmoid' }));
} else {
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
}
model.compile({ optimizer: tf.train.adam(1e-3), loss: which === 'dense' ? 'meanSquaredError' : 'binaryCrossentropy' });
const x = tf.randomUniform([batch, ...(which === 'dense' ? [784] : [32, 32, 3])]);
await model.trainOnBatch(x, x);
tally.instrument();
const steps = which === 'dense' ? 20 : 4;
const start = cpuUs();
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, x);
const stepUs = (cpuUs() - start) / steps;
const kernelUs = tally.kernelUsPerStep(steps);
console.log(`${which} batch ${batch}: ${(stepUs / 1000).toFixed(2)} ms CPU per step, ` +
  `${(kernelUs / 1000).toFixed(2)} ms in kernels, ${((stepUs - kernelUs) / 1000).toFixed(2)} ms outside (tfjs engine, layers, optimizer JS)`);
tally.print(steps, 18, 0, 2);
