/**
 * The GAN training loop: per batch one discriminator step (real batch vs generated batch) then one
 * generator step (non-saturating loss), each with its own Adam. Like the autoencoder loop: seeded,
 * one gather per batch, nothing read back synchronously, the losses read once per epoch,
 * cooperative cancel at batch boundaries, and no checkpoint after a non-finite loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics } from '../../../shared/api.js';
import type { MetricValues, RunConfig } from '../../../shared/config.js';
import { permutation, seededRandom } from '../../../shared/random.js';
import { createOptimizerStep, learningRateAt, trainablesOf } from '../optimizers.js';
import type { TrainingCallbacks, TrainingData, TrainResult } from '../trainer.js';
import { priorBatch, priorCodes, type GanModels } from './models.js';
import { progressCadence } from '../progress-cadence.js';

/** Validation scores the discriminator on at most this many held-out real samples (and as many generated ones). */
export const GAN_EVAL_LIMIT = 1024;
/** Seed offset of the fixed validation codes (apart from the training noise and the sample grid). */
const EVAL_CODES_SEED_OFFSET = 7777;
const YIELD_INTERVAL_MS = 10;

export interface GanTrainArgs {
  models: GanModels;
  config: RunConfig;
  data: TrainingData;
  callbacks?: TrainingCallbacks;
  progressIntervalMs?: number;
  /** Per-step metrics: read the batch loss about this many times per epoch (every N steps) instead of by time. */
  progressPointsPerEpoch?: number;
}

type GanConfig = Extract<RunConfig['model'], { kind: 'gan' }>;

const sleepUntilNextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Mean sigmoid cross-entropy of logits against an all-ones or all-zeros target. */
function bceWithLogits(logits: tf.Tensor, target: 0 | 1): tf.Scalar {
  const labels = target === 1 ? tf.onesLike(logits) : tf.zerosLike(logits);
  return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
}

/** Discriminator loss: real samples should score 1, generated ones 0 (sum of the two means). */
function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.add(bceWithLogits(realLogits, 1), bceWithLogits(fakeLogits, 0)) as tf.Scalar;
}

/**
 * D and G losses of real samples `x` against the generator's images of `codes`, in inference
 * mode. `loss` is the generator loss, the quantity the generator minimises (see ganLossValues).
 */
export async function evaluateGan(models: GanModels, x: tf.Tensor, codes: tf.Tensor2D): Promise<MetricValues> {
  const losses = tf.tidy(() => {
    const fakeLogits = models.discriminator.apply(models.generator.apply(codes, { training: false }), { training: false }) as tf.Tensor;
    const realLogits = models.discriminator.apply(x, { training: false }) as tf.Tensor;
    return tf.stack([discriminatorLoss(realLogits, fakeLogits), bceWithLogits(fakeLogits, 1)]);
  });
  const [d, g] = await losses.data();
  losses.dispose();
  return ganLossValues(d!, g!);
}

/** The metric record of a GAN: `loss` is the generator loss (the number the progress bar shows). */
const ganLossValues = (d: number, g: number): MetricValues => ({ loss: g, discriminatorLoss: d, generatorLoss: g });

async function allFinite(weights: tf.Variable[]): Promise<boolean> {
  const flag = tf.tidy(() => tf.all(tf.stack(weights.map((w) => tf.all(tf.isFinite(w))))));
  const value = (await flag.data())[0];
  flag.dispose();
  return value === 1;
}

/**
 * Trains `models` on the real samples of `data.train` as `config.training` says (Adam betas and
 * the generator's learning rate from training.optimizer; the discriminator's from
 * model.discriminatorLearningRate when set). Resolves `completed`, `cancelled` or `diverged`.
 */
