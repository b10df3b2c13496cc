/**
 * Optimizers, learning-rate schedules and weight decay for the training loops.
 *
 * A loop builds one OptimizerStep per set of trainables (a GAN: one per network) and calls
 * `step(loss)` once per batch; the step applies the config's weight decay the way its
 * `weightDecayMode` says (coupled L2 in the gradients, or decoupled decay after the update).
 */
import * as tf from '@tensorflow/tfjs';
import type { LrSchedule, OptimizerConfig } from '../../shared/config.js';
import { applyFusedAdam, canFuseAdam } from './fused-adam/apply.js';

/** RMSprop's moving-average factor (Keras' rho). */
const RMSPROP_DECAY = 0.9;

/** Creates the optimizer of a run config. */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.name) {
    case 'adam':
      // epsilon undefined: tfjs' backend default (1e-7, as Keras).
      return tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, RMSPROP_DECAY, config.momentum, config.epsilon);
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

/** A variable the optimizer updates; `kernel` marks the weights decoupled decay applies to. */
export interface Trainable {
  variable: tf.Variable;
  kernel: boolean;
}

/** The trainables of layer weights: kernels are the weights named `…/kernel` (Dense, Conv2D, Conv2DTranspose). */
export function trainablesOf(weights: readonly tf.LayerVariable[]): Trainable[] {
  return weights.map((w) => ({ variable: w.read() as tf.Variable, kernel: w.originalName.endsWith('/kernel') }));
}

/** One optimizer over a fixed list of trainables, with the config's weight decay built in. */
export interface OptimizerStep {
  /** The tfjs optimizer underneath (its moments are the optimizer state a checkpoint keeps). */
  readonly optimizer: tf.Optimizer;
  /**
   * One update of every trainable on the loss `lossOf()` computes; returns that loss (the data
   * loss: a coupled L2 term acts on the gradients only, as in PyTorch, and is not added to it).
   * Call it inside tf.tidy: the returned scalar is a tidy-managed tensor.
   */
  step(lossOf: () => tf.Scalar): tf.Scalar;
  /** The rate of the next steps (learning-rate schedules); decoupled decay scales with it too. */
  setLearningRate(learningRate: number): void;
  dispose(): void;
}

/**
 * Builds the optimizer of `config` for `trainables`. Each step computes the gradients at the
 * current weights, then, with a weight decay λ > 0:
 * - coupled: g ← g + λ·w for every trainable, then the optimizer's update: torch.optim.Adam /
 *   RMSprop / SGD(weight_decay=λ).
 * - decoupled: w ← w − lr·λ·w on the kernels, then the optimizer's update with the gradients taken
 *   before that decay: torch.optim.AdamW(weight_decay=λ) and Keras' AdamW, step for step.
 */
export function createOptimizerStep(config: OptimizerConfig, trainables: readonly Trainable[]): OptimizerStep {
  const optimizer = createOptimizer(config);
  const variables = trainables.map((t) => t.variable);
  const kernels = trainables.filter((t) => t.kernel).map((t) => t.variable);
  const decay = config.weightDecay;
  const coupled = decay > 0 && config.weightDecayMode === 'coupled';
  const decoupled = decay > 0 && config.weightDecayMode === 'decoupled';
  const kernelSet: ReadonlySet<tf.Variable> = new Set(kernels);
  let learningRate = config.learningRate;
  return {
    optimizer,
    step(lossOf: () => tf.Scalar): tf.Scalar {
      const { value, grads } = optimizer.computeGradients(lossOf, variables);
      // Same order as `variables` on every step: tfjs' Adam and RMSprop keep their moments by position.
      // A variable without a gradient is left alone, as PyTorch skips parameters whose grad is None.
      if (canFuseAdam(optimizer)) {
        // One kernel for every variable, the weight decay folded in (bit-identical to the path below).
        const gradients: tf.NamedTensorMap = {};
        for (const variable of variables) if (grads[variable.name]) gradients[variable.name] = grads[variable.name]!;
        applyFusedAdam(optimizer, gradients, {
          coupledDecay: coupled ? decay : 0,
          keep: decoupled ? 1 - learningRate * decay : 1,
          decoupled: kernelSet,
        });
        return value;
      }
      const gradients: tf.NamedTensorMap = {};
      for (const variable of variables) {
        const gradient = grads[variable.name];
        if (gradient) gradients[variable.name] = coupled ? tf.add(gradient, tf.mul(variable, decay)) : gradient;
      }
      if (decoupled) applyDecoupledDecay(kernels, learningRate, decay);
      optimizer.applyGradients(gradients);
      return value;
    },
    setLearningRate(rate: number): void {
      learningRate = rate;
      setLearningRate(optimizer, rate);
    },
    dispose: () => optimizer.dispose(),
  };
}

