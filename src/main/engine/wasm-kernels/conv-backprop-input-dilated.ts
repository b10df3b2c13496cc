/**
 * The textbook Conv2DBackpropInput, kept as the fallback for geometries the phase decomposition
 * cannot express (explicit paddings wider than the filter):
 *
 *   dx = conv2d(dilate(dy, strides), rotate180(filter) with in/out channels swapped,
 *               stride 1, pad top = KH-1-padTop, pad left = KW-1-padLeft)
 *
 * The dilation is one JS pass writing each dy pixel once into a zeroed buffer.
 */
import * as tf from '@tensorflow/tfjs';
import type { forwardConvInfo } from './conv-info.js';
import { original } from './registry.js';
import { f32View, runSingle, type TensorInfo, type WasmBackend } from './wasm-backend.js';

/** W[kh, kw, ci, co] -> W'[KH-1-kh, KW-1-kw, co, ci]. */
function rotatedFilter(backend: WasmBackend, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, co, ci], 'float32');
  const src = f32View(backend, filter);
  const dst = f32View(backend, out);
  for (let h = 0; h < kh; h++) {
    for (let w = 0; w < kw; w++) {
      const srcTap = (h * kw + w) * ci * co;
      const dstTap = ((kh - 1 - h) * kw + (kw - 1 - w)) * co * ci;
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) {
          dst[dstTap + o * ci + i] = src[srcTap + i * co + o]!;
        }
      }
    }
  }
  return out;
}

/** Rows [first, first + count) of the dilated axis, after cropping negative padding. */
interface AxisWindow {
  /** First dilated index kept. */
  first: number;
  /** Number of dilated indices kept. */
  count: number;
  /** Zero padding before / after the kept window, as the convolution must apply it. */
  padBefore: number;
  padAfter: number;
}

/**
 * The dilated axis spans (out-1)*stride+1 entries and needs `before` zeros in front and `after`
 * behind so that a stride-1 convolution yields `target` outputs. Negative padding (only possible
 * with explicit pads wider than the filter) becomes cropping of the dilated axis instead.
 */
function axisWindow(out: number, stride: number, filter: number, padStart: number, target: number): AxisWindow {
  const span = (out - 1) * stride + 1;
  const before = filter - 1 - padStart;
  const after = target + filter - 1 - before - span;
  const first = Math.max(0, -before);
  const last = span - Math.max(0, -after);
  return { first, count: Math.max(0, last - first), padBefore: Math.max(0, before), padAfter: Math.max(0, after) };
}

/** dy [B, OH, OW, C] spread onto the kept window of its dilated grid, zeros elsewhere. */
function dilate(
  backend: WasmBackend,
  dy: TensorInfo,
  strideH: number,
  strideW: number,
  rows: AxisWindow,
  cols: AxisWindow,
): TensorInfo {
  const [batch, outH, outW, channels] = dy.shape as [number, number, number, number];
  const out = backend.makeOutput([batch, rows.count, cols.count, channels], 'float32');
  const src = f32View(backend, dy);
  const dst = f32View(backend, out);
  dst.fill(0);
  const dstRow = cols.count * channels;
  const dstImage = rows.count * dstRow;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const r = oh * strideH - rows.first;
      if (r < 0 || r >= rows.count) continue;
      for (let ow = 0; ow < outW; ow++) {
        const c = ow * strideW - cols.first;
        if (c < 0 || c >= cols.count) continue;
        let s = ((b * outH + oh) * outW + ow) * channels;
        let d = b * dstImage + r * dstRow + c * channels;
        for (let ch = 0; ch < channels; ch++) dst[d++] = src[s++]!;
      }
    }
  }
  return out;
}

/** dx for the given forward geometry via dilation of dy and the rotated filter. */
export function dilatedBackpropInput(
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: ReturnType<typeof forwardConvInfo>,
): TensorInfo {
  const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, padInfo } = info;
  const rows = axisWindow(outHeight, strideHeight, filterHeight, padInfo.top, inHeight);
  const cols = axisWindow(outWidth, strideWidth, filterWidth, padInfo.left, inWidth);
  const needsCopy = strideHeight > 1 || strideWidth > 1 || rows.first > 0 || cols.first > 0 ||
    rows.count < outHeight || cols.count < outWidth;
  const spread = needsCopy ? dilate(backend, dy, strideHeight, strideWidth, rows, cols) : dy;
  const flipped = rotatedFilter(backend, filter);
  const dx = runSingle(original(tf.Conv2D), backend, { x: spread, filter: flipped }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [
      [0, 0],
      [rows.padBefore, rows.padAfter],
      [cols.padBefore, cols.padAfter],
      [0, 0],
    ],
    dataFormat: 'NHWC',
  });
  backend.disposeData(flipped.dataId);
  if (spread !== dy) backend.disposeData(spread.dataId);
  return dx;
}
