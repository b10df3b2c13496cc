/**
 * The training loop: a custom loop rather than model.fit, so that a batch costs one gather and one
 * optimizer step and nothing is read back synchronously until the end of the epoch.
 *
 * Plain Node, usable inside a worker_threads worker: the loop yields to the event loop regularly so
 * that a cancel message can arrive, and reports progress through callbacks.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics } from '../../shared/api.js';
import { METRIC_NAMES, type MetricValues, type RunConfig } from '../../shared/config.js';
import type { Split } from '../datasets/types.js';
import { lossFunction } from './losses.js';
import { corrupt, noiseSeed } from './corruption.js';
import { evaluateReconstruction } from './metrics.js';
import type { AutoencoderModels } from './models.js';
import { evaluateVae, vaeBatchLoss, vaePartsMetrics } from './vae-objective.js';
import { createOptimizerStep, learningRateAt, trainablesOf } from './optimizers.js';
import { permutation, seededRandom } from '../../shared/random.js';
import { progressCadence } from './progress-cadence.js';

/** Train metrics other than the loss are evaluated on at most this many training samples. */
export const TRAIN_EVAL_LIMIT = 10_000;
/** Metrics that only exist for binary datasets. */
const BINARY_ONLY_METRICS: readonly string[] = ['maxWrongPixels', 'meanWrongPixels'];

/** The samples a run trains and validates on (values in [0, 1], channels last). */
export interface TrainingData {
  sampleShape: number[];
  /** Binary datasets get the wrong-pixel metrics. */
  binary: boolean;
  train: Split;
  /** Validation split; pass the training split itself to validate on it (tiny sets). */
  val: Split;
}

/** How the loop talks to its caller. Every callback is optional. */
export interface TrainingCallbacks {
  /** An epoch ended (1-based): its train metrics, and val metrics at validation epochs. */
  onEpoch?(epoch: number, metrics: EpochMetrics[], elapsedMs: number): void | Promise<void>;
  /** Batch progress (1-based batch), throttled; `loss` is the batch loss, read asynchronously. */
  onProgress?(epoch: number, batch: number, batchesPerEpoch: number, loss: number): void;
  /** Save the models now (they hold the weights after `epoch`). Never called after a non-finite loss. */
  onCheckpoint?(epoch: number): Promise<void>;
  /** VAE: the KL of each latent dimension on the validation split, at each validation epoch. */
  onLatentKl?(epoch: number, klPerDimension: number[]): void | Promise<void>;
  /** Cooperative cancel, polled at batch boundaries. */
  shouldStop?(): boolean;
}

export interface TrainArgs {
  models: AutoencoderModels;
  config: RunConfig;
  data: TrainingData;
  callbacks?: TrainingCallbacks;
  /** Minimum time between two onProgress calls (default 100 ms: at most 10 per second). */
  progressIntervalMs?: number;
  /** Per-step metrics: read the batch loss about this many times per epoch (every N steps) instead of by time. */
  progressPointsPerEpoch?: number;
}

export interface TrainResult {
  status: 'completed' | 'cancelled' | 'diverged';
  /** Whole epochs trained. */
  epochsDone: number;
  /** Last recorded metrics of each split. */
  finalMetrics: { train: MetricValues; val: MetricValues };
  /** Why the run diverged; null otherwise. */
  error: string | null;
}

/** Hands control to the event loop (messages, timers) at most every this many milliseconds. */
const YIELD_INTERVAL_MS = 10;

function checkSplit(name: string, split: Split, sampleSize: number): void {
  if (split.n <= 0) throw new Error(`training data: the ${name} split is empty`);
  if (split.x.length !== split.n * sampleSize) {
    throw new Error(`training data: the ${name} split holds ${split.x.length} values, expected n × sample size = ${split.n} × ${sampleSize}`);
  }
}

