/**
 * Helpers that run the same computation on the cpu backend (the reference) and on wasm with the
 * replacement kernels installed, and compare the results.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { setNativeBlasEnabled } from '../../../../../src/main/engine/wasm-kernels/blas.js';
import { installWasmKernels } from '../../../../../src/main/engine/wasm-kernels/index.js';

/**
 * Initialises both backends once and installs the replacement kernels, with the optional native
 * BLAS path turned off: these tests cover the wasm kernels, which run wherever the addon is not
 * installed (native-blas.test.ts covers the native path through setupNativeBackends).
 */
export async function setupBackends(): Promise<void> {
  await setup(false);
}

/** As setupBackends, with the native BLAS kernels turned on (when the addon is installed). */
export async function setupNativeBackends(): Promise<void> {
  await setup(true);
}

async function setup(native: boolean): Promise<void> {
  setNativeBlasEnabled(native);
  installWasmKernels();
  await tf.setBackend('cpu');
  await tf.setBackend('wasm');
  await tf.ready();
}

/** Deterministic pseudo-random values in [-1, 1) (mulberry32), so failures reproduce. */
export function randomValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Runs `compute` on `backend` and returns every output tensor's values (and shape). */
export async function runOn(
  backend: 'cpu' | 'wasm',
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<{ values: Float32Array; shape: number[] }[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const result = compute();
    const list = Array.isArray(result) ? result : [result];
    return list.map((t) => ({ values: Float32Array.from(t.dataSync()), shape: t.shape }));
  });
}

/**
 * Expects wasm to reproduce cpu: same shapes, and every value within `tolerance` relative to the
 * largest reference magnitude (float32 sums over hundreds of terms differ in the last bits).
 */
export async function expectWasmMatchesCpu(
  compute: () => tf.Tensor | tf.Tensor[],
  label: string,
  tolerance = 1e-4,
): Promise<void> {
  const reference = await runOn('cpu', compute);
  const actual = await runOn('wasm', compute);
  expect(actual.length, label).toBe(reference.length);
  reference.forEach((ref, i) => {
    expect(actual[i]!.shape, `${label} output ${i} shape`).toEqual(ref.shape);
    let scale = 1;
    for (const v of ref.values) scale = Math.max(scale, Math.abs(v));
    let worst = 0;
    for (let k = 0; k < ref.values.length; k++) {
      worst = Math.max(worst, Math.abs(actual[i]!.values[k]! - ref.values[k]!));
    }
    expect(worst / scale, `${label} output ${i}: max |wasm - cpu| / scale`).toBeLessThanOrEqual(tolerance);
  });
}

/** A tensor with deterministic random values, made on the current backend. */
export function randomTensor(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(randomValues(size, seed), shape);
}
