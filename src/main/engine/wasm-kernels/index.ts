/**
 * Latent Lab's replacement kernels for @tensorflow/tfjs-backend-wasm 4.22 (issue 5, "Training
 * speed"). They make training on wasm fast and make convolutional models trainable at all:
 *
 * - Conv2DBackpropFilter: missing from stock wasm; here a convolution of x by dy (XNNPACK).
 * - Conv2DBackpropInput: stock is a scalar loop; here dilate + Conv2D with the rotated filter.
 * - BatchMatMul / _FusedMatMul: stock falls to a scalar loop (and a wrong bias) whenever an operand
 *   is transposed or batched; here explicit transposes feed the XNNPACK path.
 * - Slice / GatherV2: heap-to-heap copies instead of reading whole inputs out of the heap.
 * - Sum / Mean over leading axes and Tile: no whole-tensor transposes or per-element indexing
 *   (bias gradients, batch-norm moments and batch-norm gradients).
 * - Identity, and Cast to the same dtype: share the reference-counted data instead of copying it,
 *   as the cpu backend does.
 * - FusedBatchNorm: one native pass for per-channel parameters (./batch-norm.ts), else stock.
 * - Add: a bias over the last axis as one native pass (./add.ts), else stock.
 * - Conv2D / FusedConv2D / LeakyRelu / Sigmoid / SquaredDifference, Sum / Mean over every axis, and a
 *   GatherV2 of whole float32 rows: the stock kernels (or the ones above), unless the native BLAS addon is loaded.
 * - LatentLabFusedAdam (not a tfjs kernel): one Adam step for all variables (../fused-adam/).
 * - LatentLabSigmoidGrad / LatentLabSquaredDifferenceGrad / LatentLabLeakyReluGrad /
 *   LatentLabSquareGrad (not tfjs kernels): one-pass gradients that ../gradients.ts uses in place
 *   of tfjs' two or three ops each.
 * - LatentLabBatchNormGrad (not a tfjs kernel): FusedBatchNorm's five gradients in one pass
 *   instead of about twenty full-size ops.
 * - LatentLabBatchNormTrain / LatentLabBatchNormTrainGrad (not tfjs kernels, native addon only):
 *   training batch norm with its batch moments as one operation (../batch-norm-layer.ts).
 * - LatentLabBce / LatentLabBceGrad (not tfjs kernels): the binary cross-entropy of ../losses.ts in
 *   one pass each way instead of ten ops (two logarithms) forward and about twenty backward.
 * - LatentLabMse / LatentLabMseGrad (not tfjs kernels, native addon only): the mean squared error
 *   of ../losses.ts in one pass each way instead of five ops (./mse.ts).
 * - LatentLabDense / LatentLabReluGrad (not tfjs kernels; the first needs the native addon): a
 *   Dense layer's product, bias and activation as one op, for ../dense-layer.ts (./dense.ts).
 * - LatentLabReconstructionStats (not a tfjs kernel, native addon only): the evaluation metrics'
 *   per-sample sums in one pass (../metrics.ts, ./reconstruction-stats.ts).
 * - LatentLabVaeLatent / LatentLabVaeLatentGrad (not tfjs kernels): a VAE's reparameterised sample
 *   and KL per dimension in one op each way (../kinds/vae/vae-math.ts, ./vae-latent.ts).
 * - LatentLabLogitBce / LatentLabLogitBceGrad (not tfjs kernels): a GAN's sigmoid cross-entropy of
 *   logits in one op each way (../kinds/gan/objective.ts, ./logit-bce.ts).
 *
 * With the optional native BLAS addon (./blas.ts, issue 10) the matrix products and convolutions
 * (forward and both backprops) run as cblas_sgemm on the wasm heap instead; everything else, and
 * everything when the addon is absent, stays on wasm.
 *
 * Each kernel is checked for values and gradients against the cpu backend in
 * test/unit/main/engine/wasm-kernels/.
 */
import * as tf from '@tensorflow/tfjs';
// Side-effect import: registers the stock wasm kernels we capture and call into.
import '@tensorflow/tfjs-backend-wasm';
import { leakyRelu, sigmoid } from './activation.js';
import { add, squaredDifference } from './add.js';
import { conv2DBackpropFilter } from './conv-backprop-filter.js';
import { conv2DBackpropInput } from './conv-backprop-input.js';
import { conv2D, fusedConv2D } from './conv2d.js';
import { fusedAdam } from './fused-adam.js';
import { BCE_GRAD_KERNEL, BCE_KERNEL, bce, bceGrad } from './bce.js';
import { DENSE_KERNEL, RELU_GRAD_KERNEL, dense, reluGrad } from './dense.js';
import { MSE_GRAD_KERNEL, MSE_KERNEL, mse, mseGrad } from './mse.js';
import { RECONSTRUCTION_STATS_KERNEL, reconstructionStats } from './reconstruction-stats.js';
import { VAE_LATENT_GRAD_KERNEL, VAE_LATENT_KERNEL, vaeLatent, vaeLatentGrad } from './vae-latent.js';
import { LOGIT_BCE_GRAD_KERNEL, LOGIT_BCE_KERNEL, logitBce, logitBceGrad } from './logit-bce.js';
import {
  LEAKY_RELU_GRAD_KERNEL,
  SIGMOID_GRAD_KERNEL,
  SQUARE_GRAD_KERNEL,
  SQUARED_DIFFERENCE_GRAD_KERNEL,
  leakyReluGrad,
  sigmoidGrad,
  squareGrad,
  squaredDifferenceGrad,
} from './elementwise-grads.js';
import { FUSED_ADAM_KERNEL } from '../fused-adam/maths.js';
import { batchMatMul, fusedMatMul } from './matmul.js';
import { original } from './registry.js';
import { mean, sum, tile } from './reduce-tile.js';
import { cast, identity } from './identity.js';
import {
  BATCH_NORM_GRAD_KERNEL,
  BATCH_NORM_TRAIN_GRAD_KERNEL,
  BATCH_NORM_TRAIN_KERNEL,
  batchNormGrad,
  batchNormTrain,
  batchNormTrainGrad,
  fusedBatchNorm,
} from './batch-norm.js';
import { gatherV2, slice } from './slice-gather.js';
import type { WasmKernelFunc } from './wasm-backend.js';