function checkStopMetric(config: RunConfig, binary: boolean): void {
  const metric = config.training.stopWhen?.metric;
  if (metric === undefined) return;
  if (!(METRIC_NAMES as readonly string[]).includes(metric)) {
    throw new Error(`training.stopWhen.metric: unknown metric "${metric}"; expected one of ${METRIC_NAMES.join(', ')}`);
  }
  if (!binary && BINARY_ONLY_METRICS.includes(metric)) {
    throw new Error(`training.stopWhen.metric: "${metric}" is only computed for binary datasets`);
  }
}

/** True when every trainable weight is finite (one small read). */
async function weightsAreFinite(weights: tf.Variable[]): Promise<boolean> {
  const allFinite = tf.tidy(() => tf.all(tf.stack(weights.map((w) => tf.all(tf.isFinite(w))))));
  const value = (await allFinite.data())[0];
  allFinite.dispose();
  return value === 1;
}

/** Noise streams of the corruption and the VAE sampling: one per purpose, so that each is reproducible on its own. */
const STREAM = { trainCorruption: 0, valCorruption: 1, trainEvalCorruption: 2, vaeSampling: 3 } as const;

/** The distinct trainable variables of the models the objective reads (a VAE's log-variance head is not in the autoencoder). */
function trainableOf(models: AutoencoderModels): tf.LayerVariable[] {
  const sources = models.posterior ? [models.posterior, models.decoder] : [models.autoencoder];
  const seen = new Map<string, tf.LayerVariable>();
  for (const model of sources) for (const w of model.trainableWeights) seen.set(w.read().id.toString(), w);
  return [...seen.values()];
}

const sleepUntilNextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Trains `models.autoencoder` on `data` as `config.training` says.
 *
 * Resolves with the final status: `completed` (all epochs, or stopWhen reached), `cancelled`
 * (shouldStop returned true) or `diverged` (a non-finite loss or weights; no checkpoint is taken
 * after that, so the caller's last checkpoint stays the last good one). Bad inputs throw.
 */
export async function train(args: TrainArgs): Promise<TrainResult> {
  const { models, config, data, callbacks = {} } = args;
  const training = config.training;
  const cadence = progressCadence({ intervalMs: args.progressIntervalMs ?? 100, pointsPerEpoch: args.progressPointsPerEpoch });
  const sampleSize = data.sampleShape.reduce((a, b) => a * b, 1);
  checkSplit('train', data.train, sampleSize);
  checkSplit('val', data.val, sampleSize);
  checkStopMetric(config, data.binary);

  const model = models.autoencoder;
  const vae = config.model.kind === 'vae' ? config.model : null;
  if (vae && !models.posterior) throw new Error('a VAE run needs the models built for it (the posterior model is missing)');
  const corruption = config.denoising?.corruption ?? null;
  const weights = trainableOf(models);
  const trainable = weights.map((w) => w.read() as tf.Variable);
  const lossOf = lossFunction(training.loss);
  const optimizer = createOptimizerStep(training.optimizer, trainablesOf(weights));
  const random = seededRandom(training.seed);
  const n = data.train.n;
  const batchSize = Math.min(training.batchSize, n);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const evalOptions = { loss: training.loss, binary: data.binary, batchSize: Math.max(batchSize, 256) };
  /** Validation measures denoising: the same fixed-seed corruption of each evaluation batch at every epoch. */
  const corruptedInput = (stream: number) =>
    corruption ? (clean: tf.Tensor, index: number) => corrupt(clean, corruption, noiseSeed(training.seed, stream, index)) : undefined;
  const evaluate = async (x: tf.Tensor, stream: number, limit?: number): Promise<{ values: MetricValues; klPerDimension?: number[] }> => {
    const options = { ...evalOptions, limit, inputOf: corruptedInput(stream) };
    if (vae) return evaluateVae(models, x, { ...options, beta: vae.beta });
    return { values: await evaluateReconstruction(model, x, options) };
  };
  let step = 0;

  // The dataset goes to the device once; batches are gathered from it.
  const xTrain = tf.tensor(data.train.x, [n, ...data.sampleShape]);
  const xVal = data.val === data.train ? xTrain : tf.tensor(data.val.x, [data.val.n, ...data.sampleShape]);

  const started = Date.now();
  let lastYield = Date.now();
  let pendingRead: Promise<void> | null = null;
  let nonFiniteBatch: { epoch: number; batch: number; loss: number } | null = null;
  let status: TrainResult['status'] = 'completed';
  let error: string | null = null;
  let epochsDone = 0;
  let stepsSinceCheckpoint = 0;
  let lastCheckpoint: number | null = null;
  const finalMetrics: TrainResult['finalMetrics'] = { train: {}, val: {} };

  const diverge = (message: string): void => {
    status = 'diverged';
    const kept = lastCheckpoint === null ? 'no checkpoint was saved before it' : `the last good checkpoint (epoch ${lastCheckpoint}) is kept`;
    error = `training diverged: ${message}; ${kept}. Try a lower learning rate.`;
  };

  /** Reads a batch loss without blocking the loop, when the throttle allows. */
  const reportProgress = (epoch: number, batch: number, loss: tf.Scalar): void => {
    if (pendingRead || !cadence.due(batch, batchesPerEpoch, Date.now())) return;
    const copy = tf.keep(tf.clone(loss));
    pendingRead = copy.data().then((values) => {
      copy.dispose();
      pendingRead = null;
      const value = values[0]!;
      if (!Number.isFinite(value)) nonFiniteBatch ??= { epoch, batch, loss: value };
      callbacks.onProgress?.(epoch, batch, batchesPerEpoch, value);
    });
  };

  const checkpoint = async (epoch: number): Promise<boolean> => {
    if (!(await weightsAreFinite(trainable))) {
      diverge(`the weights became non-finite by the end of epoch ${epoch}`);
      return false;
    }
    await callbacks.onCheckpoint?.(epoch);
    lastCheckpoint = epoch;
    stepsSinceCheckpoint = 0;
    return true;
  };

  try {
    epochs: for (let epochIndex = 0; epochIndex < training.epochs; epochIndex++) {
      const epoch = epochIndex + 1;
      const learningRate = learningRateAt(training.lrSchedule, training.optimizer.learningRate, epochIndex, training.epochs);
      optimizer.setLearningRate(learningRate);
      const order = training.shuffle ? tf.tensor1d(permutation(n, random), 'int32') : null;
      let lossSum: tf.Scalar = tf.keep(tf.scalar(0));
      // VAE: running sum of [reconstruction, KL of each latent dimension] over the epoch's batches.
      let partsSum: tf.Tensor1D | null = vae ? tf.keep(tf.zeros([1 + vae.latent]) as tf.Tensor1D) : null;
      let batchesRun = 0;
      try {
        for (let batch = 0; batch < batchesPerEpoch; batch++) {
          if (callbacks.shouldStop?.()) {
            status = 'cancelled';
            break;
          }
          if (nonFiniteBatch) break;
          const start = batch * batchSize;
          const size = Math.min(batchSize, n - start);
          const batchStep = step++;
          const { newSum, newParts } = tf.tidy(() => {
            const xb = order ? tf.gather(xTrain, tf.slice(order, start, size)) : tf.slice(xTrain, start, size);
            // Denoising: the model sees the corrupted batch, the loss compares with the clean one.
            const input = corruption ? corrupt(xb, corruption, noiseSeed(training.seed, STREAM.trainCorruption, batchStep)) : xb;
            let batchParts: tf.Tensor1D | null = null;
            const loss = optimizer.step(() => {
                if (vae) {
                  const { total, parts } = vaeBatchLoss(models, input, xb, {
                    loss: training.loss,
                    beta: vae.beta,
                    noiseSeed: noiseSeed(training.seed, STREAM.vaeSampling, batchStep),
                  });
                  batchParts = tf.keep(parts);
                  return total;
                }
                // training: true puts batch normalisation in training mode (batch statistics, moving averages updated).
                const reconstruction = model.apply(input, { training: true }) as tf.Tensor;
                const penalties = model.calculateLosses();
                const dataLoss = lossOf(xb, reconstruction);
                return penalties.length > 0 ? (tf.add(dataLoss, tf.addN(penalties)) as tf.Scalar) : dataLoss;
            });
            reportProgress(epoch, batch + 1, loss);
            const sums = partsSum && batchParts ? (tf.add(partsSum, batchParts) as tf.Tensor1D) : undefined;
            if (batchParts) (batchParts as tf.Tensor1D).dispose();
            return { newSum: tf.add(lossSum, loss) as tf.Scalar, newParts: sums };
          });
          lossSum.dispose();
          lossSum = tf.keep(newSum);
          if (newParts) {
            partsSum?.dispose();
            partsSum = tf.keep(newParts);
          }
          batchesRun++;
          stepsSinceCheckpoint++;
          if (Date.now() - lastYield >= YIELD_INTERVAL_MS) {
            await sleepUntilNextTick();
            lastYield = Date.now();
          }
        }
        // The one read of the epoch.
        const meanLoss = batchesRun > 0 ? (await lossSum.data())[0]! / batchesRun : NaN;
        const batchParts = vae && partsSum && batchesRun > 0 ? vaePartsMetrics(await partsSum.data(), batchesRun, vae.beta).values : {};
        await pendingRead;
        if (nonFiniteBatch !== null) {
          const bad = nonFiniteBatch as { epoch: number; batch: number; loss: number };
          diverge(`the loss became ${bad.loss} at epoch ${bad.epoch}, batch ${bad.batch}`);
          break;
        }
        if (batchesRun > 0 && !Number.isFinite(meanLoss)) {
          diverge(`the loss became ${meanLoss} at epoch ${epoch}`);
          break;
        }
        if (status === 'cancelled') break;
        epochsDone = epoch;

        const isLast = epoch === training.epochs;
        const validate = isLast || epoch % training.validationEvery === 0;
        // A VAE's train reconstruction and KL are those of the sampled objective, averaged over the epoch's batches.
        let trainValues: MetricValues = { ...batchParts, loss: meanLoss };
        const metrics: EpochMetrics[] = [];
        if (validate) {
          const trainEval = await evaluate(xTrain, STREAM.trainEvalCorruption, TRAIN_EVAL_LIMIT);
          trainValues = { ...trainEval.values, ...batchParts, loss: meanLoss };
          const valEval = await evaluate(xVal, STREAM.valCorruption);
          finalMetrics.val = valEval.values;
          if (valEval.klPerDimension) await callbacks.onLatentKl?.(epoch, valEval.klPerDimension);
        }
        finalMetrics.train = trainValues;
        metrics.push({ epoch, split: 'train', values: trainValues });
        if (validate) metrics.push({ epoch, split: 'val', values: finalMetrics.val });
        await callbacks.onEpoch?.(epoch, metrics, Date.now() - started);

        const stopWhen = training.stopWhen;
        const target = validate && stopWhen ? finalMetrics.val[stopWhen.metric as keyof MetricValues] : undefined;
        const reachedTarget = target !== undefined && stopWhen !== undefined && target <= stopWhen.atMost;
        if (!isLast && !reachedTarget && epoch % training.checkpointEvery === 0) {
          if (!(await checkpoint(epoch))) break epochs;
        }
        if (reachedTarget) break;
      } finally {
        order?.dispose();
        lossSum.dispose();
        partsSum?.dispose();
      }
    }
    // Final checkpoint (completed or cancelled) unless the weights did not move since the last one.
    if ((status as TrainResult['status']) !== 'diverged' && epochsDone > 0 && stepsSinceCheckpoint > 0) await checkpoint(epochsDone);
  } finally {
    await pendingRead;
    xTrain.dispose();
    if (xVal !== xTrain) xVal.dispose();
    optimizer.dispose();
  }
  return { status, epochsDone, finalMetrics, error };
}
