/**
 * One-pass gradient kernels on wasm for the gradients ../gradients.ts overrides (Sigmoid,
 * SquaredDifference, LeakyRelu, Square): the native addon's loops when it is loaded, JavaScript
 * loops over the heap views otherwise. All compute tfjs' own float32 expressions step by step
 * (bit-identical).
 */
import { nativeBlas } from './blas.js';
import { f32View, type TensorInfo, type WasmBackend, type WasmKernelFunc } from './wasm-backend.js';

/** Kernel names (not tfjs kernels: only ../gradients.ts runs them). */
export const SIGMOID_GRAD_KERNEL = 'LatentLabSigmoidGrad';
export const SQUARED_DIFFERENCE_GRAD_KERNEL = 'LatentLabSquaredDifferenceGrad';
export const LEAKY_RELU_GRAD_KERNEL = 'LatentLabLeakyReluGrad';
export const SQUARE_GRAD_KERNEL = 'LatentLabSquareGrad';

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

/**
 * inputs x, dy (one shape), attr alpha → x > 0 ? dy : dy·alpha: tfjs' where(greater(x, 0), dy,
 * mul(dy, alpha)) without its three full-size passes and boolean mask.
 */
export const leakyReluGrad: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const out = output(backend, inputs.x!);
  const [x, dy, o] = [inputs.x!, inputs.dy!, out].map((t) => f32View(backend, t)) as [Float32Array, Float32Array, Float32Array];
  const alpha = Math.fround((attrs?.alpha as number | undefined) ?? 0.2);
  const addon = nativeBlas();
  if (addon && typeof addon.leakyReluGrad === 'function') {
    addon.leakyReluGrad(x, dy, alpha, o);
  } else {
    for (let i = 0; i < o.length; i++) o[i] = x[i]! > 0 ? dy[i]! : dy[i]! * alpha;
  }
  return out;
};

/** inputs x, dy (one shape) → dy·(x·2), tfjs' Square gradient mul(dy, mul(x, 2)) in one pass. */
export const squareGrad: WasmKernelFunc = ({ inputs, backend }) => {
  const out = output(backend, inputs.x!);
  const [x, dy, o] = [inputs.x!, inputs.dy!, out].map((t) => f32View(backend, t)) as [Float32Array, Float32Array, Float32Array];
  const addon = nativeBlas();
  if (addon && typeof addon.squareGrad === 'function') {
    addon.squareGrad(x, dy, o);
  } else {
    for (let i = 0; i < o.length; i++) o[i] = dy[i]! * Math.fround(x[i]! * 2);
  }
  return out;
};
