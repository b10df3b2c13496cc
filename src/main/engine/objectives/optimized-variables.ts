/**
 * One optimizer and the variables it trains, as an objective holds it: the step (with the config's
 * weight decay, see createOptimizerStep) and the learning rate in one place, so that an objective
 * with one optimizer and one with two (a GAN) step the same way.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../../shared/config.js';
import { createOptimizerStep, readOptimizerState, restoreOptimizerState, trainablesOf, type OptimizerState, type OptimizerStep } from '../optimizers.js';
import type { StatefulOptimizer } from '../loop/training-state.js';

/** The distinct trainable variables of some models that may share layers. */
export function distinctTrainables(models: tf.LayersModel[]): tf.LayerVariable[] {
  const seen = new Map<string, tf.LayerVariable>();
  for (const model of models) for (const w of model.trainableWeights) seen.set(w.read().id.toString(), w);
  return [...seen.values()];
}

/**
 * Every distinct variable of some models, trainable or not (batch-norm moving statistics), in a
 * fixed order: what a resumable checkpoint keeps of them.
 */
export function distinctVariables(models: tf.LayersModel[]): tf.Variable[] {
  const seen = new Map<number, tf.Variable>();
  for (const model of models) {
    for (const w of model.weights) {
      const variable = w.read() as tf.Variable;
      seen.set(variable.id, variable);
    }
  }
  return [...seen.values()];
}

export class OptimizedVariables implements StatefulOptimizer {
  /** The variables this optimizer updates, in its fixed order. */
  readonly variables: tf.Variable[];
  private readonly optimizer: OptimizerStep;

  /** `weights` are trained by an optimizer made from `config`. */
  constructor(config: OptimizerConfig, weights: readonly tf.LayerVariable[]) {
    const trainables = trainablesOf(weights);
    this.variables = trainables.map((t) => t.variable);
    this.optimizer = createOptimizerStep(config, trainables);
  }

  setLearningRate(learningRate: number): void {
    this.optimizer.setLearningRate(learningRate);
  }

  /** One step on `loss` over the variables (weight decay included); returns the loss. Call inside tf.tidy. */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    return this.optimizer.step(loss);
  }

  /** The optimizer's moments, step count and (Adam) β powers, for a resumable checkpoint. */
  readState(): Promise<OptimizerState> {
    return readOptimizerState(this.optimizer.optimizer);
  }

  restoreState(state: OptimizerState): Promise<void> {
    return restoreOptimizerState(this.optimizer.optimizer, state);
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
