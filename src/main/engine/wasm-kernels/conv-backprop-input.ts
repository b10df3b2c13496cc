/**
 * Conv2DBackpropInput for the wasm backend (also the forward pass of conv2dTranspose). The stock
 * kernel is a scalar C++ loop; this one reduces the op to the XNNPACK-backed Conv2D kernel.
 *
 * dx[r] gathers dy[oh] * W[kh] over all oh*stride + kh - padTop = r. Split the output rows by
 * phase p = (r + padTop) mod stride: within one phase only the taps kh = p, p+stride, ... meet,
 * and they meet consecutive dy rows, so each phase is an ordinary stride-1 convolution of dy with
 * a small sub-filter (those taps, reversed, in/out channels swapped). With stride 2 that is four
 * convolutions with 2x2, 2x1, 1x2 and 1x1 filters whose outputs interleave into dx: the exact work
 * of the op, none of it spent on zeros. With stride 1 there is one phase and no interleaving.
 *
 * Explicit paddings wider than the filter make a phase need negative padding, which XNNPACK does
 * not take; those fall back to the textbook form: conv2d(dilate(dy), rotate180(filter)).
 */
import * as tf from '@tensorflow/tfjs';
import { nativeBlas, nativeConv2DBackpropInput } from './blas.js';
import { dilatedBackpropInput } from './conv-backprop-input-dilated.js';
import { forwardConvInfo } from './conv-info.js';
import { original } from './registry.js';
import { f32View, runSingle, type TensorInfo, type WasmBackend, type WasmKernelFunc } from './wasm-backend.js';

/** One phase of one spatial axis. */
interface AxisPhase {
  /** Phase p: the first filter tap of this phase (taps p, p+stride, ...). */
  phase: number;
  /** Number of taps in the phase (0 when the filter is shorter than the stride). */
  taps: number;
  /** First dy-grid index q whose output row q*stride + p - padStart lies in dx. */
  first: number;
  /** Number of dx rows in this phase. */
  count: number;
  /** Zero padding of dy before / after for the phase's stride-1 convolution. */
  padBefore: number;
  padAfter: number;
}

/**
 * Phases of one axis, or null if one would need negative padding. For output index q of the
 * phase, the taps j = 0..taps-1 read dy[q - j]; as a convolution with the taps reversed, output
 * q' = q - first reads padded dy from q' on, so padBefore = taps - 1 - first.
 */
function axisPhases(dyLength: number, stride: number, filter: number, padStart: number, dxLength: number): AxisPhase[] | null {
  const phases: AxisPhase[] = [];
  for (let phase = 0; phase < stride; phase++) {
    const taps = phase < filter ? Math.ceil((filter - phase) / stride) : 0;
    const first = Math.ceil((padStart - phase) / stride);
    const last = Math.floor((dxLength - 1 + padStart - phase) / stride);
    const count = Math.max(0, last - first + 1);
    const padBefore = taps - 1 - first;
    const padAfter = count + taps - 1 - padBefore - dyLength;
    if (taps > 0 && count > 0 && (padBefore < 0 || padAfter < 0)) return null;
    phases.push({ phase, taps, first, count, padBefore, padAfter });
  }
  return phases;
}

/** Sub-filter of one phase: F[i, j, co, ci] = W[ph + (Jh-1-i)*sh, pw + (Jw-1-j)*sw, ci, co]. */
function phaseFilter(backend: WasmBackend, filter: TensorInfo, rows: AxisPhase, cols: AxisPhase, sh: number, sw: number): TensorInfo {
  const [, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([rows.taps, cols.taps, co, ci], 'float32');
  const src = f32View(backend, filter);
  const dst = f32View(backend, out);
  let d = 0;
  for (let i = 0; i < rows.taps; i++) {
    const h = rows.phase + (rows.taps - 1 - i) * sh;
    for (let j = 0; j < cols.taps; j++) {
      const w = cols.phase + (cols.taps - 1 - j) * sw;
      const tap = (h * kw + w) * ci * co;
      for (let o = 0; o < co; o++) {
        for (let c = 0; c < ci; c++) dst[d++] = src[tap + c * co + o]!;
      }
    }
  }
  return out;
}

/** Writes a phase's [B, Qh, Qw, C] result into every stride-th pixel of dx. */
function interleave(
  backend: WasmBackend,
  part: TensorInfo,
  dx: TensorInfo,
  rows: AxisPhase,
  cols: AxisPhase,
  geometry: { sh: number; sw: number; padTop: number; padLeft: number },
): void {
  const [batch, height, width, channels] = dx.shape as [number, number, number, number];
  const src = f32View(backend, part);
  const dst = f32View(backend, dx);
  const dstPixelStep = geometry.sw * channels;
  let s = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < rows.count; i++) {
      const r = (rows.first + i) * geometry.sh + rows.phase - geometry.padTop;
      let d = ((b * height + r) * width + (cols.first * geometry.sw + cols.phase - geometry.padLeft)) * channels;
      for (let j = 0; j < cols.count; j++, d += dstPixelStep) {
        for (let c = 0; c < channels; c++) dst[d + c] = src[s++]!;
      }
    }
  }
}

/** Replacement Conv2DBackpropInput kernel. */
export const conv2DBackpropInput: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const dy = inputs.dy!;
  const filter = inputs.filter!;
  const inputShape = attrs?.inputShape as number[];
  const info = forwardConvInfo('Conv2DBackpropInput', inputShape, filter.shape, attrs);
  if (dy.dtype !== 'float32' || filter.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropInput on wasm supports float32 only, got ${dy.dtype} and ${filter.dtype}`);
  }
  // Native BLAS: dy·W^T into patches, scattered back into dx (col2im).
  const addon = nativeBlas();
  if (addon) return nativeConv2DBackpropInput(addon, backend, dy, filter, info);
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const rowPhases = axisPhases(outHeight, sh, filterHeight, padInfo.top, inHeight);
  const colPhases = axisPhases(outWidth, sw, filterWidth, padInfo.left, inWidth);
  if (rowPhases === null || colPhases === null) return dilatedBackpropInput(backend, dy, filter, info);

  const phaseConv = (rows: AxisPhase, cols: AxisPhase): TensorInfo => {
    const subFilter = phaseFilter(backend, filter, rows, cols, sh, sw);
    const part = runSingle(original(tf.Conv2D), backend, { x: dy, filter: subFilter }, {
      strides: [1, 1],
      dilations: [1, 1],
      pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
      dataFormat: 'NHWC',
    });
    backend.disposeData(subFilter.dataId);
    return part;
  };

  // Stride 1: the single phase's output is dx itself.
  if (sh === 1 && sw === 1) return phaseConv(rowPhases[0]!, colPhases[0]!);

  const dx = backend.makeOutput(inputShape, 'float32');
  const coversAll = rowPhases.every((p) => p.taps > 0) && colPhases.every((p) => p.taps > 0);
  if (!coversAll) f32View(backend, dx).fill(0);
  const geometry = { sh, sw, padTop: padInfo.top, padLeft: padInfo.left };
  for (const rows of rowPhases) {
    for (const cols of colPhases) {
      if (rows.taps === 0 || cols.taps === 0 || rows.count === 0 || cols.count === 0) continue;
      const part = phaseConv(rows, cols);
      interleave(backend, part, dx, rows, cols, geometry);
      backend.disposeData(part.dataId);
    }
  }
  return dx;
};
