/**
 * Per-sample reconstruction error, the anomaly score: one value per sample, computed on the
 * device in batches and read back once per batch (n numbers, never the reconstructions).
 */
import * as tf from '@tensorflow/tfjs';

const SCORE_BATCH = 256;

/** Mean squared (`mse`) or mean absolute (`mae`) error over the values of each of the `x.length / size` samples. */
export async function perSampleErrors(
  autoencoder: tf.LayersModel,
  x: Float32Array,
  sampleShape: number[],
  score: 'mse' | 'mae',
): Promise<Float32Array> {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const n = Math.floor(x.length / size);
  const errors = new Float32Array(n);
  for (let start = 0; start < n; start += SCORE_BATCH) {
    const count = Math.min(SCORE_BATCH, n - start);
    const batchErrors = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * size, (start + count) * size), [count, ...sampleShape]);
      const output = tf.reshape(autoencoder.apply(batch, { training: false }) as tf.Tensor, [count, size]);
      const target = tf.reshape(batch, [count, size]);
      const difference = score === 'mse' ? tf.squaredDifference(target, output) : tf.abs(tf.sub(target, output));
      return tf.mean(difference, 1);
    });
    errors.set(await batchErrors.data(), start);
    batchErrors.dispose();
  }
  return errors;
}
