/**
 * One optimizer and the variables it trains, as an objective holds it: the step (with the config's
 * weight decay, see createOptimizerStep) and the learning rate in one place, so that an objective
 * with one optimizer and one with two (a GAN) step the same way.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../../shared/config.js';
import { createOptimizerStep, trainablesOf, type OptimizerStep } from '../optimizers.js';

/** The distinct trainable variables of some models that may share layers. */
export function distinctTrainables(models: tf.LayersModel[]): tf.LayerVariable[] {
  const seen = new Map<string, tf.LayerVariable>();
  for (const model of models) for (const w of model.trainableWeights) seen.set(w.read().id.toString(), w);
  return [...seen.values()];
}

export class OptimizedVariables {
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

  dispose(): void {
    this.optimizer.dispose();
  }
}
