import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { corrupt, evaluationLevels, withLevel } from '../../../../src/main/engine/corruption.js';
import type { Corruption } from '../../../../src/shared/config.js';
import { binarySplit } from './fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const SIZE = 400;
const N = 50;
const grey = (): tf.Tensor => tf.fill([N, SIZE], 0.5);
const binary = (): tf.Tensor => tf.tensor(binarySplit(N, SIZE, 3).x, [N, SIZE]);

/** Corrupts `clean` and returns the clean values (after), the corrupted values and the clean ones before. */
function apply(clean: tf.Tensor, corruption: Corruption, seed = 9): { before: Float32Array; after: Float32Array; noisy: Float32Array } {
  const before = clean.dataSync().slice() as Float32Array;
  const noisyTensor = corrupt(clean, corruption, seed);
  const noisy = noisyTensor.dataSync() as Float32Array;
  const after = clean.dataSync() as Float32Array;
  noisyTensor.dispose();
  clean.dispose();
  return { before, after, noisy };
}

describe('corrupt', () => {
  it('gaussian: adds noise of the asked σ, clipped to [0, 1]', () => {
    const { noisy } = apply(grey(), { kind: 'gaussian', sigma: 0.1 });
    const deltas = Array.from(noisy, (v) => v - 0.5);
    const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
    const std = Math.sqrt(deltas.reduce((a, b) => a + (b - mean) ** 2, 0) / deltas.length);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(std).toBeGreaterThan(0.095);
    expect(std).toBeLessThan(0.105);
    const wide = apply(grey(), { kind: 'gaussian', sigma: 2 }).noisy;
    expect(Math.min(...wide)).toBe(0);
    expect(Math.max(...wide)).toBe(1);
  });

  it('saltPepper: sets a fraction p of the values to 0 or 1, half each', () => {
    const { noisy } = apply(grey(), { kind: 'saltPepper', p: 0.2 });
    const zeros = noisy.filter((v) => v === 0).length / noisy.length;
    const ones = noisy.filter((v) => v === 1).length / noisy.length;
    expect(zeros + ones).toBeGreaterThan(0.185);
    expect(zeros + ones).toBeLessThan(0.215);
    expect(Math.abs(zeros - ones)).toBeLessThan(0.02);
    expect(noisy.every((v) => v === 0 || v === 1 || v === 0.5)).toBe(true);
  });

  it('bitFlip: flips exactly k values of every sample', () => {
    for (const k of [1, 2, 6]) {
      const { before, noisy } = apply(binary(), { kind: 'bitFlip', k });
      for (let i = 0; i < N; i++) {
        let flipped = 0;
        for (let j = 0; j < SIZE; j++) {
          const [a, b] = [before[i * SIZE + j]!, noisy[i * SIZE + j]!];
          if (a !== b) {
            flipped++;
            expect(b).toBe(1 - a);
          }
        }
        expect(flipped).toBe(k);
      }
    }
  });

  it('mask: zeroes a fraction of the values and leaves the others', () => {
    const { noisy } = apply(grey(), { kind: 'mask', fraction: 0.3 });
    const zeros = noisy.filter((v) => v === 0).length / noisy.length;
    expect(zeros).toBeGreaterThan(0.28);
    expect(zeros).toBeLessThan(0.32);
    expect(noisy.every((v) => v === 0 || v === 0.5)).toBe(true);
  });

  it('leaves the clean batch untouched and repeats itself for the same seed only', () => {
    for (const corruption of [
      { kind: 'gaussian', sigma: 0.3 },
      { kind: 'saltPepper', p: 0.1 },
      { kind: 'bitFlip', k: 3 },
      { kind: 'mask', fraction: 0.2 },
    ] satisfies Corruption[]) {
      const a = apply(binary(), corruption, 4);
      expect(a.after).toEqual(a.before);
      expect(apply(binary(), corruption, 4).noisy).toEqual(a.noisy);
      expect(apply(binary(), corruption, 5).noisy).not.toEqual(a.noisy);
    }
  });

  it('keeps no tensor behind', () => {
    const clean = binary();
    const before = tf.memory().numTensors;
    corrupt(clean, { kind: 'bitFlip', k: 2 }, 1).dispose();
    corrupt(clean, { kind: 'saltPepper', p: 0.5 }, 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
    clean.dispose();
  });
});

describe('noise levels', () => {
  it('spreads the default evaluation levels from none to twice the training level', () => {
    expect(evaluationLevels({ kind: 'gaussian', sigma: 0.3 })).toEqual([0, 0.075, 0.15, 0.3, 0.45, 0.6]);
    expect(evaluationLevels({ kind: 'bitFlip', k: 2 })).toEqual([0, 1, 2, 4]);
    expect(evaluationLevels({ kind: 'bitFlip', k: 6 })).toEqual([0, 1, 2, 4, 6, 8, 12]);
    expect(evaluationLevels({ kind: 'saltPepper', p: 0.8 }).at(-1)).toBe(1);
    expect(evaluationLevels({ kind: 'mask', fraction: 0.5 }, [0.4, 0.1])).toEqual([0.1, 0.4]);
  });

  it('changes the level of a corruption, level 0 meaning none', () => {
    expect(withLevel({ kind: 'bitFlip', k: 2 }, 4)).toEqual({ kind: 'bitFlip', k: 4 });
    expect(withLevel({ kind: 'gaussian', sigma: 0.3 }, 0)).toBeNull();
  });
});
