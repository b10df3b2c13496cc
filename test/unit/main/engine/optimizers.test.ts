import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { createOptimizer, createOptimizerStep, learningRateAt, setLearningRate } from '../../../../src/main/engine/optimizers.js';
import { permutation, seededRandom } from '../../../../src/shared/random.js';
import { optimizerSchema } from '../../../../src/shared/config.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('learningRateAt', () => {
  it('keeps a constant rate', () => {
    expect(learningRateAt({ kind: 'constant' }, 0.1, 7, 10)).toBe(0.1);
  });
  it('multiplies by the factor every N epochs', () => {
    const schedule = { kind: 'step', factor: 0.5, everyEpochs: 3 } as const;
    expect([0, 2, 3, 6].map((e) => learningRateAt(schedule, 1, e, 10))).toEqual([1, 1, 0.5, 0.25]);
  });
  it('decays along a cosine from the initial rate to the minimum at the last epoch', () => {
    const schedule = { kind: 'cosine', minLearningRate: 0.1 } as const;
    expect(learningRateAt(schedule, 1, 0, 5)).toBeCloseTo(1);
    expect(learningRateAt(schedule, 1, 2, 5)).toBeCloseTo(0.55);
    expect(learningRateAt(schedule, 1, 4, 5)).toBeCloseTo(0.1);
  });
});

/** One optimizer step on f(w) = sum(w) (gradient 1 everywhere) from w = 1; returns the new w. */
function stepOnce(optimizer: tf.Optimizer, learningRate: number): number {
  const w = tf.variable(tf.ones([1]));
  setLearningRate(optimizer, learningRate);
  optimizer.minimize(() => tf.sum(w), false, [w]);
  const value = w.dataSync()[0]!;
  w.dispose();
  return value;
}

describe('optimizers', () => {
  it.each(['sgd', 'adam', 'rmsprop'] as const)('%s follows a learning rate changed between steps', (name) => {
    const optimizer = createOptimizer(optimizerSchema.parse({ name, learningRate: 0.1 }));
    // Plain SGD moves by exactly lr·grad; Adam's first step moves by ≈ lr whatever the gradient.
    const small = 1 - stepOnce(optimizer, 0.01);
    const large = 1 - stepOnce(createOptimizer(optimizerSchema.parse({ name, learningRate: 0.1 })), 0.1);
    expect(large / small).toBeGreaterThan(3);
    if (name !== 'rmsprop') expect(small).toBeCloseTo(0.01, 4);
    optimizer.dispose();
  });

  it('uses momentum for sgd when momentum > 0', () => {
    const optimizer = createOptimizer(optimizerSchema.parse({ name: 'sgd', learningRate: 0.1, momentum: 0.9 }));
    expect(optimizer.getClassName()).toBe('Momentum');
    optimizer.dispose();
  });
});

/**
 * The hand computation: PyTorch's documented Adam / AdamW algorithm (torch.optim.Adam with
 * weight_decay: g ← g + λ·p; torch.optim.AdamW: p ← p·(1 − lr·λ) before the update), on plain
 * numbers, for a loss whose gradient is the constant `c` (loss = Σ c·p).
 */
function referenceAdam(p0: number[], c: number[], o: { lr: number; eps: number; decay: number; coupled: boolean; decayed: boolean }, steps: number): number[] {
  const [b1, b2] = [0.9, 0.999];
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < p.length; i++) {
      let g = c[i]!;
      if (o.coupled) g += o.decay * p[i]!;
      if (!o.coupled && o.decayed) p[i]! *= 1 - o.lr * o.decay;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      const mHat = m[i]! / (1 - b1 ** t);
      const vHat = v[i]! / (1 - b2 ** t);
      p[i]! -= (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    }
  }
  return p;
}

/** Runs `steps` steps of the app's OptimizerStep on a 2x2 kernel and a 2-value bias under loss = Σ C·kernel + Σ D·bias. */
function appSteps(mode: 'coupled' | 'decoupled', steps: number): { kernel: number[]; bias: number[] } {
  const kernel = tf.variable(tf.tensor2d(KERNEL0, [2, 2]));
  const bias = tf.variable(tf.tensor1d(BIAS0));
  const config = optimizerSchema.parse({ name: 'adam', learningRate: LR, epsilon: 1e-8, weightDecay: DECAY, weightDecayMode: mode });
  const optimizer = createOptimizerStep(config, [
    { variable: kernel, kernel: true },
    { variable: bias, kernel: false },
  ]);
  const [c, d] = [tf.tensor2d(C_KERNEL, [2, 2]), tf.tensor1d(D_BIAS)];
  for (let s = 0; s < steps; s++) tf.tidy(() => optimizer.step(() => tf.add(tf.sum(tf.mul(kernel, c)), tf.sum(tf.mul(bias, d))) as tf.Scalar));
  const result = { kernel: Array.from(kernel.dataSync()), bias: Array.from(bias.dataSync()) };
  optimizer.dispose();
  tf.dispose([kernel, bias, c, d]);
  return result;
}

