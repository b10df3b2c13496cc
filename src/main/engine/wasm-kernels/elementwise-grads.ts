/**
 * One-pass gradient kernels on wasm for the gradients ../gradients.ts overrides (Sigmoid and
 * SquaredDifference): the native addon's loops when it is loaded, JavaScript loops over the heap
 * views otherwise. Both compute tfjs' own float32 expressions step by step (bit-identical).
 */
import { nativeBlas } from './blas.js';
import { f32View, type TensorInfo, type WasmBackend, type WasmKernelFunc } from './wasm-backend.js';

/** Kernel names (not tfjs kernels: only ../gradients.ts runs them). */
export const SIGMOID_GRAD_KERNEL = 'LatentLabSigmoidGrad';
export const SQUARED_DIFFERENCE_GRAD_KERNEL = 'LatentLabSquaredDifferenceGrad';

function output(backend: WasmBackend, like: TensorInfo): TensorInfo {
  return backend.makeOutput([...like.shape], 'float32');
}

/** inputs y (the sigmoid's output), dy → dy·(y·(1 − y)). */
export const sigmoidGrad: WasmKernelFunc = ({ inputs, backend }) => {
  const out = output(backend, inputs.y!);
  const [y, dy, o] = [inputs.y!, inputs.dy!, out].map((t) => f32View(backend, t)) as [Float32Array, Float32Array, Float32Array];
  const addon = nativeBlas();
  if (addon && typeof addon.sigmoidGrad === 'function') {
    addon.sigmoidGrad(y, dy, o);
  } else {
    const f = Math.fround;
    for (let i = 0; i < o.length; i++) o[i] = dy[i]! * f(y[i]! * f(1 - y[i]!));
  }
  return out;
};

/** inputs a, b, dy (all one shape) → dy·(2·(a − b)), the gradient for a (swap a and b for b's). */
export const squaredDifferenceGrad: WasmKernelFunc = ({ inputs, backend }) => {
  const out = output(backend, inputs.a!);
  const [a, b, dy, o] = [inputs.a!, inputs.b!, inputs.dy!, out].map((t) => f32View(backend, t)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const addon = nativeBlas();
  if (addon && typeof addon.squaredDifferenceGrad === 'function') {
    addon.squaredDifferenceGrad(a, b, dy, o);
  } else {
    const f = Math.fround;
    for (let i = 0; i < o.length; i++) o[i] = dy[i]! * f(2 * f(a[i]! - b[i]!));
  }
  return out;
};
