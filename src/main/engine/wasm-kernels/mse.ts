/**
 * The mean squared error loss on wasm in one pass each way (used by ../losses.ts): the forward
 * mean of (t − p)² as one scalar, without writing the squared errors out, and its gradient
 * dy/n·(2·(p − t)) in one pass, where tfjs ran SquaredDifference and Mean forward and Mean's,
 * Tile's and SquaredDifference's gradients backward.
 *
 * Both give the unfused ops' float32 results on this backend bit for bit: the forward squares in
 * float32 and sums them in doubles exactly as the Mean kernel (./reduce-tile.ts) does, and the
 * gradient computes fl(dy/n) once and then SquaredDifference's gradient with that dy.
 */
import { nativeBlas } from './blas.js';
import { f32View, type WasmKernelFunc } from './wasm-backend.js';

/** Kernel names (not tfjs kernels: only ../losses.ts runs them). */
export const MSE_KERNEL = 'LatentLabMse';
export const MSE_GRAD_KERNEL = 'LatentLabMseGrad';

/** The addon's functions both kernels need; without them the loss keeps the unfused ops. */
export function mseKernelsUsable(): boolean {
  const addon = nativeBlas();
  return addon !== null && typeof addon.squaredDifferenceSum === 'function' && typeof addon.scaledSquaredDifferenceGrad === 'function';
}

/** inputs t, p (one shape) → the mean of (t − p)² over every element, a scalar. */
export const mse: WasmKernelFunc = ({ inputs, backend }) => {
  const addon = nativeBlas();
  if (!addon || typeof addon.squaredDifferenceSum !== 'function') throw new Error(`${MSE_KERNEL}: needs the native addon`);
  const out = backend.makeOutput([], 'float32');
  const [t, p, o] = [inputs.t!, inputs.p!, out].map((x) => f32View(backend, x)) as [Float32Array, Float32Array, Float32Array];
  if (t.length !== p.length) throw new Error(`${MSE_KERNEL}: t and p differ in size (${t.length}, ${p.length})`);
  o[0] = addon.squaredDifferenceSum(t, p) / t.length;
  return out;
};

/** inputs a, b (one shape), dy (the mean's scalar gradient) → fl(dy/n)·(2·(a − b)), the gradient for a. */
export const mseGrad: WasmKernelFunc = ({ inputs, backend }) => {
  const addon = nativeBlas();
  if (!addon || typeof addon.scaledSquaredDifferenceGrad !== 'function') throw new Error(`${MSE_GRAD_KERNEL}: needs the native addon`);
  const out = backend.makeOutput([...inputs.a!.shape], 'float32');
  const [a, b, dy, o] = [inputs.a!, inputs.b!, inputs.dy!, out].map((x) => f32View(backend, x)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  // float32 division of float32 values, as the Mean gradient's RealDiv computes it (a double
  // quotient rounded once to float32 is the correctly rounded float32 quotient).
  const scale = Math.fround(dy[0]! / Math.fround(a.length));
  addon.scaledSquaredDifferenceGrad(a, b, scale, o);
  return out;
};
