import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  installWasmKernels,
  REPLACED_WASM_KERNELS,
  uninstallWasmKernels,
} from '../../../../../src/main/engine/wasm-kernels/index.js';
import { batchMatMul } from '../../../../../src/main/engine/wasm-kernels/matmul.js';
import { randomTensor, setupBackends } from './compare.js';

beforeAll(setupBackends);
afterAll(installWasmKernels);

/** Data ids alive in the wasm backend: intermediates a kernel forgets to free show up here. */
function liveWasmData(): number {
  return (tf.engine().findBackend('wasm') as unknown as { numDataIds(): number }).numDataIds();
}

describe('installWasmKernels', () => {
  it('registers every replacement for wasm, and a second call changes nothing and warns nothing', () => {
    const warn = vi.spyOn(console, 'warn');
    installWasmKernels();
    installWasmKernels();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(batchMatMul);
    for (const name of REPLACED_WASM_KERNELS) expect(tf.getKernel(name, 'wasm'), name).toBeDefined();
  });

  it('uninstall puts the stock kernels back (stock wasm has no Conv2DBackpropFilter)', () => {
    uninstallWasmKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).not.toBe(batchMatMul);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    installWasmKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(batchMatMul);
  });

  it('frees every intermediate buffer: a training-like step leaves no wasm data behind', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor([4, 8, 8, 2], 1) as tf.Tensor4D;
    const w = randomTensor([3, 3, 2, 3], 2) as tf.Tensor4D;
    const a = randomTensor([3, 6, 5], 3);
    const b = randomTensor([3, 4, 5], 4);
    const before = liveWasmData();
    tf.tidy(() => {
      tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same').sum())([x, w]);
      tf.conv2dTranspose(x, tf.zeros([3, 3, 3, 2]) as tf.Tensor4D, [4, 16, 16, 3], 2, 'same');
      tf.fused.matMul({ a, b, transposeB: true, bias: tf.ones([4]), activation: 'elu' });
      tf.matMul(a, b, false, true);
      tf.gather(x, tf.tensor1d([1, 3], 'int32'));
      tf.slice(x, [1, 2, 2, 0], [2, 3, 3, 2]);
    });
    expect(liveWasmData()).toBe(before);
    tf.dispose([x, w, a, b]);
  });
});

describe('Identity (shares data instead of copying)', () => {
  it('keeps a clone valid after the original is disposed, and frees the data after both are', async () => {
    await tf.setBackend('wasm');
    const before = liveWasmData();
    const original = tf.tensor2d([[1, 2], [3, 4]]);
    const copy = tf.clone(original);
    expect(liveWasmData()).toBe(before + 1);
    original.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4]);
    copy.dispose();
    expect(liveWasmData()).toBe(before);
  });

  it('leaves a variable untouched when a clone of its old value outlives an assign', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([v, snapshot]);
  });
});
