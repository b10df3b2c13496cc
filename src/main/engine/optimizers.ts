/**
 * Optimizers, learning-rate schedules and decoupled weight decay for the training loop.
 */
import * as tf from '@tensorflow/tfjs';
import type { LrSchedule, OptimizerConfig } from '../../shared/config.js';

/** RMSprop's moving-average factor (Keras' rho). */
const RMSPROP_DECAY = 0.9;

/** Creates the optimizer of a run config. */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.name) {
    case 'adam':
      return tf.train.adam(config.learningRate, config.beta1, config.beta2);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, RMSPROP_DECAY, config.momentum);
    case 'sgd':
      return config.momentum > 0 ? tf.train.momentum(config.learningRate, config.momentum) : tf.train.sgd(config.learningRate);
  }
}

/**
 * Changes an optimizer's learning rate between steps.
 * SGD and momentum cache the rate in a tensor (setLearningRate); Adam and RMSprop read the field each step.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const o = optimizer as unknown as { setLearningRate?: (lr: number) => void; learningRate: number };
  if (typeof o.setLearningRate === 'function') o.setLearningRate(learningRate);
  else o.learningRate = learningRate;
}

/**
 * Learning rate of a 0-based epoch out of `epochs`.
 * step: initial · factor^⌊epoch / everyEpochs⌋. cosine: from the initial rate at the first epoch
 * down to minLearningRate at the last one.
 */
export function learningRateAt(schedule: LrSchedule, initial: number, epoch: number, epochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return initial;
    case 'step':
      return initial * schedule.factor ** Math.floor(epoch / schedule.everyEpochs);
    case 'cosine': {
      if (epochs <= 1) return initial;
      const progress = Math.min(1, epoch / (epochs - 1));
      return schedule.minLearningRate + ((initial - schedule.minLearningRate) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}

/**
 * Decoupled weight decay (AdamW style): w ← w − lr·wd·w after each optimizer step.
 * Applied to kernels only: decaying biases and batch-norm scales toward zero only hurts.
 */
export function applyWeightDecay(kernels: tf.Variable[], learningRate: number, weightDecay: number): void {
  if (weightDecay <= 0 || kernels.length === 0) return;
  const keep = 1 - learningRate * weightDecay;
  tf.tidy(() => {
    for (const kernel of kernels) kernel.assign(tf.mul(kernel, keep));
  });
}
