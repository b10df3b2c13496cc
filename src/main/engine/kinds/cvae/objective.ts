/**
 * The objective of a conditional VAE: the VAE's (reconstruction + β·KL, vae/objective.ts) with the
 * one-hot labels of each batch fed to the encoder and the decoder. The labels of both splits go to
 * the device once, beside the samples; a batch gathers its own by the loop's `indices`.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../../../shared/config.js';
import type { CvaeModelConfig } from '../../../../shared/kinds/cvae.js';
import type { Split } from '../../../datasets/types.js';
import { oneHotLabels } from '../../conditioning.js';
import type { Objective, TrainingData } from '../../loop/objective.js';
import type { AutoencoderModels } from '../../models.js';
import { vaeObjective, type VaeCondition } from '../vae/objective.js';

function labelsOf(split: Split, name: string, dataset: string): Int32Array {
  if (!split.labels) throw new Error(`a conditional VAE trains on class labels, and the ${name} split of ${dataset} has none`);
  return split.labels;
}

/** The one-hot labels of the training and validation splits, as a VaeCondition. */
export function labelCondition(data: TrainingData, classes: number, dataset: string): VaeCondition {
  const train = oneHotLabels(labelsOf(data.train, 'training', dataset), classes);
  const val = data.val === data.train ? train : oneHotLabels(labelsOf(data.val, 'validation', dataset), classes);
  return {
    training: (batch) => tf.gather(train, batch.indices),
    evaluation: (split) => (start, size) => tf.slice(split === 'train' ? train : val, start, size),
    dispose() {
      train.dispose();
      if (val !== train) val.dispose();
    },
  };
}

export function cvaeObjective(models: AutoencoderModels, config: RunConfig & { model: CvaeModelConfig }, data: TrainingData): Objective {
  const condition = labelCondition(data, config.model.classes, config.dataset.id);
  try {
    return vaeObjective(models, config, config.model, data, condition);
  } catch (error) {
    condition.dispose();
    throw error;
  }
}
