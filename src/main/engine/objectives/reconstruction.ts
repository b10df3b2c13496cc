/**
 * The objective of the plain autoencoders (dense and conv): minimise training.loss between the
 * reconstruction of the (possibly corrupted) input and the clean batch, plus the layers' penalties.
 */
import * as tf from '@tensorflow/tfjs';
import type { MetricValues, RunConfig } from '../../../shared/config.js';
import { kindSpec, recordedMetrics } from '../../../shared/kinds/registry.js';
import { lossFunction } from '../losses.js';
import { evaluateReconstruction } from '../metrics.js';
import type { AutoencoderModels } from '../models.js';
import type { Batch, EvaluationSplit, Objective, TrainingData } from '../loop/objective.js';
import { denoisingInput } from './denoising-input.js';
import { distinctTrainables, distinctVariables, OptimizedVariables } from './optimized-variables.js';

/** Train metrics other than the loss are evaluated on at most this many training samples. */
export const TRAIN_EVAL_LIMIT = 10_000;

/** Evaluation options shared by the reconstructing objectives: a batch of at least 256 samples. */
export function evaluationOptions(config: RunConfig, data: TrainingData, split: EvaluationSplit) {
  const batchSize = Math.max(Math.min(config.training.batchSize, data.train.n), 256);
  return { loss: config.training.loss, binary: data.binary, batchSize, limit: split === 'train' ? TRAIN_EVAL_LIMIT : undefined };
}

/** What an objective of one optimizer over `optimized` says of itself: its kind's description and metrics, its trainables and learning rate. */
export function singleOptimizerParts(config: RunConfig, optimized: OptimizedVariables): Pick<Objective, 'description' | 'trainables' | 'recordedMetrics' | 'setLearningRate'> {
  return {
    description: kindSpec(config.model.kind).description,
    trainables: optimized.variables,
    recordedMetrics: (binary) => recordedMetrics(config.model.kind, binary),
    setLearningRate: (rate) => optimized.setLearningRate(rate),
  };
}

export function reconstructionObjective(models: AutoencoderModels, config: RunConfig, data: TrainingData): Objective {
  const model = models.autoencoder;
  const lossOf = lossFunction(config.training.loss);
  const input = denoisingInput(config.denoising?.corruption ?? null, config.training.seed);
  const optimized = new OptimizedVariables(config.training.optimizer, distinctTrainables([model]));
  return {
    ...singleOptimizerParts(config, optimized),
    step(batch: Batch): tf.Tensor1D {
      const corrupted = input.training(batch);
      const loss = optimized.minimize(() => {
        // training: true puts batch normalisation in training mode (batch statistics, moving averages updated).
        const reconstruction = model.apply(corrupted, { training: true }) as tf.Tensor;
        const penalties = model.calculateLosses();
        const dataLoss = lossOf(batch.x, reconstruction);
        return penalties.length > 0 ? (tf.add(dataLoss, tf.addN(penalties)) as tf.Scalar) : dataLoss;
      });
      return tf.reshape(loss, [1]) as tf.Tensor1D;
    },
    epochMetrics: (sums, batches): MetricValues => ({ loss: sums[0]! / batches }),
    async evaluate(split, x) {
      const options = { ...evaluationOptions(config, data, split), inputOf: input.evaluation(split) };
      return { values: await evaluateReconstruction(model, x, options) };
    },
    state: { variables: distinctVariables([model]), optimizers: [optimized] },
    dispose: () => optimized.dispose(),
  };
}
