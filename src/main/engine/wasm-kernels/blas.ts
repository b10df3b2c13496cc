/**
 * Native GEMM and convolution for the wasm backend (issue 10): the optional `latent-lab-blas`
 * addon (native/blas, OpenBLAS or Accelerate) computes MatMul / BatchMatMul / _FusedMatMul /
 * Conv2D / FusedConv2D and the convolution backprops in place on the wasm heap, and two loops that
 * profiling showed next in line: leading-axes Sum / Mean (column sums) and LeakyRelu.
 *
 * Zero copy: a kernel allocates its output with makeOutput first (which may grow the heap and so
 * detach earlier views), then takes Float32Array views of inputs and output with
 * typedArrayFromHeap, and hands them to the addon, which reads their data pointers and calls
 * cblas_sgemm directly on the heap. The calls are synchronous, so nothing allocates in between.
 *
 * The addon is optional: it is not installed where no compiler or OpenBLAS was found at `npm ci`,
 * and LATENT_LAB_BLAS=0 turns it off. Then every kernel keeps its wasm (XNNPACK) path, and
 * nativeBlasStatus() says why.
 */
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { f32View, sizeOf, type TensorInfo, type WasmBackend } from './wasm-backend.js';

/** The addon's exports (native/blas/src: blas.cc, elementwise.cc, batch-norm.cc). */
export interface BlasAddon {
  gemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    batch: number,
    a: Float32Array,
    aStride: number,
    b: Float32Array,
    bStride: number,
    c: Float32Array,
    cStride: number,
    beta: number,
  ): void;
  epilogue(c: Float32Array, rows: number, cols: number, bias: Float32Array | null, activation: number, alpha: number): void;
  conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, geometry: number[]): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: number[]): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: number[]): void;
  columnSums(x: Float32Array, rows: number, cols: number, scale: number, out: Float32Array): void;
  /** out[r, c] = x[r, c] + v[c]: a bias over the last axis. */
  addRow(x: Float32Array, rows: number, cols: number, v: Float32Array, out: Float32Array): void;
  leakyRelu(x: Float32Array, alpha: number, out: Float32Array): void;
  /** out = 1 / (1 + exp(−x)) (vectorised exp, about 1 ulp; NaN stays NaN). */
  sigmoid(x: Float32Array, out: Float32Array): void;
  /** out = (a − b)·(a − b) (tfjs' SquaredDifference, bit-identical). */
  squaredDifference(a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out[r] = scale·Σ_c x[r, c] of x viewed as [rows, cols], accumulated in doubles. */
  rowSums(x: Float32Array, rows: number, cols: number, scale: number, out: Float32Array): void;
  /** The sum of every element of x, accumulated in doubles. */
  sumAll(x: Float32Array): number;
  /** Σ (a − b)², each square in float32, summed as sumAll sums (the MSE loss in one pass). */
  squaredDifferenceSum(a: Float32Array, b: Float32Array): number;
  /** out = s·(2·(a − b)), float32 step by step (SquaredDifference's gradient under a mean). */
  scaledSquaredDifferenceGrad(a: Float32Array, b: Float32Array, s: number, out: Float32Array): void;
  /** Per row of y and p ([rows, cols]): Σ (y − p)², Σ |y − p|, Σ bce(y, clip(p, lo, hi)), wrong sides of 0.5 → out [rows, 4]. */
  reconstructionStats(y: Float32Array, p: Float32Array, rows: number, cols: number, lo: number, hi: number, out: Float32Array): void;
  /** out = dy·(y > 0 ? 1 : 0) from a ReLU's output (tfjs' Relu gradient, bit-identical). */
  reluGrad(y: Float32Array, dy: Float32Array, out: Float32Array): void;
  /** out row i = x row indices[i], rows of rowLength floats; throws on an index out of range. */
  gatherRows(x: Float32Array, rowLength: number, indices: Int32Array, out: Float32Array): void;
  /** out = x > 0 ? dy : dy·alpha (tfjs' LeakyRelu gradient, bit-identical). */
  leakyReluGrad(x: Float32Array, dy: Float32Array, alpha: number, out: Float32Array): void;
  /** out = dy·(x·2) (tfjs' Square gradient, bit-identical). */
  squareGrad(x: Float32Array, dy: Float32Array, out: Float32Array): void;
  /** FusedBatchNorm over the last axis of x ([rows, channels]); per-channel vectors, scale/offset optional. */
  batchNorm(
    x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null, scale: Float32Array | null,
    epsilon: number, channels: number, out: Float32Array,
  ): void;
  /** Per-channel mean and (biased) variance of x viewed as [rows, channels] (tf.moments' two steps). */
  batchNormMoments(x: Float32Array, channels: number, mean: Float32Array, variance: Float32Array): void;
  /** Gradient of training batch norm, the batch moments included: dx, dscale, doffset. */
  batchNormTrainGrad(
    x: Float32Array, dy: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null,
    epsilon: number, channels: number, dmeanOut: Float32Array | null, dvarianceOut: Float32Array | null,
    dx: Float32Array, dscale: Float32Array, doffset: Float32Array,
  ): void;
  /** Every gradient of FusedBatchNorm in one pass (see ./batch-norm.ts). */
  batchNormGrad(
    x: Float32Array, dy: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null,
    epsilon: number, channels: number,
    dx: Float32Array, dmean: Float32Array, dvariance: Float32Array, dscale: Float32Array, doffset: Float32Array,
  ): void;
  /** One Adam step of one variable into new arrays; params as ../fused-adam/maths.ts adamParams. */
  /** Elementwise binary cross-entropy of p clipped to [lo, hi] (vectorised log). */
  bce(t: Float32Array, p: Float32Array, lo: number, hi: number, out: Float32Array): void;
  /** Its gradient for p times dy, bit-identical to tfjs' gradients of the unfused ops. */
  bceGrad(t: Float32Array, p: Float32Array, dy: Float32Array, lo: number, hi: number, out: Float32Array): void;
  /** out = dy·(y·(1 − y)), float32 step by step (the Sigmoid gradient). */
  sigmoidGrad(y: Float32Array, dy: Float32Array, out: Float32Array): void;
  /** out = dy·(2·(a − b)), float32 step by step (the SquaredDifference gradient for a). */
  squaredDifferenceGrad(a: Float32Array, b: Float32Array, dy: Float32Array, out: Float32Array): void;
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, wOut: Float32Array, mOut: Float32Array, vOut: Float32Array, params: Float32Array): void;
  /** split: whether large element-wise loops can run on two cores (OpenBLAS's worker thread; native/blas/src/split.cc). */
  info(): { library: string; version: string | null; config: string; threads: number; baseThreads: number; activeTrainers: number; split: boolean };
  acquire(): number;
  release(): number;
  setThreads(threads: number): number;
  /** 0: split element-wise loops while the BLAS worker is awake (default); 1: whenever supported; 2: never. */
  setSplitMode(mode: 0 | 1 | 2): void;
}

