/**
 * The evaluation metrics' per-sample sums in one native pass (LatentLabReconstructionStats, for
 * ../metrics.ts): for targets y and predictions p of shape [batch, values], each sample's sum of
 * squared errors, of absolute errors, of binary cross-entropies (p clipped to [lo, hi]) and its
 * count of values on the wrong side of 0.5, as a [batch, 4] tensor. Evaluating a run's metrics
 * took about fifteen full-size ops per batch, more time per epoch than half of its training steps.
 * Each term is the unfused op's float32 value; the sums are in doubles, in another order than
 * tf.sum's (the metrics may differ in their last digits).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeBlas } from './blas.js';
import { f32View, type WasmKernelFunc } from './wasm-backend.js';

export const RECONSTRUCTION_STATS_KERNEL = 'LatentLabReconstructionStats';

/** Columns of the kernel's output. */
export const STAT_SQUARED = 0;
export const STAT_ABSOLUTE = 1;
export const STAT_BCE = 2;
export const STAT_WRONG = 3;
export const STAT_COUNT = 4;

/** True when the kernel can run on the active backend (wasm with the native addon). */
export function reconstructionStatsAvailable(): boolean {
  const addon = nativeBlas();
  return addon !== null && typeof addon.reconstructionStats === 'function' && tf.getKernel(RECONSTRUCTION_STATS_KERNEL, tf.getBackend()) !== undefined;
}

/** inputs y, p ([batch, values], float32); attrs lo, hi (the cross-entropy's clipping bounds) → [batch, 4]. */
export const reconstructionStats: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const addon = nativeBlas();
  if (!addon || typeof addon.reconstructionStats !== 'function') throw new Error(`${RECONSTRUCTION_STATS_KERNEL}: needs the native addon`);
  const { lo, hi } = attrs as unknown as { lo: number; hi: number };
  const y = inputs.y!;
  const p = inputs.p!;
  if (y.shape.length !== 2 || !tf.util.arraysEqual(y.shape, p.shape) || y.dtype !== 'float32' || p.dtype !== 'float32') {
    throw new Error(`${RECONSTRUCTION_STATS_KERNEL}: needs float32 y and p of one [batch, values] shape, got [${y.shape}] and [${p.shape}]`);
  }
  const [rows, cols] = y.shape as [number, number];
  const out = backend.makeOutput([rows, STAT_COUNT], 'float32');
  addon.reconstructionStats(f32View(backend, y), f32View(backend, p), rows, cols, lo, hi, f32View(backend, out));
  return out;
};
