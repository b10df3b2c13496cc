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
import type { Split } from '../../datasets/types.js';
import { fit } from '../loop/fit.js';
import type { Objective } from '../loop/objective.js';
import { OptimizedVariables } from '../objectives/optimized-variables.js';

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

const CANCELLED = 'the quality evaluation was cancelled';

/** Hands the event loop a turn every this many milliseconds, so the process stays responsive. */
const YIELD_EVERY_MS = 15;

/** Yields when due and throws when cancelled; returns the new "last yield" time. */
export async function checkpointLoop(lastYield: number, signal: AbortSignal | undefined): Promise<number> {
  if (signal?.aborted) throw new Error(CANCELLED);
  const now = Date.now();
  if (now - lastYield < YIELD_EVERY_MS) return lastYield;
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new Error(CANCELLED);
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

/** The classifier's objective: softmax cross-entropy of its logits against the batch's labels, with Adam. */
function classifierObjective(model: tf.LayersModel, labels: Int32Array, classCount: number, learningRate: number): Objective {
  const optimized = new OptimizedVariables({ name: 'adam', learningRate, beta1: 0.9, beta2: 0.999, momentum: 0, weightDecay: 0, weightDecayMode: 'decoupled' }, model.trainableWeights);
  const labelTensor = tf.tensor1d(labels, 'int32');
  return {
    description: 'the quality classifier',
    trainables: optimized.variables,
    recordedMetrics: () => ['loss'],
    setLearningRate: (rate) => optimized.setLearningRate(rate),
    step(batch) {
      const y = tf.oneHot(tf.gather(labelTensor, batch.indices), classCount);
      const loss = optimized.minimize(() => {
        const [, logits] = model.apply(batch.x, { training: true }) as tf.Tensor[];
        return tf.losses.softmaxCrossEntropy(y, logits!) as tf.Scalar;
      });
      return tf.reshape(loss, [1]) as tf.Tensor1D;
    },
    epochMetrics: (sums, batches) => ({ loss: sums[0]! / batches }),
    evaluate: () => Promise.resolve(null),
    dispose() {
      optimized.dispose();
      labelTensor.dispose();
    },
  };
}

/** Trains `model` (from buildClassifier) on a labelled split with Adam and softmax cross-entropy, in the one training loop. */
export async function trainClassifier(
  model: tf.LayersModel,
  train: Split,
  sampleShape: number[],
  classCount: number,
  training: ClassifierTraining,
  hooks: LoopHooks = {},
): Promise<void> {
  if (!train.labels) throw new Error('the classifier needs labelled training samples');
  const n = Math.min(train.n, training.trainLimit ?? train.n);
  if (n < 2) throw new Error(`the classifier needs at least 2 training samples, got ${n}`);
  const split: Split = { x: train.x.subarray(0, n * sizeOf(sampleShape)), labels: train.labels.subarray(0, n), n };
  const objective = classifierObjective(model, split.labels!, classCount, training.learningRate);
  const total = Math.ceil(n / Math.min(training.batchSize, n)) * training.epochs;
  let done = 0;
  try {
    const result = await fit({
      objective,
      settings: {
        epochs: training.epochs,
        batchSize: training.batchSize,
        seed: training.seed,
        shuffle: true,
        learningRate: training.learningRate,
        lrSchedule: { kind: 'constant' },
        validationEvery: training.epochs,
        checkpointEvery: training.epochs,
      },
      data: { sampleShape, binary: false, train: split, val: split },
      callbacks: { onBatchEnd: () => hooks.onProgress?.(++done, total), shouldStop: () => hooks.signal?.aborted === true },
    });
    if (result.status === 'cancelled') throw new Error(CANCELLED);
    if (result.status === 'diverged') throw new Error(`the quality classifier ${result.error ?? 'diverged'}`);
  } finally {
    objective.dispose();
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
