/**
 * Reconstruction losses. Each is the mean over samples of the per-element mean, which for
 * equally sized samples is the mean over every element of the batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../shared/config.js';

/** Predictions are clipped to [ε, 1-ε] before the logarithms of the binary cross-entropy (Keras' value). */
export const BCE_EPSILON = 1e-7;

/** A reconstruction loss: targets and predictions of the same shape → scalar. */
export type LossFunction = (target: tf.Tensor, prediction: tf.Tensor) => tf.Scalar;

/** Element-wise binary cross-entropy with clipped predictions. */
export function elementwiseBce(target: tf.Tensor, prediction: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const p = tf.clipByValue(prediction, BCE_EPSILON, 1 - BCE_EPSILON);
    // -(y log p + (1 - y) log(1 - p))
    return tf.neg(tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)))));
  });
}

/** Element-wise error of a loss, before averaging. */
export function elementwiseLoss(name: LossName, target: tf.Tensor, prediction: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'mse':
      return tf.squaredDifference(target, prediction);
    case 'mae':
      return tf.tidy(() => tf.abs(tf.sub(target, prediction)));
    case 'bce':
      return elementwiseBce(target, prediction);
  }
}

/** The loss function of a run config's `training.loss`. */
export function lossFunction(name: LossName): LossFunction {
  return (target, prediction) => tf.tidy(() => tf.mean(elementwiseLoss(name, target, prediction)) as tf.Scalar);
}
