/**
 * A GAN's loss, the mean sigmoid cross-entropy of logits against an all-ones or all-zeros target,
 * as one op each way on wasm (LatentLabLogitBce / LatentLabLogitBceGrad, for
 * ../kinds/gan/objective.ts). tf.losses.sigmoidCrossEntropy ran about fifteen ops on the [batch, 1]
 * logits forward and as many backward, three times per step; on these small tensors the
 * dispatches cost far more than the arithmetic. The loops are JavaScript over the heap views.
 *
 * Forward: the mean over the logits x of max(x, 0) − x·z + log(1 + exp(−|x|)), as tfjs writes
 * it, summed in doubles. Gradient: the exact derivative dy/n·(σ(x) − z), where tfjs' ops give the
 * same value through several rounded steps (the two differ in the last bits).
 */
import { f32View, type WasmKernelFunc } from './wasm-backend.js';

export const LOGIT_BCE_KERNEL = 'LatentLabLogitBce';
export const LOGIT_BCE_GRAD_KERNEL = 'LatentLabLogitBceGrad';

/** Attributes of both kernels: the target every logit is compared with. */
export interface LogitBceAttrs {
  target: 0 | 1;
}

/** inputs x (logits, any shape), attr target → the mean cross-entropy, a scalar. */
export const logitBce: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { target } = attrs as unknown as LogitBceAttrs;
  const out = backend.makeOutput([], 'float32');
  const [x, o] = [inputs.x!, out].map((t) => f32View(backend, t)) as [Float32Array, Float32Array];
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    sum += Math.max(v, 0) - v * target + Math.log1p(Math.exp(-Math.abs(v)));
  }
  o[0] = sum / x.length;
  return out;
};

/** inputs x (logits), dy (the scalar loss's gradient), attr target → dy/n·(σ(x) − target). */
export const logitBceGrad: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { target } = attrs as unknown as LogitBceAttrs;
  const out = backend.makeOutput([...inputs.x!.shape], 'float32');
  const [x, dy, o] = [inputs.x!, inputs.dy!, out].map((t) => f32View(backend, t)) as [Float32Array, Float32Array, Float32Array];
  const scale = dy[0]! / x.length;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const e = Math.exp(-Math.abs(v));
    const sigmoid = v >= 0 ? 1 / (1 + e) : e / (1 + e);
    o[i] = scale * (sigmoid - target);
  }
  return out;
};
