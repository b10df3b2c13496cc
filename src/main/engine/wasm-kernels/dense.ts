/**
 * A Dense layer's forward pass as one kernel (LatentLabDense), and the ReLU gradient in one pass
 * (LatentLabReluGrad), for ../dense-layer.ts on wasm; both need the native addon (issue 10,
 * per-step overhead).
 *
 * Under a gradient tape tfjs-core does not fuse matMul + bias + activation (only a linear one), so
 * a training step's Dense layer ran matMul, Add and the activation as three ops each way, each
 * with its reshapes and tape entries; and the fused linear op's gradient computes the input's
 * gradient even for a first layer, whose input is data. LatentLabDense is one GEMM with the bias
 * (and a ReLU) applied in place, or followed by the Sigmoid kernel; its gradient (../gradients.ts)
 * is the activation's gradient, then only the products and the bias sum the tape asks for.
 *
 * Every step is the float32 computation the unfused ops do on this backend (the same GEMM call,
 * the same bias add, the same Sigmoid kernel, tfjs' ReLU gradient dy·step(x)), so training gives
 * the same bits with or without it.
 */
import { applyActivation } from './activation.js';
import { nativeBlas, nativeEpilogue, nativeMatMul } from './blas.js';
import { f32View, type WasmKernelFunc } from './wasm-backend.js';

/** Kernel names (not tfjs kernels: only ../dense-layer.ts runs them). */
export const DENSE_KERNEL = 'LatentLabDense';
export const RELU_GRAD_KERNEL = 'LatentLabReluGrad';

/** The activations LatentLabDense applies itself; a Dense layer with another keeps the stock call. */
export const DENSE_ACTIVATIONS: ReadonlySet<string> = new Set(['linear', 'relu', 'sigmoid']);

/** Attributes of LatentLabDense. */
export interface DenseAttrs {
  activation: 'linear' | 'relu' | 'sigmoid';
}

/** True when the native addon both kernels need is loaded (with reluGrad: not a stale build). */
export function denseAddonLoaded(): boolean {
  const addon = nativeBlas();
  return addon !== null && typeof addon.reluGrad === 'function';
}

/** inputs x [rows, K], w [K, N], bias [N] (optional); attr activation → activation(x·w + bias), [rows, N]. */
export const dense: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { activation } = attrs as unknown as DenseAttrs;
  const x = inputs.x!;
  const w = inputs.w!;
  const bias = inputs.bias;
  const addon = nativeBlas();
  if (!addon) throw new Error(`${DENSE_KERNEL}: needs the native addon (check denseAddonLoaded() first)`);
  if (x.shape.length !== 2 || w.shape.length !== 2 || x.shape[1] !== w.shape[0] || x.dtype !== 'float32' || w.dtype !== 'float32') {
    throw new Error(`${DENSE_KERNEL}: needs float32 x [rows, K] and w [K, N], got ${x.dtype} [${x.shape}] and ${w.dtype} [${w.shape}]`);
  }
  const [rows, inner] = x.shape as [number, number];
  const cols = w.shape[1]!;
  if (bias !== undefined && (bias.shape.length !== 1 || bias.shape[0] !== cols)) {
    throw new Error(`${DENSE_KERNEL}: the bias must be [${cols}], got [${bias.shape}]`);
  }
  const product = nativeMatMul(addon, backend, x, w, false, false, { rows, inner, cols, batchA: 1, batchB: 1, outShape: [rows, cols] });
  // The Sigmoid kernel (vectorised exp) rather than the epilogue's scalar one: the unfused Sigmoid's bits.
  nativeEpilogue(addon, backend, product, bias, activation === 'sigmoid' ? 'linear' : activation, 0);
  return activation === 'sigmoid' ? applyActivation(backend, product, 'sigmoid', undefined, 0) : product;
};

/** inputs y (a ReLU's output), dy → dy·(y > 0 ? 1 : 0): tfjs' mul(dy, step(x)) in one pass. */
export const reluGrad: WasmKernelFunc = ({ inputs, backend }) => {
  const addon = nativeBlas();
  if (!addon || typeof addon.reluGrad !== 'function') throw new Error(`${RELU_GRAD_KERNEL}: needs the native addon`);
  const out = backend.makeOutput([...inputs.y!.shape], 'float32');
  const [y, dy, o] = [inputs.y!, inputs.dy!, out].map((t) => f32View(backend, t)) as [Float32Array, Float32Array, Float32Array];
  addon.reluGrad(y, dy, o);
  return out;
};
