/**
 * Cheaper gradients for tfjs ops the training step runs every batch (issue 10, part 4), each
 * giving the stock gradient's float32 values bit for bit.
 *
 * - Mean: tfjs builds `ones(x.shape)` in JavaScript (a fill loop and an upload of the whole
 *   input's size), multiplies dy by it and divides the result: three full passes per mean loss.
 *   Here dy / n is computed on dy's own (small) shape and broadcast: fl(fl(dy·1)/n) = fl(dy/n).
 * - Sum: likewise dy·ones(x.shape) is dy broadcast (fl(dy·1) = dy).
 * - Sigmoid, SquaredDifference, LeakyRelu and Square: one pass instead of two or three ops, on
 *   wasm (see below).
 * - FusedBatchNorm: its five gradients in one pass on wasm (./batch-norm-grad.ts).
 * - Latent Lab's own fused ops (LatentLabDense, LatentLabMse, LatentLabVaeLatent, LatentLabLogitBce):
 *   their gradients (installFusedOpGradients below); fusedOpUsable says where the ops may run.
 */
import * as tf from '@tensorflow/tfjs';
import { installBatchNormGradient } from './batch-norm-grad.js';
import { DENSE_KERNEL, RELU_GRAD_KERNEL, type DenseAttrs } from './wasm-kernels/dense.js';
import { MSE_GRAD_KERNEL, MSE_KERNEL } from './wasm-kernels/mse.js';
import { VAE_LATENT_GRAD_KERNEL, VAE_LATENT_KERNEL } from './wasm-kernels/vae-latent.js';
import { LOGIT_BCE_GRAD_KERNEL, LOGIT_BCE_KERNEL } from './wasm-kernels/logit-bce.js';
import {
  LEAKY_RELU_GRAD_KERNEL,
  SIGMOID_GRAD_KERNEL,
  SQUARE_GRAD_KERNEL,
  SQUARED_DIFFERENCE_GRAD_KERNEL,
} from './wasm-kernels/elementwise-grads.js';

let installed = false;
/** Off: every replaced gradient computes tfjs' stock expression (the bench's wasm-stock rows). */
let enabled = true;

/** Turns the cheaper gradients on or off in this thread (they stay registered). */
export function setFastGradientsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Whether one of Latent Lab's fused ops (a kernel with its gradient below) may run: the cheaper
 * gradients are on, the active backend has the kernel and its gradient is registered. Callers add
 * what the op itself needs (the native addon, shapes, dtypes) and use tfjs' ops otherwise.
 */
export function fusedOpUsable(kernelName: string): boolean {
  return enabled && tf.getKernel(kernelName, tf.getBackend()) !== undefined && tf.getGradient(kernelName) !== undefined;
}

/** Registers the gradients above in place of tfjs' (process-wide; idempotent). */
export function installFastGradients(): void {
  if (installed) return;
  installed = true;
  installElementwiseGradients();
  installFusedOpGradients();
  installBatchNormGradient(() => enabled);
  tf.registerGradient({
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const axes = tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape);
      const expandedShape = x.shape.slice();
      for (const axis of axes) expandedShape[axis] = 1;
      const expandedDy = tf.reshape(dy as tf.Tensor, expandedShape);
      if (!enabled) {
        const derX = tf.mul(expandedDy, tf.ones(x.shape, 'float32'));
        return { x: () => derX };
      }
      return { x: () => tf.broadcastTo(expandedDy, x.shape) };
    },
  });
  tf.registerGradient({
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const axes = tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape);
      const reduceSize = axes.reduce((size, axis) => size * x.shape[axis]!, 1);
      return {
        x: () => {
          const expandedShape = x.shape.slice();
          for (const axis of axes) expandedShape[axis] = 1;
          const expandedDy = tf.reshape(dy as tf.Tensor, expandedShape);
          if (!enabled) return tf.div(tf.mul(expandedDy, tf.ones(x.shape, 'float32')), reduceSize);
          const scaled = tf.div(expandedDy, reduceSize);
          return tf.broadcastTo(scaled, x.shape);
        },
      };
    },
  });
}

/** Runs a one-pass gradient kernel when the active backend has it (wasm with our kernels installed). */
function fused(kernelName: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): tf.Tensor | null {
  if (!enabled || !tf.getKernel(kernelName, tf.getBackend())) return null;
  return tf.engine().runKernel(kernelName, inputs, attrs) as tf.Tensor;
}

const sameShape = (...tensors: tf.Tensor[]) => tensors.every((t) => t.dtype === 'float32' && tf.util.arraysEqual(t.shape, tensors[0]!.shape));

/**
 * Sigmoid: dy·(y·(1 − y)) in one pass; SquaredDifference: dy·(2·(a − b)) for a and dy·(2·(b − a))
 * for b, one pass each; LeakyRelu: x > 0 ? dy : dy·alpha; Square: dy·(x·2); where the backend runs
 * the kernels of wasm-kernels/elementwise-grads.ts and the shapes agree; tfjs' own expressions
 * otherwise.
 */
