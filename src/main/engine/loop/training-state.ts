/**
 * The training state a checkpoint keeps beside the models, so that a run continues exactly where
 * it stopped (issue 12, resume): every variable of the models (trainable weights, batch-norm moving
 * statistics, a VAE's log-variance head, a GAN's discriminator), every optimizer's state (moments,
 * step count, Adam's β powers), and the loop's position (epochs and steps done).
 *
 * The random streams need no state of their own: per-step noise is keyed by the global step
 * (noiseSeed(seed, stream, step)), evaluation noise by the evaluation batch, and the epoch
 * permutations come from seededRandom(seed), which the loop fast-forwards on resume by drawing the
 * permutations of the epochs already trained again (one per epoch). The learning rate is a function
 * of the epoch index, so the epoch is its schedule position.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerState } from '../optimizers.js';
import { TRAINING_STATE_VERSION } from '../training-state-files.js';

export { TRAINING_STATE_VERSION };

/** One variable's value. */
export interface VariableValue {
  shape: number[];
  values: Float32Array;
}

/** What the loop and the objective need to continue a run. */
export interface TrainingState {
  version: typeof TRAINING_STATE_VERSION;
  /** Whole epochs trained. */
  epoch: number;
  /**
   * Batches of the next epoch already trained (a run cancelled in the middle of an epoch keeps
   * them); 0 at an epoch boundary. The continuation trains the rest of that epoch's permutation.
   */
  batch: number;
  /** Optimisation steps taken over the whole run: the position of every per-step noise stream. */
  step: number;
  /**
   * Training time up to this state (ms): the last epoch's elapsedMs, or the time of the cancel in the
   * middle of an epoch. A resume's clock continues from it, so the time lost in a crash is not
   * counted. Absent in states written before it was kept (their resume counts from 0).
   */
  elapsedMs?: number;
  /** With `batch` > 0: the summed step values of those batches (the epoch's train record goes on from them). */
  partialSums: number[] | null;
  /** What the batch order depends on, checked when resuming. */
  seed: number;
  trainSize: number;
  batchSize: number;
  shuffle: boolean;
  /** Every variable of the models, in the objective's fixed order. */
  variables: VariableValue[];
  /** Every optimizer of the objective, in its fixed order. */
  optimizers: OptimizerState[];
}

/** The position of the loop a state is taken at (the rest is read from the objective). */
export type LoopPosition = Pick<TrainingState, 'epoch' | 'batch' | 'step' | 'elapsedMs' | 'partialSums' | 'seed' | 'trainSize' | 'batchSize' | 'shuffle'>;

/** An optimizer whose state can be read and put back. */
export interface StatefulOptimizer {
  readState(): Promise<OptimizerState>;
  restoreState(state: OptimizerState): Promise<void>;
}

/** What an objective exposes for checkpoints that can be resumed. */
export interface ObjectiveState {
  /** Every variable of the models in a fixed order: trainable or not (batch-norm moving statistics). */
  readonly variables: readonly tf.Variable[];
  /** The objective's optimizers in a fixed order. */
  readonly optimizers: readonly StatefulOptimizer[];
}

/** Reads the state of `objective` at `position`. */
export async function captureTrainingState(objective: ObjectiveState, position: LoopPosition): Promise<TrainingState> {
  const variables: VariableValue[] = [];
  for (const variable of objective.variables) {
    if (variable.dtype !== 'float32') throw new Error(`variable ${variable.name} is ${variable.dtype}; a training state holds float32 values`);
    variables.push({ shape: [...variable.shape], values: new Float32Array(await variable.data()) });
  }
  const optimizers: OptimizerState[] = [];
  for (const optimizer of objective.optimizers) optimizers.push(await optimizer.readState());
  return { version: TRAINING_STATE_VERSION, ...position, variables, optimizers };
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Puts `state` into a freshly built objective of the same run config; throws when they do not match. */
export async function restoreTrainingState(objective: ObjectiveState, state: TrainingState): Promise<void> {
  if (state.variables.length !== objective.variables.length) {
    throw new Error(`the checkpoint holds ${state.variables.length} variables, the run's models have ${objective.variables.length}`);
  }
  if (state.optimizers.length !== objective.optimizers.length) {
    throw new Error(`the checkpoint holds ${state.optimizers.length} optimizer states, the run has ${objective.optimizers.length} optimizers`);
  }
  objective.variables.forEach((variable, i) => {
    const saved = state.variables[i]!;
    if (!sameShape(saved.shape, variable.shape)) {
      throw new Error(`variable ${i} of the checkpoint has shape [${saved.shape.join(', ')}], the run's model has [${variable.shape.join(', ')}]`);
    }
  });
  tf.tidy(() => objective.variables.forEach((variable, i) => variable.assign(tf.tensor(state.variables[i]!.values, state.variables[i]!.shape, 'float32'))));
  for (let i = 0; i < objective.optimizers.length; i++) await objective.optimizers[i]!.restoreState(state.optimizers[i]!);
}
