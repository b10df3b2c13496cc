/**
 * The fused Adam step (engine/fused-adam) against tfjs' own AdamOptimizer ops: bit-identical
 * weights and moments after several steps, with each weight decay mode, on the cpu backend, on
 * wasm with the JavaScript loop and on wasm with the native addon's `adam` (when installed); and
 * its state is tfjs' own (a checkpoint of a fused run continues unfused and vice versa).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { optimizerSchema, type OptimizerConfig } from '../../../../src/shared/config.js';
import { createOptimizerStep } from '../../../../src/main/engine/optimizers.js';
import { setFusedAdamEnabled } from '../../../../src/main/engine/fused-adam/apply.js';
import { FUSED_ADAM_KERNEL } from '../../../../src/main/engine/fused-adam/maths.js';
import { nativeBlas, nativeBlasStatus, setNativeBlasEnabled } from '../../../../src/main/engine/wasm-kernels/blas.js';
import { randomValues, setupNativeBackends } from './wasm-kernels/compare.js';

beforeAll(setupNativeBackends);
afterEach(() => {
  setFusedAdamEnabled(true);
  setNativeBlasEnabled(true);
});

const MODES = ['none', 'coupled', 'decoupled'] as const;
type Mode = (typeof MODES)[number];

function configOf(mode: Mode): OptimizerConfig {
  // λ large enough that the decay visibly changes the steps; ε as PyTorch's.
  const decay = mode === 'none' ? {} : { weightDecay: 0.05, weightDecayMode: mode };
  return optimizerSchema.parse({ name: 'adam', learningRate: 0.01, epsilon: 1e-8, ...decay });
}

interface Outcome {
  weights: Float32Array[];
  /** The optimizer's own state: iterations, then every first and second moment. */
  state: Float32Array[];
}

/**
 * `steps` steps of the app's optimizer on a kernel [7, 5] and a bias [5] (decayed as a kernel and
 * not, under decoupled decay) for a loss whose gradients change every step; `fused` per step.
 */
async function train(mode: Mode, steps: number, fused: (step: number) => boolean): Promise<Outcome> {
  const kernel = tf.variable(tf.tensor2d(randomValues(35, 1), [7, 5]));
  const bias = tf.variable(tf.tensor1d(randomValues(5, 2)));
  const x = tf.tensor2d(randomValues(21, 3), [3, 7]);
  const step = createOptimizerStep(configOf(mode), [
    { variable: kernel, kernel: true },
    { variable: bias, kernel: false },
  ]);
  for (let s = 0; s < steps; s++) {
    setFusedAdamEnabled(fused(s));
    tf.tidy(() =>
      step.step(() => {
        const y = tf.add(tf.matMul(x, kernel), bias);
        return tf.mean(tf.square(tf.sub(tf.sigmoid(y), 0.3 + 0.1 * s))) as tf.Scalar;
      }),
    );
  }
  const weights = [Float32Array.from(kernel.dataSync()), Float32Array.from(bias.dataSync())];
  const saved = await step.optimizer.getWeights();
  const state = await Promise.all(saved.map(async (w) => Float32Array.from(await w.tensor.data())));
  saved[0]!.tensor.dispose(); // the iterations scalar getWeights made
  step.dispose();
  tf.dispose([kernel, bias, x]);
  return { weights, state };
}

function expectIdentical(got: Outcome, want: Outcome): void {
  expect(got.weights).toEqual(want.weights);
  expect(got.state).toEqual(want.state);
}

const nativeStatus = nativeBlasStatus();

