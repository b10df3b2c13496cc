/**
 * Where a training step's time goes, per wasm kernel, with the replacement kernels installed:
 * `npx tsx bench/kernels/profile.ts [dense|conv] [batch]`. Wraps every registered wasm kernel with
 * a CPU-time counter (time inside nested kernel calls counts for the outer kernel too, so the
 * "self" column subtracts it), runs a few trainOnBatch steps and prints the top kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { initWasm, useKernels } from './timing.js';

interface Tally { calls: number; totalUs: number; selfUs: number }
const tallies = new Map<string, Tally>();
let childUs = 0;

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Re-registers every wasm kernel wrapped in a timer (after the replacements are installed). */
function instrument(): void {
  for (const config of tf.getKernelsForBackend('wasm')) {
    const inner = config.kernelFunc;
    const name = config.kernelName;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const outerChild = childUs;
        childUs = 0;
        const start = cpuUs();
        const out = inner(args);
        const spent = cpuUs() - start;
        const t = tallies.get(name) ?? { calls: 0, totalUs: 0, selfUs: 0 };
        t.calls++;
        t.totalUs += spent;
        t.selfUs += spent - childUs;
        tallies.set(name, t);
        childUs = outerChild + spent;
        return out;
      },
    });
  }
}

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
instrument();
const steps = which === 'dense' ? 20 : 4;
const start = cpuUs();
for (let i = 0; i < steps; i++) await model.trainOnBatch(x, x);
const stepUs = (cpuUs() - start) / steps;
const kernelUs = [...tallies.values()].reduce((s, t) => s + t.selfUs, 0) / steps;
console.log(`${which} batch ${batch}: ${(stepUs / 1000).toFixed(2)} ms CPU per step, ` +
  `${(kernelUs / 1000).toFixed(2)} ms in kernels, ${((stepUs - kernelUs) / 1000).toFixed(2)} ms outside (tfjs engine, layers, optimizer JS)`);
console.log(`${'kernel'.padEnd(24)} calls/step  self ms/step  total ms/step`);
for (const [name, t] of [...tallies.entries()].sort((a, b) => b[1].selfUs - a[1].selfUs).slice(0, 18)) {
  console.log(`${name.padEnd(24)} ${(t.calls / steps).toFixed(0).padStart(10)}  ${(t.selfUs / steps / 1000).toFixed(2).padStart(12)}  ${(t.totalUs / steps / 1000).toFixed(2).padStart(13)}`);
}
