/**
 * Samples of a generative model for the quality metrics: latent vectors, either from the model's
 * prior (VAE: N(0, I); GAN: N(0, I) or U(-1, 1)) or from a Gaussian fitted to a plain
 * autoencoder's codes of its training samples, decoded by the model's `decoder` part. A conditional
 * decoder (one that reads a one-hot class label, engine/conditioning.ts) decodes the samples as each
 * class in turn, so every class is drawn equally.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { gaussian, seededRandom } from '../../../shared/random.js';
import { choleskyWithRidge } from '../../../shared/quality/linear-algebra.js';
import type { Split } from '../../datasets/types.js';
import { conditionClassesOf, modelInputs } from '../conditioning.js';
import { loadLayersModelFromDir } from '../persistence.js';
import { checkpointLoop, type LoopHooks } from './classifier.js';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const BATCH = 256;

/** The folder of one part of a checkpoint (`dir/part`, or `dir.previous/part` after an interrupted replace). */
export function partDir(modelDir: string, part: string): string | null {
  for (const root of [modelDir, `${modelDir}.previous`]) {
    if (fs.existsSync(path.join(root, part, 'model.json'))) return path.join(root, part);
  }
  return null;
}

export async function loadPart(modelDir: string, part: string): Promise<tf.LayersModel> {
  const dir = partDir(modelDir, part);
  if (!dir) throw new Error(`${modelDir} has no ${part}/ model`);
  return loadLayersModelFromDir(dir);
}

/** Shape of one input (no batch dimension) of a single-input model. */
export const inputShapeOf = (model: tf.LayersModel): number[] => model.inputs[0]!.shape.slice(1) as number[];

/** `count` prior vectors of `dims` values, seeded: N(0, I) or U(-1, 1). */
export function priorCodes(prior: 'normal' | 'uniform', count: number, dims: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const codes = new Float32Array(count * dims);
  for (let i = 0; i < codes.length; i++) codes[i] = prior === 'normal' ? gaussian(random) : 2 * random() - 1;
  return codes;
}

/** A Gaussian over codes: mean and the lower Cholesky factor of its covariance (row-major). */
export interface CodeGaussian {
  dims: number;
  mean: Float32Array;
  cholesky: Float32Array;
  /** Codes it was fitted to. */
  count: number;
}

/** Runs a model over rows of `x` in batches (a conditional model reads row i's class `labelOf(i)`); returns the flattened outputs. */
async function predictFlat(model: tf.LayersModel, x: Float32Array, inputShape: number[], count: number, hooks: LoopHooks, labelOf: ((row: number) => number) | null = null): Promise<Float32Array> {
  const inSize = sizeOf(inputShape);
  const outSize = sizeOf(model.outputs[0]!.shape.slice(1) as number[]);
  const out = new Float32Array(count * outSize);
  let lastYield = Date.now();
  for (let start = 0; start < count; start += BATCH) {
    const size = Math.min(BATCH, count - start);
    const y = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * inSize, (start + size) * inSize), [size, ...inputShape]);
      const labels = labelOf ? Array.from({ length: size }, (_, i) => labelOf(start + i)) : null;
      return tf.reshape(model.apply(modelInputs(model, batch, labels), { training: false }) as tf.Tensor, [size, outSize]);
    });
    out.set(await y.data(), start * outSize);
    y.dispose();
    hooks.onProgress?.(start + size, count);
    lastYield = await checkpointLoop(lastYield, hooks.signal);
  }
  return out;
}

/**
 * Fits mean + full covariance to the encoder's codes of the first `limit` samples of `split`.
 * The covariance product runs on the tfjs backend (conv codes can have a thousand dimensions).
 */
export async function fitCodeGaussian(encoder: tf.LayersModel, split: Split, limit: number, hooks: LoopHooks = {}): Promise<CodeGaussian> {
  const sampleShape = inputShapeOf(encoder);
  const count = Math.min(limit, split.n);
  if (count < 2) throw new Error(`fitting a Gaussian to the codes needs at least 2 training samples, got ${count}`);
  const labels = split.labels;
  const codes = await predictFlat(encoder, split.x, sampleShape, count, hooks, labels ? (row) => labels[row]! : null);
  const dims = codes.length / count;
  const [meanValues, covarianceValues] = tf.tidy(() => {
    const x = tf.tensor2d(codes, [count, dims]);
    const mean = tf.mean(x, 0);
    const centred = tf.sub(x, mean);
    const covariance = tf.div(tf.matMul(centred, centred, true, false), count - 1);
    return [mean.dataSync() as Float32Array, covariance.dataSync() as Float32Array];
  });
  if (!meanValues.every(Number.isFinite)) throw new Error('the encoder produced non-finite codes');
  const cholesky = choleskyWithRidge({ size: dims, values: Float64Array.from(covarianceValues) });
  return { dims, mean: meanValues, cholesky: Float32Array.from(cholesky.values), count };
}

/** `count` seeded samples of the fitted Gaussian: μ + L·ε with ε ~ N(0, I). */
export function sampleCodeGaussian(fit: CodeGaussian, count: number, seed: number): Float32Array {
  const eps = priorCodes('normal', count, fit.dims, seed);
  return tf.tidy(() => {
    const l = tf.tensor2d(fit.cholesky, [fit.dims, fit.dims]);
    const z = tf.add(tf.matMul(tf.tensor2d(eps, [count, fit.dims]), l, false, true), tf.tensor1d(fit.mean));
    return z.dataSync() as Float32Array;
  });
}

/**
 * Decodes `count` latent vectors (flat, `sizeOf(latentShape)` each) into samples of `sampleShape`,
 * clipped to [0, 1] like the data the classifier was trained on.
 */
export async function decodeCodes(decoder: tf.LayersModel, codes: Float32Array, count: number, sampleShape: number[], hooks: LoopHooks = {}): Promise<Float32Array> {
  const latentShape = inputShapeOf(decoder);
  const outShape = decoder.outputs[0]!.shape.slice(1) as number[];
  if (sizeOf(outShape) !== sizeOf(sampleShape)) {
    throw new Error(`the decoder makes samples of shape ${outShape.join('x')}, but the dataset's samples are ${sampleShape.join('x')}`);
  }
  const classes = conditionClassesOf(decoder);
  const samples = await predictFlat(decoder, codes, latentShape, count, hooks, classes === null ? null : (row) => row % classes);
  let finite = true;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (!Number.isFinite(v)) finite = false;
    samples[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  if (!finite) throw new Error('the decoder produced non-finite values');
  return samples;
}
