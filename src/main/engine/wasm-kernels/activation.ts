/**
 * Applies a fused-op activation with the wasm backend's own elementwise kernels, for the cases
 * where the fused XNNPACK call cannot be used (batched B, broadcast bias).
 */
import * as tf from '@tensorflow/tfjs';
import { original } from './registry.js';
import { nativeBlas } from './blas.js';
import { f32View, runSingle, type TensorInfo, type WasmBackend, type WasmKernelFunc } from './wasm-backend.js';

/** Activations the stock fused matmul applies correctly on its XNNPACK path (checked by tests). */
const STOCK_FUSED_ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'elu', 'prelu']);

/** True when the stock _FusedMatMul can apply this activation itself. */
export function stockHandlesActivation(activation: string, prelu: TensorInfo | undefined): boolean {
  if (activation === 'prelu' && prelu === undefined) return false;
  return STOCK_FUSED_ACTIVATIONS.has(activation);
}

/** Returns activation(x), disposing x when a new tensor was made. */
export function applyActivation(
  backend: WasmBackend,
  x: TensorInfo,
  activation: string,
  prelu: TensorInfo | undefined,
  leakyreluAlpha: number,
): TensorInfo {
  let out: TensorInfo;
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      out = runSingle(original(tf.Relu), backend, { x });
      break;
    case 'relu6':
      out = runSingle(original(tf.Relu6), backend, { x });
      break;
    case 'sigmoid':
      out = sigmoid({ inputs: { x }, backend, attrs: {} }) as TensorInfo;
      break;
    case 'elu':
      out = runSingle(original(tf.Elu), backend, { x });
      break;
    case 'leakyrelu':
      out = runSingle(original(tf.LeakyRelu), backend, { x }, { alpha: leakyreluAlpha });
      break;
    case 'prelu':
      if (prelu === undefined) throw new Error('_FusedMatMul: prelu activation needs preluActivationWeights');
      out = runSingle(original(tf.Prelu), backend, { x, alpha: prelu });
      break;
    default:
      throw new Error(`_FusedMatMul: activation '${activation}' is not supported on the wasm backend`);
  }
  backend.disposeData(x.dataId);
  return out;
}

/**
 * Replacement LeakyRelu kernel: a native loop when the BLAS addon is loaded (the stock wasm kernel
 * took ~2.5 ns per element, the largest elementwise cost of a conv AE step), else stock.
 */
export const leakyRelu: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x!;
  const addon = nativeBlas();
  if (!addon || x.dtype !== 'float32') return original(tf.LeakyRelu).kernelFunc({ inputs, backend, attrs });
  const out = backend.makeOutput(x.shape, 'float32');
  addon.leakyRelu(f32View(backend, x), (attrs?.alpha as number | undefined) ?? 0.2, f32View(backend, out));
  return out;
};

/**
 * Replacement Sigmoid kernel: a native pass with a vectorised exp when the BLAS addon is loaded
 * (the stock wasm kernel took ~1.3 ns per element, an AE's sigmoid output layer 0.13 ms of a 2.6 ms
 * step at batch 128), else stock. Within about 1 ulp of the exact value, as the stock kernel is.
 */
export const sigmoid: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x!;
  const addon = nativeBlas();
  if (!addon || typeof addon.sigmoid !== 'function' || x.dtype !== 'float32') return original(tf.Sigmoid).kernelFunc({ inputs, backend, attrs });
  const out = backend.makeOutput(x.shape, 'float32');
  addon.sigmoid(f32View(backend, x), f32View(backend, out));
  return out;
};