/** Whether the native kernels are in use, and a one-line description for the backend report. */
export interface NativeBlasStatus {
  active: boolean;
  /** e.g. `OpenBLAS 0.3.21, 2 threads`, or why the native path is not used. */
  detail: string;
}

let loaded: { addon: BlasAddon | null; reason: string | null } | null = null;
let enabled = true;

/** Loads the addon once per thread; null (with the reason) when it is absent or disabled. */
function load(): { addon: BlasAddon | null; reason: string | null } {
  if (loaded) return loaded;
  const setting = process.env.LATENT_LAB_BLAS;
  if (setting === '0' || setting === 'off') {
    loaded = { addon: null, reason: `native BLAS turned off (LATENT_LAB_BLAS=${setting})` };
    return loaded;
  }
  try {
    const require = createRequire(import.meta.url);
    const addon = require('latent-lab-blas') as BlasAddon;
    // A training worker shares the BLAS threads with the other training workers of the process.
    if (!isMainThread) addon.acquire();
    loaded = { addon, reason: null };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const message = String(e?.message ?? err).split('\n')[0]!.slice(0, 200);
    loaded = {
      addon: null,
      reason:
        e?.code === 'MODULE_NOT_FOUND' && message.includes("'latent-lab-blas'")
          ? 'native BLAS addon not installed (it needs a C++ compiler and libopenblas-dev at npm install)'
          : `native BLAS addon failed to load: ${message}`,
    };
  }
  return loaded;
}

/** The addon when the native kernels are enabled and loadable, else null. */
export function nativeBlas(): BlasAddon | null {
  return enabled ? load().addon : null;
}

/** Turns the native kernels on or off for this thread (benchmarks and tests compare both paths). */
export function setNativeBlasEnabled(on: boolean): void {
  enabled = on;
}

