/**
 * Input corruption of denoising autoencoders, computed on the device from a seed: the clean batch
 * is never copied back to JavaScript, and the same seed gives the same noise.
 */
import * as tf from '@tensorflow/tfjs';
import type { Corruption } from '../../shared/config.js';

export { corruptionLevel, evaluationLevels, withLevel } from '../../shared/denoising-levels.js';

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
