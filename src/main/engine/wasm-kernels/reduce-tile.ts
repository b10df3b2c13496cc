/**
 * Sum, Mean and Tile for the wasm backend, for the shapes training produces.
 *
 * Profiling a conv AE step showed these three dominating after the conv kernels were fixed:
 * - Sum/Mean over the *leading* axes (bias gradients, batch-norm moments: reduce [N, H, W, C] to
 *   [C]) make the stock kernels transpose the whole input first so the reduced axes are innermost,
 *   at ~10-25 ns per element. Here they are one pass of row accumulation instead.
 * - Tile (the batch-norm gradient tiles a [1,1,1,C] vector to the activation's shape) walks a
 *   generic index per element in stock wasm; here each output block is written once by bulk copy.
 * - Sum/Mean over *every* axis (a mean loss) or over the *trailing* axes (a VAE's error per sample)
 *   accumulate in float32 in stock wasm, sequentially (−1.2e-3 relative on the squared errors of an
 *   MNIST batch, and ~1 ns per element); with the native addon they are one pass accumulated in
 *   doubles, as the cpu backend does.
 * - Tile of a tensor whose trailing axes are 1 along those axes (the gradient of such a per-sample
 *   sum broadcasts each sample's value over its pixels) is one fill per row.
 * Other cases keep the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeBlas } from './blas.js';
import { original } from './registry.js';
import { f32View, sizeOf, type TensorInfo, type WasmBackend, type WasmKernelFunc } from './wasm-backend.js';

/** If `axes` are exactly the first k axes (in any order), returns [rows, cols] of the [rows, cols] view. */
function leadingSplit(shape: readonly number[], axes: number[]): [number, number] | null {
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.some((axis, i) => axis !== i) || sorted.length === shape.length) return null;
  const rows = sizeOf(shape.slice(0, sorted.length));
  return [rows, sizeOf(shape.slice(sorted.length))];
}

/** Column sums of x viewed as [rows, cols], scaled, into a new float32 tensor of `outShape`. */
function columnSums(backend: WasmBackend, x: TensorInfo, rows: number, cols: number, scale: number, outShape: number[]): TensorInfo {
  const out = backend.makeOutput(outShape, 'float32');
  const addon = nativeBlas();
  if (addon) {
    // The same double accumulation as below, as a native loop (about 10x faster).
    addon.columnSums(f32View(backend, x), rows, cols, scale, f32View(backend, out));
    return out;
  }
  const src = f32View(backend, x);
  // Accumulate in doubles, as the cpu backend does, so long reductions agree with it.
  const acc = new Float64Array(cols);
  for (let r = 0, s = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, s++) acc[c]! += src[s]!;
  }
  const dst = f32View(backend, out);
  for (let c = 0; c < cols; c++) dst[c] = acc[c]! * scale;
  return out;
}

/** The sum (or mean) of every element of x as a float32 tensor of `outShape`, natively; null without the addon. */
function reduceAll(backend: WasmBackend, x: TensorInfo, mean: boolean, outShape: number[]): TensorInfo | null {
  const addon = nativeBlas();
  if (!addon || typeof addon.sumAll !== 'function') return null;
  const n = sizeOf(x.shape);
  const total = addon.sumAll(f32View(backend, x));
  const out = backend.makeOutput(outShape, 'float32');
  f32View(backend, out)[0] = mean ? total / n : total;
  return out;
}

/** If `axes` are exactly the last k axes (0 < k < rank), returns the first of them, else null. */
function firstTrailingAxis(shape: readonly number[], axes: number[]): number | null {
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  const first = shape.length - sorted.length;
  if (sorted.length === 0 || first === 0 || sorted.some((axis, i) => axis !== first + i)) return null;
  return first;
}

/** Row sums (or means) of x viewed as [rows, cols] into a float32 tensor of `outShape`, natively; null without the addon. */
function reduceTrailing(backend: WasmBackend, x: TensorInfo, rows: number, cols: number, mean: boolean, outShape: number[]): TensorInfo | null {
  const addon = nativeBlas();
  if (!addon || typeof addon.rowSums !== 'function') return null;
  const out = backend.makeOutput(outShape, 'float32');
  addon.rowSums(f32View(backend, x), rows, cols, mean ? 1 / cols : 1, f32View(backend, out));
  return out;
}