/** Kernel name -> replacement, in the order they are registered. */
const REPLACEMENTS: ReadonlyArray<readonly [string, WasmKernelFunc]> = [
  [tf.Conv2DBackpropFilter, conv2DBackpropFilter],
  [tf.Conv2DBackpropInput, conv2DBackpropInput],
  [tf.BatchMatMul, batchMatMul],
  [tf._FusedMatMul, fusedMatMul],
  [tf.Slice, slice],
  [tf.GatherV2, gatherV2],
  [tf.Sum, sum],
  [tf.Mean, mean],
  [tf.Tile, tile],
  [tf.Identity, identity],
  [tf.Cast, cast],
  [tf.FusedBatchNorm, fusedBatchNorm],
  [tf.Add, add],
  [tf.Conv2D, conv2D],
  [tf.FusedConv2D, fusedConv2D],
  [tf.LeakyRelu, leakyRelu],
  [tf.Sigmoid, sigmoid],
  [tf.SquaredDifference, squaredDifference],
  [FUSED_ADAM_KERNEL, fusedAdam],
  [SIGMOID_GRAD_KERNEL, sigmoidGrad],
  [SQUARED_DIFFERENCE_GRAD_KERNEL, squaredDifferenceGrad],
  [LEAKY_RELU_GRAD_KERNEL, leakyReluGrad],
  [SQUARE_GRAD_KERNEL, squareGrad],
  [BATCH_NORM_GRAD_KERNEL, batchNormGrad],
  [BATCH_NORM_TRAIN_KERNEL, batchNormTrain],
  [BATCH_NORM_TRAIN_GRAD_KERNEL, batchNormTrainGrad],
  [BCE_KERNEL, bce],
  [BCE_GRAD_KERNEL, bceGrad],
  [DENSE_KERNEL, dense],
  [RELU_GRAD_KERNEL, reluGrad],
  [MSE_KERNEL, mse],
  [MSE_GRAD_KERNEL, mseGrad],
  [RECONSTRUCTION_STATS_KERNEL, reconstructionStats],
  [VAE_LATENT_KERNEL, vaeLatent],
  [VAE_LATENT_GRAD_KERNEL, vaeLatentGrad],
  [LOGIT_BCE_KERNEL, logitBce],
  [LOGIT_BCE_GRAD_KERNEL, logitBceGrad],
];

/** Kernels stock wasm does not have: uninstalling removes them. */
const NOT_IN_STOCK: ReadonlySet<string> = new Set([
  tf.Conv2DBackpropFilter,
  FUSED_ADAM_KERNEL,
  SIGMOID_GRAD_KERNEL,
  SQUARED_DIFFERENCE_GRAD_KERNEL,
  LEAKY_RELU_GRAD_KERNEL,
  SQUARE_GRAD_KERNEL,
  BATCH_NORM_GRAD_KERNEL,
  BATCH_NORM_TRAIN_KERNEL,
  BATCH_NORM_TRAIN_GRAD_KERNEL,
  BCE_KERNEL,
  BCE_GRAD_KERNEL,
  DENSE_KERNEL,
  RELU_GRAD_KERNEL,
  MSE_KERNEL,
  MSE_GRAD_KERNEL,
  RECONSTRUCTION_STATS_KERNEL,
  VAE_LATENT_KERNEL,
  VAE_LATENT_GRAD_KERNEL,
  LOGIT_BCE_KERNEL,
  LOGIT_BCE_GRAD_KERNEL,
]);

/** Names of the kernels installWasmKernels registers for 'wasm'. */
export const REPLACED_WASM_KERNELS: readonly string[] = REPLACEMENTS.map(([name]) => name);

/**
 * Registers Latent Lab's replacement kernels for the 'wasm' backend. Idempotent, and safe to call
 * before or after the wasm backend is initialised: the stock kernels are captured (with their
 * setup functions, which a later backend initialisation still runs through ours) before being
 * unregistered.
 */
export function installWasmKernels(): void {
  for (const [name, kernelFunc] of REPLACEMENTS) {
    const current = tf.getKernel(name, 'wasm');
    if (current?.kernelFunc === (kernelFunc as unknown as tf.KernelFunc)) continue;
    let setupFunc: tf.KernelConfig['setupFunc'];
    if (current !== undefined) {
      const stock = original(name);
      setupFunc = stock.setupFunc;
      tf.unregisterKernel(name, 'wasm');
    }
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
      setupFunc,
    });
  }
}

/**
 * Puts the stock kernels back (for benchmarks comparing stock against replaced, and tests).
 * The kernels stock wasm lacks (Conv2DBackpropFilter, the fused Adam and gradients) are removed.
 */
export function uninstallWasmKernels(): void {
  for (const [name, kernelFunc] of REPLACEMENTS) {
    const current = tf.getKernel(name, 'wasm');
    if (current?.kernelFunc !== (kernelFunc as unknown as tf.KernelFunc)) continue;
    tf.unregisterKernel(name, 'wasm');
    if (NOT_IN_STOCK.has(name)) continue;
    const stock = original(name);
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: stock.kernelFunc as unknown as tf.KernelFunc,
      setupFunc: stock.setupFunc,
    });
  }
}
