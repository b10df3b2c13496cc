/**
 * Add for the wasm backend: a float32 tensor plus a vector over its last axis (the bias that
 * tfjs-layers' biasAdd adds after Conv2DTranspose, shaped [C] or [1, 1, 1, C]) is one native pass
 * (stock wasm broadcasts it per element at ~2 ns each, 16 ms for a 1024×32×32×8 activation). Every
 * other case, and everything without the addon, is the stock kernel.
 * SquaredDifference of two float32 tensors of one shape (an MSE loss) is one native pass too,
 * bit-identical to the stock kernel's (a − b)·(a − b).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeBlas } from './blas.js';
import { original } from './registry.js';
import { f32View, sizeOf, type TensorInfo, type WasmKernelFunc } from './wasm-backend.js';

/** True when `v` is a float32 vector over `x`'s last axis (leading 1s allowed) and x is at least as large. */
function isRowVector(x: TensorInfo, v: TensorInfo): boolean {
  const cols = x.shape[x.shape.length - 1];
  if (cols === undefined || x.dtype !== 'float32' || v.dtype !== 'float32' || v.shape.length > x.shape.length) return false;
  return sizeOf(v.shape) === cols && v.shape[v.shape.length - 1] === cols && sizeOf(x.shape) > cols;
}

/** Replacement Add kernel. */
export const add: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const addon = nativeBlas();
  const [x, v] = isRowVector(a, b) ? [a, b] : isRowVector(b, a) ? [b, a] : [null, null];
  if (!addon || typeof addon.addRow !== 'function' || x === null || v === null) return original(tf.Add).kernelFunc({ inputs, backend, attrs });
  const cols = x.shape[x.shape.length - 1]!;
  const out = backend.makeOutput([...x.shape], 'float32');
  addon.addRow(f32View(backend, x), sizeOf(x.shape) / cols, cols, f32View(backend, v), f32View(backend, out));
  return out;
};

/** Replacement SquaredDifference kernel. */
export const squaredDifference: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
  const addon = nativeBlas();
  const same = a.dtype === 'float32' && b.dtype === 'float32' && tf.util.arraysEqual(a.shape, b.shape);
  if (!addon || typeof addon.squaredDifference !== 'function' || !same) {
    return original(tf.SquaredDifference).kernelFunc({ inputs, backend, attrs });
  }
  const out = backend.makeOutput([...a.shape], 'float32');
  addon.squaredDifference(f32View(backend, a), f32View(backend, b), f32View(backend, out));
  return out;
};