const KERNEL0 = [0.5, -2, 1.5, 0.25];
const BIAS0 = [0.1, 0.4];
// 1e-7: a gradient as small as ε, where PyTorch's 1e-8 and tfjs' 1e-7 give visibly different steps.
const C_KERNEL = [1, -0.5, 1e-7, 2];
const D_BIAS = [0.3, -1];
const LR = 0.01;
// Large, so that the L2 term changes the sign of some gradients (Adam's first step is ±lr otherwise).
const DECAY = 5;

describe('weight decay modes against a hand computation of PyTorch\'s Adam', () => {
  it('coupled = torch.optim.Adam(weight_decay): λ·w added to every gradient, biases included', () => {
    const got = appSteps('coupled', 3);
    const options = { lr: LR, eps: 1e-8, decay: DECAY, coupled: true, decayed: true };
    const kernel = referenceAdam(KERNEL0, C_KERNEL, options, 3);
    const bias = referenceAdam(BIAS0, D_BIAS, options, 3);
    got.kernel.forEach((value, i) => expect(value).toBeCloseTo(kernel[i]!, 5));
    got.bias.forEach((value, i) => expect(value).toBeCloseTo(bias[i]!, 5));
    // The decay reached the bias: without it the bias would follow plain Adam.
    const plainBias = referenceAdam(BIAS0, D_BIAS, { ...options, coupled: false, decayed: false }, 3);
    expect(Math.abs(got.bias[1]! - plainBias[1]!)).toBeGreaterThan(1e-3);
  });

  it('decoupled = torch.optim.AdamW(weight_decay): p·(1 − lr·λ) on kernels before the update, biases untouched', () => {
    const got = appSteps('decoupled', 3);
    const options = { lr: LR, eps: 1e-8, decay: DECAY, coupled: false, decayed: true };
    const kernel = referenceAdam(KERNEL0, C_KERNEL, options, 3);
    const bias = referenceAdam(BIAS0, D_BIAS, { ...options, decayed: false }, 3);
    got.kernel.forEach((value, i) => expect(value).toBeCloseTo(kernel[i]!, 5));
    got.bias.forEach((value, i) => expect(value).toBeCloseTo(bias[i]!, 5));
    // The two modes are different experiments with the same λ.
    const coupled = appSteps('coupled', 3);
    expect(Math.abs(coupled.kernel[1]! - got.kernel[1]!)).toBeGreaterThan(1e-3);
  });

  it('takes ε from the config (PyTorch\'s 1e-8) instead of tfjs\' 1e-7', () => {
    const w = tf.variable(tf.tensor1d([0]));
    const optimizer = createOptimizerStep(optimizerSchema.parse({ name: 'adam', learningRate: 1, epsilon: 1e-8 }), [{ variable: w, kernel: true }]);
    tf.tidy(() => optimizer.step(() => tf.sum(tf.mul(w, 1e-7))));
    // First step: lr·g/(|g| + ε) = 1e-7 / 1.1e-7 with ε = 1e-8 (it would be 0.5 with 1e-7).
    expect(w.dataSync()[0]).toBeCloseTo(-1e-7 / 1.1e-7, 4);
    optimizer.dispose();
    w.dispose();
  });

  it('coupled SGD: w ← w − lr·(g + λ·w) in one step', () => {
    const w = tf.variable(tf.tensor1d([2, -4]));
    const optimizer = createOptimizerStep(optimizerSchema.parse({ name: 'sgd', learningRate: 0.1, weightDecay: 0.5, weightDecayMode: 'coupled' }), [
      { variable: w, kernel: false },
    ]);
    tf.tidy(() => optimizer.step(() => tf.sum(w)));
    const [a, b] = Array.from(w.dataSync());
    expect(a).toBeCloseTo(2 - 0.1 * (1 + 0.5 * 2), 6);
    expect(b).toBeCloseTo(-4 - 0.1 * (1 + 0.5 * -4), 6);
    optimizer.dispose();
    w.dispose();
  });
});

describe('permutation', () => {
  it('is a reproducible permutation for a given seed', () => {
    const a = permutation(100, seededRandom(5));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(permutation(100, seededRandom(5)))).toEqual(Array.from(a));
    expect(Array.from(permutation(100, seededRandom(6)))).not.toEqual(Array.from(a));
  });
});