function installElementwiseGradients(): void {
  tf.registerGradient({
    kernelName: tf.Sigmoid,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [y] = saved as [tf.Tensor];
      const d = dy as tf.Tensor;
      return {
        x: () => (sameShape(y, d) && fused(SIGMOID_GRAD_KERNEL, { y, dy: d })) || tf.mul(d, tf.mul(y, tf.sub(tf.scalar(1), y))),
      };
    },
  });
  tf.registerGradient({
    kernelName: tf.SquaredDifference,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const d = dy as tf.Tensor;
      const one = (x: tf.Tensor, other: tf.Tensor) =>
        (sameShape(x, other, d) && fused(SQUARED_DIFFERENCE_GRAD_KERNEL, { a: x, b: other, dy: d })) || tf.mul(d, tf.mul(tf.scalar(2), tf.sub(x, other)));
      return { a: () => one(a, b), b: () => one(b, a) };
    },
  });
  tf.registerGradient({
    kernelName: tf.LeakyRelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const d = dy as tf.Tensor;
      const { alpha } = attrs as unknown as { alpha: number };
      return {
        x: () => (sameShape(x, d) && fused(LEAKY_RELU_GRAD_KERNEL, { x, dy: d }, { alpha })) || tf.where(tf.greater(x, 0), d, tf.mul(d, alpha)),
      };
    },
  });
  tf.registerGradient({
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      const d = dy as tf.Tensor;
      return { x: () => (sameShape(x, d) && fused(SQUARE_GRAD_KERNEL, { x, dy: d })) || tf.mul(d, tf.mul(tf.cast(x, 'float32'), 2)) };
    },
  });
}

/**
 * Gradients of Latent Lab's fused ops, which run only where their kernels do (wasm with the
 * native addon, fast gradients on), so every op here is one of those kernels or a stock op:
 * - LatentLabDense: dz = the activation's gradient from the saved output (dy for linear), then
 *   x: dz·wᵀ, w: xᵀ·dz, bias: Σ dz over the rows, as the unfused MatMul and Add gradients compute
 *   them. dz is computed once; the tape calls only the inputs it needs (not x of a first layer).
 * - LatentLabMse: for p, fl(dy/n)·(2·(p − t)), what Mean's and SquaredDifference's gradients give.
 * - LatentLabVaeLatent: its own gradient kernel for the mean and log-variance (the noise is data).
 * - LatentLabLogitBce: its own gradient kernel, dy/n·(σ(x) − target).
 */
function installFusedOpGradients(): void {
  tf.registerGradient({
    kernelName: DENSE_KERNEL,
    inputsToSave: ['x', 'w'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, w, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const d = dy as tf.Tensor2D;
      const { activation } = attrs as unknown as DenseAttrs;
      const dz: tf.Tensor2D =
        activation === 'relu'
          ? (tf.engine().runKernel(RELU_GRAD_KERNEL, { y, dy: d }) as tf.Tensor2D)
          : activation === 'sigmoid'
            ? (tf.engine().runKernel(SIGMOID_GRAD_KERNEL, { y, dy: d }) as tf.Tensor2D)
            : d;
      return {
        x: () => tf.matMul(dz, w, false, true),
        w: () => tf.matMul(x, dz, true, false),
        bias: () => tf.sum(dz, 0),
      };
    },
  });
  tf.registerGradient({
    kernelName: VAE_LATENT_KERNEL,
    inputsToSave: ['mean', 'logVar', 'epsilon'],
    gradFunc: (dys, saved) => {
      const [mean, logVar, epsilon] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const [dz, dkl] = dys as tf.Tensor[];
      const [dMean, dLogVar] = tf.engine().runKernel(VAE_LATENT_GRAD_KERNEL, { mean, logVar, epsilon, dz: dz!, dkl: dkl! }) as tf.Tensor[];
      return { mean: () => dMean!, logVar: () => dLogVar!, epsilon: () => tf.zerosLike(epsilon) };
    },
  });
  tf.registerGradient({
    kernelName: LOGIT_BCE_KERNEL,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.engine().runKernel(LOGIT_BCE_GRAD_KERNEL, { x, dy: dy as tf.Tensor }, attrs) as tf.Tensor };
    },
  });
  tf.registerGradient({
    kernelName: MSE_KERNEL,
    inputsToSave: ['t', 'p'],
    gradFunc: (dy, saved) => {
      const [t, p] = saved as [tf.Tensor, tf.Tensor];
      const d = dy as tf.Tensor;
      return {
        t: () => tf.engine().runKernel(MSE_GRAD_KERNEL, { a: t, b: p, dy: d }) as tf.Tensor,
        p: () => tf.engine().runKernel(MSE_GRAD_KERNEL, { a: p, b: t, dy: d }) as tf.Tensor,
      };
    },
  });
}
