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
 */
import * as tf from '@tensorflow/tfjs';
import { installBatchNormGradient } from './batch-norm-grad.js';
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

/** Registers the gradients above in place of tfjs' (process-wide; idempotent). */
export function installFastGradients(): void {
  if (installed) return;
  installed = true;
  installElementwiseGradients();
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
