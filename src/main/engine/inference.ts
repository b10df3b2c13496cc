/**
 * Inference helpers for the UI and the CLI: reconstructions and latent codes of plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { modelInputs } from './conditioning.js';

/** Default batch size for inference: large enough to be quick, small enough for any backend. */
const INFERENCE_BATCH = 256;

/** Runs `model` in inference mode over `count` samples of `x` in batches (a conditional model also reads each sample's label); returns one array per sample. */
async function predictRows(model: tf.LayersModel, x: Float32Array, sampleShape: number[], count: number, batchSize: number, labels: Int32Array | null): Promise<number[][]> {
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  if (x.length < count * sampleSize) {
    throw new Error(`expected at least ${count} samples of ${sampleSize} values, got ${x.length} values`);
  }
  const rows: number[][] = [];
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const output = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * sampleSize, (start + size) * sampleSize), [size, ...sampleShape]);
      const result = model.apply(modelInputs(model, batch, labels?.subarray(start, start + size) ?? null), { training: false }) as tf.Tensor;
      return tf.reshape(result, [size, -1]);
    });
    const values = (await output.array()) as number[][];
    output.dispose();
    rows.push(...values);
  }
  return rows;
}

/**
 * Reconstructs the first `n` samples of `x` (sample-major values, `sampleShape` each); a conditional
 * autoencoder reconstructs each as its own class in `labels`.
 * Returns inputs and outputs as one flat array per sample.
 */
export async function reconstruct(
  autoencoder: tf.LayersModel,
  x: Float32Array,
  sampleShape: number[],
  n: number,
  labels: Int32Array | null = null,
): Promise<{ inputs: number[][]; outputs: number[][] }> {
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  const count = Math.min(n, Math.floor(x.length / sampleSize));
  const outputs = await predictRows(autoencoder, x, sampleShape, count, INFERENCE_BATCH, labels);
  const inputs = Array.from({ length: count }, (_, i) => Array.from(x.subarray(i * sampleSize, (i + 1) * sampleSize)));
  return { inputs, outputs };
}

/** Latent codes of every sample of `x` (flattened for conv codes), one array per sample; a conditional encoder reads `labels` too. */
export async function encode(encoder: tf.LayersModel, x: Float32Array, sampleShape: number[], batchSize = INFERENCE_BATCH, labels: Int32Array | null = null): Promise<number[][]> {
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  return predictRows(encoder, x, sampleShape, Math.floor(x.length / sampleSize), batchSize, labels);
}