describe('fused Adam', () => {
  it.each(MODES)('on cpu gives tfjs Adam\'s float32 results bit for bit (weight decay: %s)', async (mode) => {
    await tf.setBackend('cpu');
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    const fused = await train(mode, 6, () => true);
    expect(spy.mock.calls.filter(([name]) => name === FUSED_ADAM_KERNEL)).toHaveLength(6);
    spy.mockRestore();
    const plain = await train(mode, 6, () => false);
    expectIdentical(fused, plain);
    // The optimizer did move the weights, and the modes differ from one another.
    expect(fused.weights[0]).not.toEqual(randomValues(35, 1));
  });

  it.each(MODES)('on wasm (JavaScript loop) matches the unfused wasm ops and the cpu backend (weight decay: %s)', async (mode) => {
    setNativeBlasEnabled(false);
    await tf.setBackend('cpu');
    const cpu = await train(mode, 6, () => false);
    await tf.setBackend('wasm');
    const fused = await train(mode, 6, () => true);
    const plain = await train(mode, 6, () => false);
    expectIdentical(fused, plain);
    // cpu and wasm compute the matrix product differently, so the gradients differ in the last bits.
    fused.weights.forEach((w, i) => w.forEach((value, j) => expect(value).toBeCloseTo(cpu.weights[i]![j]!, 5)));
  });

  it.runIf(nativeStatus.active).each(MODES)('on wasm with the native addon matches the unfused wasm ops (weight decay: %s)', async (mode) => {
    await tf.setBackend('wasm');
    const adam = vi.spyOn(nativeBlas()!, 'adam');
    const fused = await train(mode, 6, () => true);
    // One native call per variable per step.
    expect(adam).toHaveBeenCalledTimes(12);
    adam.mockRestore();
    const plain = await train(mode, 6, () => false);
    expectIdentical(fused, plain);
  });

  it('keeps tfjs Adam\'s own state: fused and unfused steps alternate without a difference', async () => {
    await tf.setBackend('wasm');
    const mixed = await train('decoupled', 6, (s) => s % 2 === 0);
    const plain = await train('decoupled', 6, () => false);
    expectIdentical(mixed, plain);
  });

  it('leaves a variable without a gradient alone, as the unfused step does', async () => {
    await tf.setBackend('wasm');
    const run = (fused: boolean) => {
      setFusedAdamEnabled(fused);
      const used = tf.variable(tf.tensor1d([1, 2]));
      const unused = tf.variable(tf.tensor1d([3]));
      const step = createOptimizerStep(configOf('coupled'), [
        { variable: used, kernel: true },
        { variable: unused, kernel: true },
      ]);
      for (let s = 0; s < 3; s++) tf.tidy(() => step.step(() => tf.sum(tf.square(used))));
      const out = [...used.dataSync(), ...unused.dataSync()];
      step.dispose();
      tf.dispose([used, unused]);
      return out;
    };
    const fused = run(true);
    expect(fused[2]).toBe(3);
    expect(fused).toEqual(run(false));
  });

  it('allocates nothing that outlives the step', async () => {
    await tf.setBackend('wasm');
    const w = tf.variable(tf.tensor1d([1, 2, 3]));
    const step = createOptimizerStep(configOf('coupled'), [{ variable: w, kernel: true }]);
    const once = () => tf.dispose(tf.tidy(() => step.step(() => tf.sum(tf.square(w)))));
    once();
    const before = tf.memory().numTensors;
    for (let s = 0; s < 4; s++) once();
    expect(tf.memory().numTensors).toBe(before);
    step.dispose();
    w.dispose();
  });

  it('leaves other optimizers to tfjs (RMSprop and SGD are not fused)', async () => {
    await tf.setBackend('cpu');
    for (const name of ['rmsprop', 'sgd'] as const) {
      const v = tf.variable(tf.tensor1d([1, -2]));
      const step = createOptimizerStep(optimizerSchema.parse({ name, learningRate: 0.1, weightDecay: 0.1, weightDecayMode: 'coupled' }), [{ variable: v, kernel: true }]);
      const spy = vi.spyOn(tf.engine(), 'runKernel');
      tf.dispose(tf.tidy(() => step.step(() => tf.sum(tf.square(v)))));
      expect(spy.mock.calls.some(([kernel]) => kernel === FUSED_ADAM_KERNEL)).toBe(false);
      spy.mockRestore();
      expect(Array.from(v.dataSync())).not.toEqual([1, -2]);
      step.dispose();
      v.dispose();
    }
  });
});
