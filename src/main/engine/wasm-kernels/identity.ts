/**
 * Identity for the wasm backend as a reference, not a copy. tfjs calls Identity constantly during
 * training (tf.clone, gradient bookkeeping, optimizer slots: ~150 calls per conv AE step), and the
 * stock kernel copies the whole tensor each time. Tensors are immutable and the wasm backend
 * reference-counts data (its own Reshape aliases the same way), so sharing the data is safe: this
 * is exactly what the cpu backend's Identity does.
 */
import * as tf from '@tensorflow/tfjs';
import { original } from './registry.js';
import type { WasmKernelFunc } from './wasm-backend.js';

/** Replacement Identity kernel. */
export const identity: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x!;
  if (x.dtype === 'string') return original(tf.Identity).kernelFunc({ inputs, backend, attrs });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/**
 * Replacement Cast kernel: a cast to the tensor's own dtype shares the data, as the cpu backend
 * does (tf.moments casts every batch-norm input to float32, and the Square gradient casts again:
 * the stock kernel copied the whole activation each time); other casts stay stock.
 */
export const cast: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x!;
  if (x.dtype === 'string' || attrs?.dtype !== x.dtype) return original(tf.Cast).kernelFunc({ inputs, backend, attrs });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};
