/**
 * The FusedBatchNorm gradient (issue 10): tfjs' computes dx, dmean, dvariance, dscale and doffset
 * with about twenty full-size element-wise ops per batch-norm layer (Sub, Multiply, Tile, Sum);
 * where the backend runs wasm-kernels/batch-norm.ts' LatentLabBatchNormGrad and the parameters are
 * per-channel vectors over x's last axis (tfjs-layers' BatchNormalization in training), all five
 * come from one pass over x and dy. Otherwise tfjs' own gradient runs.
 *
 * Also the gradient of LatentLabBatchNormTrain (training batch norm with its batch moments as one
 * kernel, ./batch-norm-layer.ts): dx through the moments, dscale and doffset from two passes.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_GRAD_KERNEL, BATCH_NORM_TRAIN_GRAD_KERNEL, BATCH_NORM_TRAIN_KERNEL } from './wasm-kernels/batch-norm.js';

/** Registers the gradient; `enabled()` off (the bench's stock rows) keeps tfjs' own. */
export function installBatchNormGradient(enabled: () => boolean): void {
  const stock = tf.getGradient(tf.FusedBatchNorm);
  if (!stock) throw new Error('tfjs has no FusedBatchNorm gradient to replace');
  tf.registerGradient({
    kernelName: tf.FusedBatchNorm,
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const d = dy as tf.Tensor;
      const channels = x.shape[x.rank - 1];
      const vector = (t: tf.Tensor | undefined) => t === undefined || (t.dtype === 'float32' && t.rank === 1 && t.shape[0] === channels);
      const fits =
        enabled() &&
        tf.getKernel(BATCH_NORM_GRAD_KERNEL, tf.getBackend()) !== undefined &&
        x.dtype === 'float32' &&
        d.dtype === 'float32' &&
        x.size > 0 &&
        tf.util.arraysEqual(x.shape, d.shape) &&
        [mean, variance, scale].every(vector);
      if (!fits) return stock.gradFunc(dy, saved, attrs);
      const inputs: tf.NamedTensorMap = { x, dy: d, mean, variance };
      if (scale !== undefined) inputs.scale = scale;
      const [dx, dmean, dvariance, dscale, doffset] = tf.engine().runKernel(BATCH_NORM_GRAD_KERNEL, inputs, attrs) as tf.Tensor[];
      return { x: () => dx!, mean: () => dmean!, variance: () => dvariance!, scale: () => dscale!, offset: () => doffset! };
    },
  });
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAIN_KERNEL,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [dy, dMeanOut, dVarianceOut] = dys as (tf.Tensor | null)[];
      const [x, scale, mean, variance] = saved as [tf.Tensor, tf.Tensor | undefined, tf.Tensor, tf.Tensor];
      // tfjs passes zeros for the moments' gradients when they reach no loss (the moving averages
      // take none); real ones (a caller differentiating through the moments) enter dx as well.
      const inputs: tf.NamedTensorMap = { x, dy: dy ?? tf.zerosLike(x), mean, variance };
      if (scale !== undefined) inputs.scale = scale;
      if (dMeanOut) inputs.dmeanOut = dMeanOut;
      if (dVarianceOut) inputs.dvarianceOut = dVarianceOut;
      const [dx, dscale, doffset] = tf.engine().runKernel(BATCH_NORM_TRAIN_GRAD_KERNEL, inputs, attrs) as tf.Tensor[];
      return { x: () => dx!, scale: () => dscale!, offset: () => doffset! };
    },
  });
}
