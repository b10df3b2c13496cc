/**
 * The one training loop (like tfjs-layers' fitLoop): epochs, batches, shuffling, the seeding of
 * every noise stream, cooperative cancel, divergence, throttled progress, the validation schedule,
 * stopWhen, checkpoints and yielding to the event loop. What is trained and how is the objective's.
 *
 * A custom loop rather than model.fit, so that a batch costs one gather and one step and nothing is
 * read back synchronously until the end of the epoch. Plain Node, usable inside a worker thread.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics } from '../../../shared/api.js';
import type { MetricValues, TrainingConfig } from '../../../shared/config.js';
import { permutation, seededRandom } from '../../../shared/random.js';
import type { Split } from '../../datasets/types.js';
import { noiseSeed } from '../corruption.js';
import { learningRateAt } from '../optimizers.js';
import { progressCadence } from '../progress-cadence.js';
import { allFinite, EventLoopYielder, ThrottledLossReader } from './loop-support.js';
import type { Objective, TrainingCallbacks, TrainingData, TrainResult } from './objective.js';
import { captureTrainingState, restoreTrainingState, type TrainingState } from './training-state.js';

/** What the loop needs of a run's training settings (the optimizer itself is the objective's). */
export type LoopSettings = Pick<TrainingConfig, 'epochs' | 'batchSize' | 'seed' | 'shuffle' | 'validationEvery' | 'checkpointEvery' | 'lrSchedule' | 'stopWhen'> & {
  /** The initial learning rate the schedule starts from. */
  learningRate: number;
};

/** The loop settings of a run's training config. */
export function loopSettingsOf(training: TrainingConfig): LoopSettings {
  return { ...training, learningRate: training.optimizer.learningRate };
}

export interface FitArgs {
  objective: Objective;
  settings: LoopSettings;
  data: TrainingData;
  callbacks?: TrainingCallbacks;
  /** Minimum time between two onProgress calls (default 100 ms: at most 10 per second). */
  progressIntervalMs?: number;
  /** Per-step metrics: read the batch loss about this many times per epoch (every N steps) instead of by time. */
  progressPointsPerEpoch?: number;
  /**
   * Continue from a checkpoint's training state (same config, same data): the weights and the
   * optimizers are restored, the batch order is fast-forwarded, and training goes on at the
   * state's epoch and batch with its step count, so the result matches an uninterrupted run.
   */
  resumeFrom?: TrainingState;
}

function checkSplit(name: string, split: Split, sampleSize: number): void {
  if (split.n <= 0) throw new Error(`training data: the ${name} split is empty`);
  if (split.x.length !== split.n * sampleSize) {
    throw new Error(`training data: the ${name} split holds ${split.x.length} values, expected n × sample size = ${split.n} × ${sampleSize}`);
  }
}

/** The first metric of a record that is not finite, as "name value". */
function firstNonFinite(values: MetricValues): string | null {
  for (const [name, value] of Object.entries(values)) if (value !== undefined && !Number.isFinite(value)) return `the ${name} became ${value}`;
  return null;
}

/** Refuses a stopWhen metric the objective never records on this data. */
function checkStopMetric(metric: string | undefined, objective: Objective, binary: boolean): void {
  if (metric === undefined) return;
  const recorded: readonly string[] = objective.recordedMetrics(binary);
  if (recorded.includes(metric)) return;
  if ((objective.recordedMetrics(true) as readonly string[]).includes(metric)) {
    throw new Error(`training.stopWhen.metric: "${metric}" is only computed for binary datasets`);
  }
  throw new Error(`training.stopWhen.metric: ${objective.description} records ${recorded.join(', ')}, not "${metric}"`);
}

/** Refuses a training state that does not belong to this run's settings and data. */
function checkResumeState(state: TrainingState, settings: LoopSettings, n: number, batchSize: number, batchesPerEpoch: number): void {
  const mismatch = (what: string, saved: unknown, now: unknown): Error =>
    new Error(`cannot resume: the checkpoint was trained with ${what} ${String(saved)}, the run now has ${String(now)}`);
  if (state.seed !== settings.seed) throw mismatch('seed', state.seed, settings.seed);
  if (state.trainSize !== n) throw mismatch('training samples', state.trainSize, n);
  if (state.batchSize !== batchSize) throw mismatch('batch size', state.batchSize, batchSize);
  if (state.shuffle !== settings.shuffle) throw mismatch('shuffle', state.shuffle, settings.shuffle);
  if (state.batch < 0 || state.batch >= batchesPerEpoch || state.step !== state.epoch * batchesPerEpoch + state.batch) {
    throw new Error(`cannot resume: the checkpoint's position (epoch ${state.epoch}, batch ${state.batch}, step ${state.step}) does not fit ${batchesPerEpoch} batches an epoch`);
  }
}

/**
 * Trains `objective` on `data` as `settings` say.
 *
 * Resolves with the final status: `completed` (all epochs, or stopWhen reached), `cancelled`
 * (shouldStop returned true) or `diverged` (a non-finite loss or weights; no checkpoint is taken
 * after that, so the caller's last checkpoint stays the last good one). Bad inputs throw.
 * The objective stays the caller's to dispose.
 */