function reduceKernel(kernelName: typeof tf.Sum | typeof tf.Mean): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const x = inputs.x!;
    const axes = tf.util.parseAxisParam(attrs?.axis as number | number[], x.shape);
    const mean = kernelName === tf.Mean;
    if (x.dtype === 'float32' && x.shape.length > 0 && sizeOf(x.shape) > 0) {
      if (new Set(axes).size === x.shape.length) {
        const whole = reduceAll(backend, x, mean, attrs?.keepDims ? x.shape.map(() => 1) : []);
        if (whole) return whole;
      }
      const first = firstTrailingAxis(x.shape, axes);
      if (first !== null) {
        const kept = x.shape.slice(0, first);
        const outShape = attrs?.keepDims ? [...kept, ...x.shape.slice(first).map(() => 1)] : kept;
        const rows = reduceTrailing(backend, x, sizeOf(kept), sizeOf(x.shape.slice(first)), mean, outShape);
        if (rows) return rows;
      }
    }
    const split = x.dtype === 'float32' ? leadingSplit(x.shape, axes) : null;
    if (split === null || sizeOf(x.shape) === 0) return original(kernelName).kernelFunc({ inputs, backend, attrs });
    const [rows, cols] = split;
    const kept = x.shape.slice(axes.length);
    const outShape = attrs?.keepDims ? [...axes.map(() => 1), ...kept] : kept;
    return columnSums(backend, x, rows, cols, kernelName === tf.Mean ? 1 / rows : 1, outShape);
  };
}

/** Replacement Sum kernel (fast for leading-axes reductions; with the addon also whole and trailing ones). */
export const sum: WasmKernelFunc = reduceKernel(tf.Sum);

/** Replacement Mean kernel (the same cases as Sum). */
export const mean: WasmKernelFunc = reduceKernel(tf.Mean);

/**
 * When x's trailing axes are 1 and only they are repeated (x [N, 1] tiled by [1, C]), each element
 * of x fills `count` consecutive outputs: returns count, else null.
 */
function repeatEachCount(shape: readonly number[], reps: readonly number[]): number | null {
  let first = shape.length;
  while (first > 0 && shape[first - 1] === 1) first--;
  if (first === shape.length || reps.slice(0, first).some((r) => r !== 1)) return null;
  return sizeOf(reps.slice(first));
}

/** Replacement Tile kernel. */
export const tile: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x!;
  const reps = attrs?.reps as number[];
  if (x.dtype === 'string' || x.dtype === 'complex64') return original(tf.Tile).kernelFunc({ inputs, backend, attrs });
  const rank = x.shape.length;
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (sizeOf(outShape) === 0) return out;
  const count = repeatEachCount(x.shape, reps);
  if (count !== null && count > 1) {
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    for (let i = 0; i < src.length; i++) dst.fill(src[i]!, i * count, (i + 1) * count);
    return out;
  }
  const srcView = backend.typedArrayFromHeap(x);
  const dstView = backend.typedArrayFromHeap(out);
  const ctor = srcView.constructor as new (buffer: ArrayBufferLike) => Float32Array | Int32Array | Uint8Array;
  const heap = new ctor(srcView.buffer);
  const srcBase = srcView.byteOffset / srcView.BYTES_PER_ELEMENT;
  const dstBase = dstView.byteOffset / dstView.BYTES_PER_ELEMENT;
  const xStrides = [...tf.util.computeStrides(x.shape), 1];
  const outStrides = [...tf.util.computeStrides(outShape), 1];

  // Fills out's block for dimension d at dst from x's block at src: first the x.shape[d] sub-blocks
  // (recursively), then that whole span repeated reps[d]-1 more times behind itself.
  const fill = (d: number, src: number, dst: number): void => {
    const span = x.shape[d]! * outStrides[d]!;
    if (d === rank - 1) {
      for (let i = 0; i < x.shape[d]!; i++) heap[dst + i] = heap[src + i]!;
    } else {
      for (let i = 0; i < x.shape[d]!; i++) fill(d + 1, src + i * xStrides[d]!, dst + i * outStrides[d]!);
    }
    // Doubling copies: log2(reps) calls however many repetitions there are.
    for (let done = 1; done < reps[d]!; ) {
      const count = Math.min(done, reps[d]! - done);
      heap.copyWithin(dst + done * span, dst, dst + count * span);
      done += count;
    }
  };
  if (rank === 0) heap[dstBase] = heap[srcBase]!;
  else fill(0, srcBase, dstBase);
  return out;
};
