/**
 * What plugs into the one training loop (fit.ts): an objective owns its trainable variables, its
 * optimizer(s) and its step, and evaluates itself; the loop owns everything around the step.
 *
 * Like Lightning's automatic vs manual optimisation: an autoencoder's step is one optimizer's
 * minimize, a GAN's step is two (discriminator, then generator) — both are just `step`.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EpochMetrics } from '../../../shared/api.js';
import type { MetricName, MetricValues } from '../../../shared/config.js';
import type { Split } from '../../datasets/types.js';
import type { ObjectiveState, TrainingState } from './training-state.js';

/** The samples a run trains and validates on (values in [0, 1], channels last). */
export interface TrainingData {
  sampleShape: number[];
  /** Binary datasets get the wrong-pixel metrics. */
  binary: boolean;
  train: Split;
  /** Validation split; pass the training split itself to validate on it (tiny sets). */
  val: Split;
}

/**
 * The loop's independent noise streams: each purpose draws its noise from its own stream so that
 * it is reproducible on its own (see noiseSeed in corruption.ts). A stream's position is the step
 * (training) or the evaluation batch index, so nothing but the step count is needed to continue one.
 */
export const NOISE_STREAM = {
  trainCorruption: 0,
  valCorruption: 1,
  trainEvalCorruption: 2,
  vaeSampling: 3,
  ganDiscriminatorNoise: 4,
  ganGeneratorNoise: 5,
} as const;

/** One training batch as the loop hands it to an objective's step. */
export interface Batch {
  /** The batch of samples, [size, ...sampleShape]. */
  x: tf.Tensor;
  /** Indices of the batch's samples in the training split (int32), for objectives that read labels. */
  indices: tf.Tensor1D;
  size: number;
  /** 0-based optimisation step over the whole run: the position of every per-step noise stream. */
  step: number;
  /** Seed of this step's noise in `stream` (one of NOISE_STREAM). */
  noiseSeed(stream: number): number;
}

/** An evaluation of one split: its metric values and, for a latent-variable model, the KL per latent dimension. */
export interface Evaluation {
  values: MetricValues;
  klPerDimension?: number[];
}

/** Which split an evaluation is for: `train` evaluations see at most TRAIN_EVAL_LIMIT samples. */
export type EvaluationSplit = 'train' | 'val';

export interface Objective {
  /** What is trained, for messages: "an autoencoder", "a GAN". */
  readonly description: string;
  /** Every variable the objective trains: all must be finite before a checkpoint is taken. */
  readonly trainables: tf.Variable[];
  /** Metric names the objective records (on `binary` data), for the stopWhen check. */
  recordedMetrics(binary: boolean): readonly MetricName[];
  /** Sets the learning rate(s) of the epoch; the loop computes the schedule. */
  setLearningRate(learningRate: number): void;
  /**
   * One optimisation step on a batch, called inside tf.tidy. Returns the values to sum over the
   * epoch (read once at its end); the first one is the loss that batch progress shows.
   */
  step(batch: Batch): tf.Tensor1D;
  /** The train metric record of an epoch from the summed step values over `batches` batches. */
  epochMetrics(sums: ArrayLike<number>, batches: number): MetricValues;
  /** Evaluates a split in inference mode; null when the objective has no evaluation of that split. */
  evaluate(split: EvaluationSplit, x: tf.Tensor): Promise<Evaluation | null>;
  /**
   * What a resumable checkpoint keeps beside the loop's position: every variable of the models and
   * every optimizer. Absent: the objective's checkpoints cannot be resumed.
   */
  readonly state?: ObjectiveState;
  /** Frees the optimizers and whatever else the objective allocated (not the models). */
  dispose(): void;
}

/** How the loop talks to its caller. Every callback is optional. */
export interface TrainingCallbacks {
  /** An epoch ended (1-based): its train metrics, and val metrics at validation epochs. */
  onEpoch?(epoch: number, metrics: EpochMetrics[], elapsedMs: number): void | Promise<void>;
  /**
   * Batch progress (1-based batch), throttled; `loss` is the batch loss, read asynchronously, and
   * `values` the batch's named values (`loss`, a VAE's reconstruction and KL parts, a GAN's two losses)
   * as `epochMetrics` names them.
   */
  onProgress?(epoch: number, batch: number, batchesPerEpoch: number, loss: number, values?: MetricValues): void;
  /** A batch ended (1-based), every batch, nothing read back: for counters. */
  onBatchEnd?(epoch: number, batch: number, batchesPerEpoch: number): void;
  /**
   * Save the models now (they hold the weights after `epoch`), with `state`, the training state a
   * continuation needs (null when the objective keeps none). Never called after a non-finite loss.
   */
  onCheckpoint?(epoch: number, state: TrainingState | null): Promise<void>;
  /** Latent-variable models: the KL of each latent dimension on the validation split, at each validation epoch. */
  onLatentKl?(epoch: number, klPerDimension: number[]): void | Promise<void>;
  /** Cooperative cancel, polled at batch boundaries. */
  shouldStop?(): boolean;
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