export async function fit(args: FitArgs): Promise<TrainResult> {
  const { objective, settings, data, callbacks = {} } = args;
  const sampleSize = data.sampleShape.reduce((a, b) => a * b, 1);
  checkSplit('train', data.train, sampleSize);
  checkSplit('val', data.val, sampleSize);
  checkStopMetric(settings.stopWhen?.metric, objective, data.binary);

  const random = seededRandom(settings.seed);
  const n = data.train.n;
  const batchSize = Math.min(settings.batchSize, n);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const cadence = progressCadence({ intervalMs: args.progressIntervalMs ?? 100, pointsPerEpoch: args.progressPointsPerEpoch });
  // A step's values named as an epoch of one batch names them: the loss, a VAE's parts, a GAN's two losses.
  const progress = new ThrottledLossReader(cadence, batchesPerEpoch, (epoch, batch, values) =>
    callbacks.onProgress?.(epoch, batch, batchesPerEpoch, values[0]!, objective.epochMetrics(values, 1)),
  );
  const yielder = new EventLoopYielder();

  // The dataset goes to the device once; batches are gathered from it.
  const xTrain = tf.tensor(data.train.x, [n, ...data.sampleShape]);
  const xVal = data.val === data.train ? xTrain : tf.tensor(data.val.x, [data.val.n, ...data.sampleShape]);

  // A resume's clock goes on from the state's elapsed time (the time lost in between is not counted).
  const started = Date.now() - (args.resumeFrom?.elapsedMs ?? 0);
  /** elapsedMs of the last epoch reported: what a checkpoint at an epoch boundary keeps. */
  let lastEpochElapsed = args.resumeFrom?.elapsedMs ?? 0;
  let step = 0;
  let status: TrainResult['status'] = 'completed';
  let error: string | null = null;
  let epochsDone = 0;
  let stepsSinceCheckpoint = 0;
  let lastCheckpoint: number | null = null;
  const finalMetrics: TrainResult['finalMetrics'] = { train: {}, val: {} };
  /** Where the first epoch starts: after a resume, the state's epoch and batch. */
  let first = { epochIndex: 0, batch: 0, sums: null as number[] | null };
  /** A cancel in the middle of an epoch: the batches of it trained and their summed values (kept by the final checkpoint). */
  let partial: { batch: number; sums: number[] | null } | null = null;

  const resumeFrom = args.resumeFrom;
  if (resumeFrom) {
    if (!objective.state) throw new Error(`cannot resume: ${objective.description} keeps no training state`);
    checkResumeState(resumeFrom, settings, n, batchSize, batchesPerEpoch);
    await restoreTrainingState(objective.state, resumeFrom);
    // The batch order: draw the permutations of the epochs already trained again (the generator's position).
    if (settings.shuffle) for (let e = 0; e < resumeFrom.epoch; e++) permutation(n, random);
    step = resumeFrom.step;
    epochsDone = resumeFrom.epoch;
    lastCheckpoint = resumeFrom.epoch;
    first = { epochIndex: resumeFrom.epoch, batch: resumeFrom.batch, sums: resumeFrom.batch > 0 ? resumeFrom.partialSums : null };
  }

  const diverge = (message: string): void => {
    status = 'diverged';
    const kept = lastCheckpoint === null ? 'no checkpoint was saved before it' : `the last good checkpoint (epoch ${lastCheckpoint}) is kept`;
    error = `training diverged: ${message}; ${kept}. Try a lower learning rate.`;
  };

  const checkpoint = async (epoch: number): Promise<boolean> => {
    if (!(await allFinite(objective.trainables))) {
      diverge(`the weights became non-finite by the end of epoch ${epoch}`);
      return false;
    }
    const state = objective.state
      ? await captureTrainingState(objective.state, {
          epoch,
          batch: partial?.batch ?? 0,
          step,
          elapsedMs: partial ? Date.now() - started : lastEpochElapsed,
          partialSums: partial?.sums ?? null,
          seed: settings.seed,
          trainSize: n,
          batchSize,
          shuffle: settings.shuffle,
        })
      : null;
    await callbacks.onCheckpoint?.(epoch, state);
    lastCheckpoint = epoch;
    stepsSinceCheckpoint = 0;
    return true;
  };

  /**
   * Runs the batches of one epoch from `firstBatch` (a resume in the middle of an epoch starts there
   * with the summed values of the batches before it); returns the summed step values (caller
   * disposes) and how many batches of the epoch have run.
   */
  const runEpoch = async (epoch: number, firstBatch: number, firstSums: number[] | null): Promise<{ sums: tf.Tensor1D | null; batchesRun: number }> => {
    const order = settings.shuffle ? tf.tensor1d(permutation(n, random), 'int32') : null;
    let sums: tf.Tensor1D | null = firstSums ? tf.tensor1d(firstSums, 'float32') : null;
    let batchesRun = firstBatch;
    try {
      for (let batch = firstBatch; batch < batchesPerEpoch; batch++) {
        if (callbacks.shouldStop?.()) {
          status = 'cancelled';
          break;
        }
        if (progress.nonFinite) break;
        const start = batch * batchSize;
        const size = Math.min(batchSize, n - start);
        const batchStep = step++;
        const newSums = tf.tidy(() => {
          const indices = order ? tf.slice(order, start, size) : tf.range(start, start + size, 1, 'int32');
          const x = order ? tf.gather(xTrain, indices) : tf.slice(xTrain, start, size);
          const values = objective.step({ x, indices, size, step: batchStep, noiseSeed: (stream) => noiseSeed(settings.seed, stream, batchStep) });
          progress.offer(epoch, batch + 1, values);
          return sums ? (tf.add(sums, values) as tf.Tensor1D) : values;
        });
        sums?.dispose();
        sums = tf.keep(newSums);
        batchesRun++;
        stepsSinceCheckpoint++;
        callbacks.onBatchEnd?.(epoch, batch + 1, batchesPerEpoch);
        await yielder.yieldWhenDue();
      }
    } catch (e) {
      sums?.dispose();
      throw e;
    } finally {
      order?.dispose();
    }
    return { sums, batchesRun };
  };

  /** Validation epochs evaluate both splits; returns the epoch's metric records. */
  const recordEpoch = async (epoch: number, trainValues: MetricValues, validate: boolean): Promise<EpochMetrics[]> => {
    let values = trainValues;
    let valValues: MetricValues | null = null;
    if (validate) {
      const trainEval = await objective.evaluate('train', xTrain);
      // The epoch's own values (the mean batch loss, a VAE's sampled parts) win over the evaluation's.
      if (trainEval) values = { ...trainEval.values, ...trainValues };
      const valEval = await objective.evaluate('val', xVal);
      if (valEval) {
        valValues = valEval.values;
        finalMetrics.val = valValues;
        if (valEval.klPerDimension) await callbacks.onLatentKl?.(epoch, valEval.klPerDimension);
      }
    }
    finalMetrics.train = values;
    const metrics: EpochMetrics[] = [{ epoch, split: 'train', values }];
    if (valValues) metrics.push({ epoch, split: 'val', values: valValues });
    return metrics;
  };

  try {
    for (let epochIndex = first.epochIndex; epochIndex < settings.epochs; epochIndex++) {
      const epoch = epochIndex + 1;
      objective.setLearningRate(learningRateAt(settings.lrSchedule, settings.learningRate, epochIndex, settings.epochs));
      const resumed = epochIndex === first.epochIndex ? first : { batch: 0, sums: null };
      const { sums, batchesRun } = await runEpoch(epoch, resumed.batch, resumed.sums);
      let trainValues: MetricValues = {};
      let sumValues: number[] | null = null;
      try {
        // The one read of the epoch.
        if (sums && batchesRun > 0) {
          sumValues = Array.from(await sums.data());
          trainValues = objective.epochMetrics(sumValues, batchesRun);
        }
      } finally {
        sums?.dispose();
      }
      await progress.settle();
      const badBatch = progress.nonFinite;
      if (badBatch) {
        diverge(`the loss became ${badBatch.loss} at epoch ${badBatch.epoch}, batch ${badBatch.batch}`);
        break;
      }
      const nonFinite = firstNonFinite(trainValues);
      if (nonFinite) {
        diverge(`${nonFinite} at epoch ${epoch}`);
        break;
      }
      if ((status as TrainResult['status']) === 'cancelled') {
        if (batchesRun > 0 && batchesRun < batchesPerEpoch) partial = { batch: batchesRun, sums: sumValues };
        break;
      }
      epochsDone = epoch;

      const isLast = epoch === settings.epochs;
      const validate = isLast || epoch % settings.validationEvery === 0;
      // Recorded before the call: an optional call (?.) would skip evaluating its arguments.
      const metrics = await recordEpoch(epoch, trainValues, validate);
      lastEpochElapsed = Date.now() - started;
      await callbacks.onEpoch?.(epoch, metrics, lastEpochElapsed);

      const stopWhen = settings.stopWhen;
      const target = validate && stopWhen ? finalMetrics.val[stopWhen.metric as keyof MetricValues] : undefined;
      const reachedTarget = target !== undefined && stopWhen !== undefined && target <= stopWhen.atMost;
      if (!isLast && !reachedTarget && epoch % settings.checkpointEvery === 0 && !(await checkpoint(epoch))) break;
      if (reachedTarget) break;
    }
    // Final checkpoint (completed or cancelled) unless the weights did not move since the last one.
    if ((status as TrainResult['status']) !== 'diverged' && epochsDone > 0 && stepsSinceCheckpoint > 0) await checkpoint(epochsDone);
  } finally {
    await progress.settle();
    xTrain.dispose();
    if (xVal !== xTrain) xVal.dispose();
  }
  return { status, epochsDone, finalMetrics, error };
}
