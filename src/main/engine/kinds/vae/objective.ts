/**
 * The objective of a VAE: reconstruction + β·KL with the reparameterisation trick (the maths is in
 * vae-math.ts). Its train record holds the sampled objective's reconstruction and KL averaged
 * over the epoch's batches; its evaluation decodes the mean code and adds the KL per dimension.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig, VaeModelConfig } from '../../../../shared/config.js';
import type { AutoencoderModels } from '../../models.js';
import { NOISE_STREAM, type Batch, type EvaluationSplit, type Objective, type TrainingData } from '../../loop/objective.js';
import { evaluateVae, vaeBatchLoss, vaePartsMetrics } from './vae-math.js';
import { denoisingInput } from '../../objectives/denoising-input.js';
import { distinctTrainables, distinctVariables, OptimizedVariables } from '../../objectives/optimized-variables.js';
import { evaluationOptions, singleOptimizerParts } from '../../objectives/reconstruction.js';

/** The one-hot class labels a VAE conditioned on them (KindSpec.conditioning) reads beside its inputs: tensors it owns. */
export interface VaeCondition {
  /** The one-hot labels of a training batch (called inside the step). */
  training(batch: Batch): tf.Tensor;
  /** The one-hot labels of samples start..start+size of an evaluated split. */
  evaluation(split: EvaluationSplit): (start: number, size: number) => tf.Tensor;
  dispose(): void;
}

/** The objective of a VAE; with `condition`, of a conditional VAE whose encoder and decoder also read the labels. */
export function vaeObjective(models: AutoencoderModels, config: RunConfig, vae: Pick<VaeModelConfig, 'beta'>, data: TrainingData, condition?: VaeCondition): Objective {
  const posterior = models.posterior;
  if (!posterior) throw new Error('a VAE run needs the models built for it (the posterior model is missing)');
  const input = denoisingInput(config.denoising?.corruption ?? null, config.training.seed);
  const optimized = new OptimizedVariables(config.training.optimizer, distinctTrainables([posterior, models.decoder]));
  return {
    ...singleOptimizerParts(config, optimized),
    step(batch: Batch): tf.Tensor1D {
      const corrupted = input.training(batch);
      let parts: tf.Tensor1D | null = null;
      const loss = optimized.minimize(() => {
        const objective = vaeBatchLoss(models, corrupted, batch.x, {
          loss: config.training.loss,
          beta: vae.beta,
          noiseSeed: batch.noiseSeed(NOISE_STREAM.vaeSampling),
          condition: condition?.training(batch),
        });
        parts = tf.keep(objective.parts);
        return objective.total;
      });
      // [loss, reconstruction, KL of each latent dimension]
      const values = tf.concat([tf.reshape(loss, [1]), parts!]) as tf.Tensor1D;
      (parts as tf.Tensor1D | null)?.dispose();
      return values;
    },
    epochMetrics(sums, batches) {
      const parts = Array.from(sums).slice(1);
      return { ...vaePartsMetrics(parts, batches, vae.beta).values, loss: sums[0]! / batches };
    },
    evaluate: (split, x) =>
      evaluateVae(models, x, { ...evaluationOptions(config, data, split), beta: vae.beta, inputOf: input.evaluation(split), conditionOf: condition?.evaluation(split) }),
    // The posterior holds the encoder and the log-variance head; the decoder the rest.
    state: { variables: distinctVariables([posterior, models.decoder]), optimizers: [optimized] },
    dispose: () => {
      optimized.dispose();
      condition?.dispose();
    },
  };
}
