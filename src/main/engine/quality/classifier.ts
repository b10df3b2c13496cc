/**
 * The evaluation classifier of the generative-quality metrics: a small dense network
 * (input → 256 → 128 → classes) trained in-app on a labelled dataset. Its 128-wide penultimate
 * layer is the feature space of the Fréchet distance; its predicted classes give the coverage.
 *
 * Dense rather than convolutional: it trains in well under a minute on MNIST on the wasm backend,
 * and works for every labelled dataset shape (images, series, tabular). Seeded: the same seed on the
 * same backend trains the same classifier.
 */
import * as tf from '@tensorflow/tfjs';
import { permutation, seededRandom } from '../../../shared/random.js';
import type { Split } from '../../datasets/types.js';

/** Width of the feature layer (the penultimate one). */
export const FEATURE_SIZE = 128;
const HIDDEN_SIZE = 256;
export const FEATURE_LAYER = 'features';

/** How the classifier is trained; part of the cache key. */
export interface ClassifierTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Train on at most this many samples (tests); undefined: all of them. */
  trainLimit?: number;
}

/** Cooperative control of a long loop: cancel between batches and report progress. */
export interface LoopHooks {
  signal?: AbortSignal;
  /** `done` of `total` units (batches or samples) finished. */
  onProgress?(done: number, total: number): void;
}

/** Hands the event loop a turn every this many milliseconds, so the process stays responsive. */
const YIELD_EVERY_MS = 15;

/** Yields when due and throws when cancelled; returns the new "last yield" time. */
export async function checkpointLoop(lastYield: number, signal: AbortSignal | undefined): Promise<number> {
  if (signal?.aborted) throw new Error('the quality evaluation was cancelled');
  const now = Date.now();
  if (now - lastYield < YIELD_EVERY_MS) return lastYield;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new Error('the quality evaluation was cancelled');
  return Date.now();
}

/** The classifier: input → [features, class logits]. */
export function buildClassifier(sampleShape: number[], classCount: number, seed: number): tf.LayersModel {
  if (classCount < 2) throw new Error(`a classifier needs at least 2 classes, got ${classCount}`);
  const input = tf.input({ shape: sampleShape, name: 'input' });
  const flat = sampleShape.length > 1 ? (tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor) : input;
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 31 + k });
  const hidden = tf.layers.dense({ name: 'hidden', units: HIDDEN_SIZE, activation: 'relu', kernelInitializer: init(1) }).apply(flat) as tf.SymbolicTensor;
  const features = tf.layers
    .dense({ name: FEATURE_LAYER, units: FEATURE_SIZE, activation: 'relu', kernelInitializer: init(2) })
    .apply(hidden) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ name: 'logits', units: classCount, kernelInitializer: init(3) }).apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [features, logits], name: 'quality_classifier' });
}

const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Trains `model` (from buildClassifier) on a labelled split with Adam and softmax cross-entropy. */
export async function trainClassifier(
  model: tf.LayersModel,
  train: Split,
  sampleShape: number[],
  classCount: number,
  training: ClassifierTraining,
  hooks: LoopHooks = {},
): Promise<void> {
  if (!train.labels) throw new Error('the classifier needs labelled training samples');
  const labels = train.labels;
  const n = Math.min(train.n, training.trainLimit ?? train.n);
  if (n < 2) throw new Error(`the classifier needs at least 2 training samples, got ${n}`);
  const sampleSize = sizeOf(sampleShape);
  const optimizer = tf.train.adam(training.learningRate);
  const random = seededRandom(training.seed);
  const batchesPerEpoch = Math.ceil(n / training.batchSize);
  const total = batchesPerEpoch * training.epochs;
  const xBatch = new Float32Array(training.batchSize * sampleSize);
  const yBatch = new Int32Array(training.batchSize);
  let lastYield = Date.now();
  let done = 0;
  try {
    for (let epoch = 0; epoch < training.epochs; epoch++) {
      const order = permutation(n, random);
      for (let start = 0; start < n; start += training.batchSize) {
        const size = Math.min(training.batchSize, n - start);
        for (let k = 0; k < size; k++) {
          const i = order[start + k]!;
          xBatch.set(train.x.subarray(i * sampleSize, (i + 1) * sampleSize), k * sampleSize);
          yBatch[k] = labels[i]!;
        }
        tf.tidy(() => {
          const x = tf.tensor(xBatch.subarray(0, size * sampleSize), [size, ...sampleShape]);
          const y = tf.oneHot(tf.tensor1d(yBatch.subarray(0, size), 'int32'), classCount);
          optimizer.minimize(() => {
            const [, logits] = model.apply(x, { training: true }) as tf.Tensor[];
            return tf.losses.softmaxCrossEntropy(y, logits!) as tf.Scalar;
          });
        });
        hooks.onProgress?.(++done, total);
        lastYield = await checkpointLoop(lastYield, hooks.signal);
      }
    }
  } finally {
    optimizer.dispose();
  }
}

/** Features (count × FEATURE_SIZE) and predicted classes of `count` samples. */
export interface Classified {
  features: Float32Array;
  predictions: Int32Array;
  count: number;
}

const INFERENCE_BATCH = 256;

/** Runs the classifier over the first `count` samples of `x` in batches. */
export async function classify(model: tf.LayersModel, x: Float32Array, sampleShape: number[], count: number, hooks: LoopHooks = {}): Promise<Classified> {
  const sampleSize = sizeOf(sampleShape);
  if (x.length < count * sampleSize) throw new Error(`expected ${count} samples of ${sampleSize} values, got ${x.length} values`);
  const features = new Float32Array(count * FEATURE_SIZE);
  const predictions = new Int32Array(count);
  let lastYield = Date.now();
  for (let start = 0; start < count; start += INFERENCE_BATCH) {
    const size = Math.min(INFERENCE_BATCH, count - start);
    const [f, p] = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * sampleSize, (start + size) * sampleSize), [size, ...sampleShape]);
      const [feat, logits] = model.apply(batch, { training: false }) as tf.Tensor[];
      return [feat!, tf.argMax(logits!, 1)];
    });
    features.set(await f!.data(), start * FEATURE_SIZE);
    predictions.set(await p!.data(), start);
    f!.dispose();
    p!.dispose();
    hooks.onProgress?.(start + size, count);
    lastYield = await checkpointLoop(lastYield, hooks.signal);
  }
  return { features, predictions, count };
}

/** Fraction of `split`'s first `count` samples the classifier labels correctly. */
export async function accuracy(model: tf.LayersModel, split: Split, sampleShape: number[], hooks: LoopHooks = {}): Promise<number> {
  if (!split.labels || split.n === 0) return Number.NaN;
  const { predictions } = await classify(model, split.x, sampleShape, split.n, hooks);
  let correct = 0;
  for (let i = 0; i < split.n; i++) if (predictions[i] === split.labels[i]) correct++;
  return correct / split.n;
}
