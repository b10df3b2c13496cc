/**
 * One optimizer and the variables it trains: the step (minimize, then decoupled weight decay of the
 * kernels) and the learning rate in one place, so that an objective with one optimizer and one with
 * two (a GAN) step the same way.
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../../shared/config.js';
import { applyWeightDecay, createOptimizer, setLearningRate } from '../optimizers.js';

/** The distinct trainable variables of some models that may share layers. */
export function distinctTrainables(models: tf.LayersModel[]): tf.LayerVariable[] {
  const seen = new Map<string, tf.LayerVariable>();
  for (const model of models) for (const w of model.trainableWeights) seen.set(w.read().id.toString(), w);
  return [...seen.values()];
}

export class OptimizedVariables {
  readonly variables: tf.Variable[];
  private readonly kernels: tf.Variable[];
  private readonly optimizer: tf.Optimizer;
  private learningRate: number;

  /** `weights` are trained by an optimizer made from `config` (its weightDecay decays the kernels). */
  constructor(
    private readonly config: OptimizerConfig,
    weights: tf.LayerVariable[],
  ) {
    this.variables = weights.map((w) => w.read() as tf.Variable);
    this.kernels = weights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read() as tf.Variable);
    this.optimizer = createOptimizer(config);
    this.learningRate = config.learningRate;
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
    setLearningRate(this.optimizer, learningRate);
  }

  /** One step: minimises `loss` over the variables, then decays the kernels; returns the loss. */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    const value = this.optimizer.minimize(loss, true, this.variables)!;
    applyWeightDecay(this.kernels, this.learningRate, this.config.weightDecay);
    return value;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
