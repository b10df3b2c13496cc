import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { applyWeightDecay, createOptimizer, learningRateAt, setLearningRate } from '../../../../src/main/engine/optimizers.js';
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

  it('applies decoupled weight decay w ← w − lr·wd·w', () => {
    const w = tf.variable(tf.tensor1d([2, -4]));
    applyWeightDecay([w], 0.1, 0.5);
    const decayed = Array.from(w.dataSync());
    expect(decayed[0]).toBeCloseTo(1.9, 6);
    expect(decayed[1]).toBeCloseTo(-3.8, 6);
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
