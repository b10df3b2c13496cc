/**
 * Denoising as an input transform: any reconstructing objective trains on corrupted inputs against
 * clean targets. Training noise comes from the step's stream; evaluation noise is the same fixed
 * corruption of each evaluation batch at every epoch, so validation measures denoising, not luck.
 */
import type * as tf from '@tensorflow/tfjs';
import type { Corruption } from '../../../shared/config.js';
import { corrupt, noiseSeed } from '../corruption.js';
import { NOISE_STREAM, type Batch, type EvaluationSplit } from '../loop/objective.js';

export interface InputTransform {
  /** The model input of a training batch (the batch itself when there is no corruption). */
  training(batch: Batch): tf.Tensor;
  /** The model input of evaluation batch `index` of `split`; undefined when inputs stay clean. */
  evaluation(split: EvaluationSplit): ((clean: tf.Tensor, index: number) => tf.Tensor) | undefined;
}

/** The input transform of a run: corruption when `corruption` is set, the identity otherwise. */
export function denoisingInput(corruption: Corruption | null, seed: number): InputTransform {
  if (!corruption) return { training: (batch) => batch.x, evaluation: () => undefined };
  return {
    training: (batch) => corrupt(batch.x, corruption, batch.noiseSeed(NOISE_STREAM.trainCorruption)),
    evaluation: (split) => {
      const stream = split === 'train' ? NOISE_STREAM.trainEvalCorruption : NOISE_STREAM.valCorruption;
      return (clean, index) => corrupt(clean, corruption, noiseSeed(seed, stream, index));
    },
  };
}
