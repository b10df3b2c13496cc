/**
 * Reconstruction losses. Each is the mean over samples of the per-element mean, which for
 * equally sized samples is the mean over every element of the batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../shared/config.js';
import { fusedOpUsable } from './gradients.js';
import { BCE_GRAD_KERNEL, BCE_KERNEL } from './wasm-kernels/bce.js';
import { MSE_KERNEL, mseKernelsUsable } from './wasm-kernels/mse.js';

/** Predictions are clipped to [ε, 1-ε] before the logarithms of the binary cross-entropy (Keras' value). */
export const BCE_EPSILON = 1e-7;

/** A reconstruction loss: targets and predictions of the same shape → scalar. */
export type LossFunction = (target: tf.Tensor, prediction: tf.Tensor) => tf.Scalar;

/**
 * Element-wise binary cross-entropy with clipped predictions. Where the backend has Latent Lab's
 * one-pass kernels (wasm: wasm-kernels/bce.ts) it is one op with its own gradient, the same
 * gradient as the ops below give; elsewhere those ops.
 */
export function elementwiseBce(target: tf.Tensor, prediction: tf.Tensor): tf.Tensor {
  if (fusedBceApplies(target, prediction)) return fusedBce(target, prediction);
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

/**
 * The loss function of a run config's `training.loss`. The MSE is one op each way where the
 * backend has Latent Lab's kernels (wasm with the native addon: wasm-kernels/mse.ts), with the
 * same value and gradient as the mean of the squared differences below.
 */
export function lossFunction(name: LossName): LossFunction {
  return (target, prediction) => {
    if (name === 'mse' && fusedMseApplies(target, prediction)) return tf.engine().runKernel(MSE_KERNEL, { t: target, p: prediction }) as tf.Scalar;
    return tf.tidy(() => tf.mean(elementwiseLoss(name, target, prediction)) as tf.Scalar);
  };
}

function fusedMseApplies(target: tf.Tensor, prediction: tf.Tensor): boolean {
  return (
    target.dtype === 'float32' &&
    prediction.dtype === 'float32' &&
    tf.util.arraysEqual(target.shape, prediction.shape) &&
    fusedOpUsable(MSE_KERNEL) &&
    mseKernelsUsable()
  );
}

const BCE_BOUNDS = { lo: BCE_EPSILON, hi: 1 - BCE_EPSILON };

function fusedBceApplies(target: tf.Tensor, prediction: tf.Tensor): boolean {
  const backend = tf.getBackend();
  return (
    target.dtype === 'float32' &&
    prediction.dtype === 'float32' &&
    tf.util.arraysEqual(target.shape, prediction.shape) &&
    tf.getKernel(BCE_KERNEL, backend) !== undefined &&
    tf.getKernel(BCE_GRAD_KERNEL, backend) !== undefined
  );
}

/** The one-pass cross-entropy; the target is data (no gradient flows to it). */
function fusedBce(target: tf.Tensor, prediction: tf.Tensor): tf.Tensor {
  const attrs = BCE_BOUNDS as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((p: tf.Tensor, save: tf.GradSaveFunc) => {
    save([p]);
    return {
      value: tf.engine().runKernel(BCE_KERNEL, { t: target, p }, attrs) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(BCE_GRAD_KERNEL, { t: target, p: saved[0]!, dy }, attrs) as tf.Tensor,
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(prediction);
}
