/**
 * Input corruption of denoising autoencoders, computed on the device from a seed: the clean batch
 * is never copied back to JavaScript, and the same seed gives the same noise.
 */
import * as tf from '@tensorflow/tfjs';
import type { Corruption } from '../../shared/config.js';

/** The corruption's level: sigma, p, k or fraction as its kind says. */
export function corruptionLevel(corruption: Corruption): number {
  switch (corruption.kind) {
    case 'gaussian':
      return corruption.sigma;
    case 'saltPepper':
      return corruption.p;
    case 'bitFlip':
      return corruption.k;
    case 'mask':
      return corruption.fraction;
  }
}

/** The same kind of corruption at another level (level 0 is returned as null: no corruption). */
export function withLevel(corruption: Corruption, level: number): Corruption | null {
  if (level <= 0) return null;
  switch (corruption.kind) {
    case 'gaussian':
      return { kind: 'gaussian', sigma: level };
    case 'saltPepper':
      return { kind: 'saltPepper', p: Math.min(1, level) };
    case 'bitFlip':
      return { kind: 'bitFlip', k: Math.round(level) };
    case 'mask':
      return { kind: 'mask', fraction: Math.min(1, level) };
  }
}

/** The evaluation sweep's levels: the config's, or a spread from none to about twice the training level. */
export function evaluationLevels(corruption: Corruption, levels?: number[]): number[] {
  if (levels && levels.length > 0) return [...levels].sort((a, b) => a - b);
  const level = corruptionLevel(corruption);
  if (corruption.kind === 'bitFlip') {
    const max = Math.max(2 * level, 4);
    return [...new Set([0, 1, 2, 4, 6, 8, level, max].filter((k) => k <= max))].sort((a, b) => a - b);
  }
  const cap = corruption.kind === 'gaussian' ? Infinity : 1;
  const factors = [0, 0.25, 0.5, 1, 1.5, 2];
  return [...new Set(factors.map((f) => Math.min(cap, Number((f * level).toPrecision(3)))))].sort((a, b) => a - b);
}

/**
 * Corrupts a batch `x` (shape [batch, ...sample], values in [0, 1]); returns a new tensor clipped
 * to [0, 1]. `seed` fixes the noise: pass a different one per batch.
 */
export function corrupt(x: tf.Tensor, corruption: Corruption, seed: number): tf.Tensor {
  return tf.tidy(() => {
    switch (corruption.kind) {
      case 'gaussian':
        return tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, corruption.sigma, 'float32', seed)), 0, 1);
      case 'saltPepper': {
        const hit = tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', seed), corruption.p);
        const salt = tf.cast(tf.less(tf.randomUniform(x.shape, 0, 1, 'float32', seed + 1), 0.5), 'float32');
        return tf.where(hit, salt, x);
      }
      case 'mask':
        return tf.mul(x, tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), corruption.fraction), 'float32'));
      case 'bitFlip':
        return flipExactly(x, corruption.k, seed);
    }
  });
}

/** Flips exactly min(k, values) distinct values of every sample (v → 1 − v): the top-k of a random score. */
function flipExactly(x: tf.Tensor, k: number, seed: number): tf.Tensor {
  const batch = x.shape[0]!;
  const size = x.size / batch;
  const flips = Math.min(k, size);
  const flat = tf.reshape(x, [batch, size]);
  const { indices } = tf.topk(tf.randomUniform([batch, size], 0, 1, 'float32', seed), flips);
  const chosen = tf.sum(tf.oneHot(indices, size), 1);
  // v + m·(1 − 2v): 1 − v where chosen, v elsewhere.
  const flipped = tf.add(flat, tf.mul(chosen, tf.sub(1, tf.mul(2, flat))));
  return tf.reshape(flipped, x.shape);
}

/** Seed of the noise of one batch: distinct per run seed, purpose (train / eval) and batch. */
export function noiseSeed(runSeed: number, stream: number, index: number): number {
  return (runSeed * 1_000_003 + stream * 7_919_191 + index * 104_729) % 2_147_483_647;
}