export async function trainGan(args: GanTrainArgs): Promise<TrainResult> {
  const { models, config, data, callbacks = {} } = args;
  const gan = config.model as GanConfig;
  if (gan.kind !== 'gan') throw new Error(`trainGan: model.kind is "${gan.kind}", not "gan"`);
  const training = config.training;
  const sampleSize = data.sampleShape.reduce((a, b) => a * b, 1);
  for (const [name, split] of [['train', data.train], ['val', data.val]] as const) {
    if (split.n <= 0) throw new Error(`training data: the ${name} split is empty`);
    if (split.x.length !== split.n * sampleSize) throw new Error(`training data: the ${name} split holds ${split.x.length} values, expected ${split.n} × ${sampleSize}`);
  }
  const cadence = progressCadence({ intervalMs: args.progressIntervalMs ?? 100, pointsPerEpoch: args.progressPointsPerEpoch });
  const generatorWeights = models.generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const discriminatorWeights = models.discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const stopWhen = training.stopWhen;
  if (stopWhen && !['loss', 'discriminatorLoss', 'generatorLoss'].includes(stopWhen.metric)) {
    throw new Error(`training.stopWhen.metric: a GAN records loss, discriminatorLoss and generatorLoss, not "${stopWhen.metric}"`);
  }
  const generatorOptimizer = createOptimizerStep(training.optimizer, trainablesOf(models.generator.trainableWeights));
  const discriminatorRate = gan.discriminatorLearningRate ?? training.optimizer.learningRate;
  const discriminatorOptimizer = createOptimizerStep(
    { ...training.optimizer, learningRate: discriminatorRate },
    trainablesOf(models.discriminator.trainableWeights),
  );
  const random = seededRandom(training.seed);
  const n = data.train.n;
  const batchSize = Math.min(training.batchSize, n);
  const batchesPerEpoch = Math.ceil(n / batchSize);

  const xTrain = tf.tensor(data.train.x, [n, ...data.sampleShape]);
  const valN = Math.min(data.val.n, GAN_EVAL_LIMIT);
  const xVal = tf.tensor(data.val.x.subarray(0, valN * sampleSize), [valN, ...data.sampleShape]);
  const evalCodes = tf.tensor2d(priorCodes(gan.prior, gan.latent, valN, training.seed + EVAL_CODES_SEED_OFFSET), [valN, gan.latent]);

  const started = Date.now();
  let lastYield = Date.now();
  let pendingRead: Promise<void> | null = null;
  let nonFinite: string | null = null;
  let status: TrainResult['status'] = 'completed';
  let error: string | null = null;
  let epochsDone = 0;
  let stepsSinceCheckpoint = 0;
  let lastCheckpoint: number | null = null;
  const finalMetrics: TrainResult['finalMetrics'] = { train: {}, val: {} };

  const diverge = (message: string): void => {
    status = 'diverged';
    const kept = lastCheckpoint === null ? 'no checkpoint was saved before it' : `the last good checkpoint (epoch ${lastCheckpoint}) is kept`;
    error = `training diverged: ${message}; ${kept}. Try lower learning rates.`;
  };

  const reportProgress = (epoch: number, batch: number, generatorLoss: tf.Scalar): void => {
    if (pendingRead || !cadence.due(batch, batchesPerEpoch, Date.now())) return;
    const copy = tf.keep(tf.clone(generatorLoss));
    pendingRead = copy.data().then((values) => {
      copy.dispose();
      pendingRead = null;
      const value = values[0]!;
      if (!Number.isFinite(value)) nonFinite ??= `the generator loss became ${value} at epoch ${epoch}, batch ${batch}`;
      callbacks.onProgress?.(epoch, batch, batchesPerEpoch, value);
    });
  };

  const checkpoint = async (epoch: number): Promise<boolean> => {
    if (!(await allFinite([...generatorWeights, ...discriminatorWeights]))) {
      diverge(`the weights became non-finite by the end of epoch ${epoch}`);
      return false;
    }
    await callbacks.onCheckpoint?.(epoch);
    lastCheckpoint = epoch;
    stepsSinceCheckpoint = 0;
    return true;
  };

  /** One discriminator step then one generator step; returns [D loss, G loss] of the batch. */
  const step = (xb: tf.Tensor, size: number): tf.Tensor1D => {
    const fakes = models.generator.apply(priorBatch(gan.prior, gan.latent, size, Math.floor(random() * 2 ** 31)), { training: true }) as tf.Tensor;
    const dLoss = discriminatorOptimizer.step(() => {
      const realLogits = models.discriminator.apply(xb, { training: true }) as tf.Tensor;
      const fakeLogits = models.discriminator.apply(fakes, { training: true }) as tf.Tensor;
      return discriminatorLoss(realLogits, fakeLogits);
    });
    const noise = priorBatch(gan.prior, gan.latent, size, Math.floor(random() * 2 ** 31));
    const gLoss = generatorOptimizer.step(() =>
      bceWithLogits(models.discriminator.apply(models.generator.apply(noise, { training: true }), { training: true }) as tf.Tensor, 1),
    );
    return tf.stack([dLoss, gLoss]) as tf.Tensor1D;
  };

  try {
    for (let epochIndex = 0; epochIndex < training.epochs; epochIndex++) {
      const epoch = epochIndex + 1;
      const learningRate = learningRateAt(training.lrSchedule, training.optimizer.learningRate, epochIndex, training.epochs);
      generatorOptimizer.setLearningRate(learningRate);
      discriminatorOptimizer.setLearningRate((learningRate * discriminatorRate) / training.optimizer.learningRate);
      const order = training.shuffle ? tf.tensor1d(permutation(n, random), 'int32') : null;
      let lossSums: tf.Tensor1D = tf.keep(tf.zeros([2]));
      let batchesRun = 0;
      try {
        for (let batch = 0; batch < batchesPerEpoch; batch++) {
          if (callbacks.shouldStop?.()) {
            status = 'cancelled';
            break;
          }
          if (nonFinite) break;
          const start = batch * batchSize;
          const size = Math.min(batchSize, n - start);
          const newSums = tf.tidy(() => {
            const xb = order ? tf.gather(xTrain, tf.slice(order, start, size)) : tf.slice(xTrain, start, size);
            const losses = step(xb, size);
            reportProgress(epoch, batch + 1, tf.slice(losses, 1, 1).reshape([]) as tf.Scalar);
            return tf.add(lossSums, losses) as tf.Tensor1D;
          });
          lossSums.dispose();
          lossSums = tf.keep(newSums);
          batchesRun++;
          stepsSinceCheckpoint++;
          if (Date.now() - lastYield >= YIELD_INTERVAL_MS) {
            await sleepUntilNextTick();
            lastYield = Date.now();
          }
        }
        // The one read of the epoch.
        const [dSum, gSum] = await lossSums.data();
        await pendingRead;
        const [dMean, gMean] = [dSum! / batchesRun, gSum! / batchesRun];
        if (nonFinite) {
          diverge(nonFinite);
          break;
        }
        if (batchesRun > 0 && !(Number.isFinite(dMean) && Number.isFinite(gMean))) {
          diverge(`the losses became D ${dMean}, G ${gMean} at epoch ${epoch}`);
          break;
        }
        if (status === 'cancelled') break;
        epochsDone = epoch;

        const isLast = epoch === training.epochs;
        const validate = isLast || epoch % training.validationEvery === 0;
        finalMetrics.train = ganLossValues(dMean, gMean);
        const metrics: EpochMetrics[] = [{ epoch, split: 'train', values: finalMetrics.train }];
        if (validate) {
          finalMetrics.val = await evaluateGan(models, xVal, evalCodes);
          metrics.push({ epoch, split: 'val', values: finalMetrics.val });
        }
        await callbacks.onEpoch?.(epoch, metrics, Date.now() - started);
        const target = validate && stopWhen ? finalMetrics.val[stopWhen.metric as keyof MetricValues] : undefined;
        const reachedTarget = target !== undefined && stopWhen !== undefined && target <= stopWhen.atMost;
        if (!isLast && !reachedTarget && epoch % training.checkpointEvery === 0 && !(await checkpoint(epoch))) break;
        if (reachedTarget) break;
      } finally {
        order?.dispose();
        lossSums.dispose();
      }
    }
    if ((status as TrainResult['status']) !== 'diverged' && epochsDone > 0 && stepsSinceCheckpoint > 0) await checkpoint(epochsDone);
  } finally {
    await pendingRead;
    xTrain.dispose();
    xVal.dispose();
    evalCodes.dispose();
    generatorOptimizer.dispose();
    discriminatorOptimizer.dispose();
  }
  return { status, epochsDone, finalMetrics, error };
}