/** What the native path is doing, for the backend report. */
export function nativeBlasStatus(): NativeBlasStatus {
  const { addon, reason } = load();
  if (!addon) return { active: false, detail: reason ?? 'native BLAS unavailable' };
  if (!enabled) return { active: false, detail: 'native BLAS disabled in this process' };
  const info = addon.info();
  const name = info.version ? `${info.library} ${info.version}` : info.library;
  return { active: true, detail: `${name}, ${info.threads} thread${info.threads === 1 ? '' : 's'}` };
}

// ---------------------------------------------------------------------------------------------
// Matrix products.

/** Activation codes of the addon's epilogue. */
const ACTIVATION_CODES: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  sigmoid: 3,
  leakyrelu: 4,
  elu: 5,
};

/** True when the addon's epilogue applies `activation` (prelu needs its weights: wasm kernels). */
export function nativeActivation(activation: string): boolean {
  return activation in ACTIVATION_CODES;
}

/**
 * op(a)·op(b) for rank ≥ 2 float32 operands whose batch dims are equal or one side is a single
 * matrix; `outShape` is the broadcast result shape. One GEMM call (a batch of A against one B
 * without a transposed A folds into the rows), written straight into the output tensor.
 */
export function nativeMatMul(
  addon: BlasAddon,
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  s: { rows: number; inner: number; cols: number; batchA: number; batchB: number; outShape: number[] },
): TensorInfo {
  const out = backend.makeOutput(s.outShape, 'float32');
  const batch = Math.max(s.batchA, s.batchB);
  const av = f32View(backend, a);
  const bv = f32View(backend, b);
  const cv = f32View(backend, out);
  if (s.batchB === 1 && !transposeA) {
    addon.gemm(false, transposeB, s.batchA * s.rows, s.cols, s.inner, 1, av, 0, bv, 0, cv, 0, 0);
  } else {
    const aStride = s.batchA === 1 ? 0 : s.rows * s.inner;
    const bStride = s.batchB === 1 ? 0 : s.inner * s.cols;
    addon.gemm(transposeA, transposeB, s.rows, s.cols, s.inner, batch, av, aStride, bv, bStride, cv, s.rows * s.cols, 0);
  }
  return out;
}

/** Adds a per-column bias (length = last dim, or none) and applies an activation in place. */
export function nativeEpilogue(
  addon: BlasAddon,
  backend: WasmBackend,
  out: TensorInfo,
  bias: TensorInfo | undefined,
  activation: string,
  leakyreluAlpha: number,
): void {
  const cols = out.shape[out.shape.length - 1]!;
  const rows = sizeOf(out.shape) / Math.max(1, cols);
  const code = ACTIVATION_CODES[activation];
  if (code === undefined) throw new Error(`native epilogue: unsupported activation '${activation}'`);
  if (bias === undefined && code === 0) return;
  addon.epilogue(f32View(backend, out), rows, cols, bias ? f32View(backend, bias) : null, code, leakyreluAlpha);
}

/** True when `bias` is absent or a vector over the last dim of a `cols`-wide result. */
export function columnBias(bias: TensorInfo | undefined, cols: number): boolean {
  return bias === undefined || (bias.dtype === 'float32' && sizeOf(bias.shape) === cols && bias.shape[bias.shape.length - 1] === cols);
}

// ---------------------------------------------------------------------------------------------
// Convolutions.

/** The addon's geometry array for a forward convolution. */
export function convGeometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}

/** Forward convolution x * filter (NHWC, no bias) into a new tensor. */
export function nativeConv2D(
  addon: BlasAddon,
  backend: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const out = backend.makeOutput([info.batchSize, info.outHeight, info.outWidth, info.outChannels], 'float32');
  addon.conv2d(f32View(backend, x), f32View(backend, filter), f32View(backend, out), convGeometry(info));
  return out;
}

/** dx of a forward convolution with geometry `info`, given dy, into a new tensor. */
export function nativeConv2DBackpropInput(
  addon: BlasAddon,
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const dx = backend.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  addon.conv2dBackpropInput(f32View(backend, dy), f32View(backend, filter), f32View(backend, dx), convGeometry(info));
  return dx;
}

/** dW of a forward convolution with geometry `info`, given x and dy, into a new tensor. */
export function nativeConv2DBackpropFilter(
  addon: BlasAddon,
  backend: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const dw = backend.makeOutput([info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], 'float32');
  addon.conv2dBackpropFilter(f32View(backend, x), f32View(backend, dy), f32View(backend, dw), convGeometry(info));
  return dw;
}