/**
 * Decoupled weight decay (AdamW style): w ← w − lr·wd·w after each optimizer step.
 * Applied to kernels only: decaying biases and batch-norm scales toward zero only hurts.
 */
function applyDecoupledDecay(kernels: tf.Variable[], learningRate: number, weightDecay: number): void {
  if (weightDecay <= 0 || kernels.length === 0) return;
  const keep = 1 - learningRate * weightDecay;
  tf.tidy(() => {
    for (const kernel of kernels) kernel.assign(tf.mul(kernel, keep));
  });
}

/** One slot variable of an optimizer (an Adam moment, an RMSprop mean square, a momentum accumulation). */
export interface OptimizerSlot {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * Everything an optimizer carries from one step to the next, read so that a continuation steps
 * exactly as the uninterrupted optimizer would have: the step count, the slot variables in the
 * optimizer's own order, and Adam's running powers β1^t and β2^t as they are stored (float32,
 * multiplied once per step: recomputing them with pow() would differ in the last bits).
 */
export interface OptimizerState {
  /** tfjs' class name: Adam, RMSProp, Momentum or SGD; restoring into another class is refused. */
  className: string;
  iterations: number;
  slots: OptimizerSlot[];
  /** Adam only: [β1^t, β2^t]. */
  accBeta?: [number, number];
}

interface AdamInternals {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/** Reads the state of `optimizer` (the tensors stay the optimizer's). */
export async function readOptimizerState(optimizer: tf.Optimizer): Promise<OptimizerState> {
  const [iterationWeight, ...slotWeights] = await optimizer.getWeights();
  const iterations = (await iterationWeight!.tensor.data())[0]!;
  iterationWeight!.tensor.dispose();
  const slots: OptimizerSlot[] = [];
  for (const { name, tensor } of slotWeights) slots.push({ name, shape: [...tensor.shape], values: new Float32Array(await tensor.data()) });
  const adam = optimizer as unknown as AdamInternals;
  const accBeta: [number, number] | undefined =
    adam.accBeta1 && adam.accBeta2 ? [(await adam.accBeta1.data())[0]!, (await adam.accBeta2.data())[0]!] : undefined;
  return { className: optimizer.getClassName(), iterations, slots, ...(accBeta ? { accBeta } : {}) };
}

/** Puts a state read by readOptimizerState into a fresh optimizer of the same class and config. */
export async function restoreOptimizerState(optimizer: tf.Optimizer, state: OptimizerState): Promise<void> {
  if (optimizer.getClassName() !== state.className) {
    throw new Error(`the saved optimizer state is of ${state.className}, the run's optimizer is ${optimizer.getClassName()}`);
  }
  const weights: { name: string; tensor: tf.Tensor }[] = [
    { name: 'iter', tensor: tf.scalar(state.iterations, 'int32') },
    ...state.slots.map((slot) => ({ name: slot.name, tensor: tf.tensor(slot.values, slot.shape, 'float32') })),
  ];
  try {
    await optimizer.setWeights(weights);
  } finally {
    // setWeights wraps each tensor in a new variable (which holds its own reference to the data).
    tf.dispose(weights.map((w) => w.tensor));
  }
  const adam = optimizer as unknown as AdamInternals;
  if (state.accBeta && adam.accBeta1 && adam.accBeta2) {
    const [beta1, beta2] = state.accBeta;
    tf.tidy(() => {
      adam.accBeta1!.assign(tf.scalar(beta1));
      adam.accBeta2!.assign(tf.scalar(beta2));
    });
  }
}
