/**
 * BatchMatMul and _FusedMatMul for the wasm backend.
 *
 * The stock kernels only reach XNNPACK's fully-connected operator when neither operand is
 * transposed and both batch sizes are 1; everything else runs a scalar triple loop (about 10-40x
 * slower) that also adds the bias wrongly. Dense backprop is made of exactly those transposed
 * products, so here every product is rewritten as plain [rows, K] x [K, N] products: transposes
 * are materialised with the wasm Transpose kernel (a cheap O(size) pass), a batch of A against a
 * single B is folded into the row dimension, and a genuine batch-against-batch product runs one
 * fast product per batch entry.
 *
 * When the native BLAS addon is loaded (./blas.ts), every float32 product with simple batching is
 * one cblas_sgemm on the wasm heap instead (transposes are GEMM flags there, so none of the above
 * rewriting is needed), and _FusedMatMul's column bias and activation are applied in place.
 */
import * as tf from '@tensorflow/tfjs';
import { applyActivation, stockHandlesActivation } from './activation.js';
import { columnBias, nativeActivation, nativeBlas, nativeEpilogue, nativeMatMul } from './blas.js';
import { original } from './registry.js';
import {
  f32View,
  reshapeInfo,
  runSingle,
  sizeOf,
  type TensorInfo,
  type WasmBackend,
  type WasmKernelFunc,
} from './wasm-backend.js';

/** Shapes of one (possibly batched, possibly transposed) product, in non-transposed terms. */
interface ProductShape {
  /** Rows of the result (M). */
  rows: number;
  /** Shared dimension (K). */
  inner: number;
  /** Columns of the result (N). */
  cols: number;
  batchA: number;
  batchB: number;
  /** Final output shape: broadcast batch dims then [M, N]. */
  outShape: number[];
}

function productShape(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): ProductShape {
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  const innerA = transposeA ? a.shape[aRank - 2]! : a.shape[aRank - 1]!;
  const innerB = transposeB ? b.shape[bRank - 1]! : b.shape[bRank - 2]!;
  if (innerA !== innerB) {
    throw new Error(
      `Error in matMul: inner shapes (${innerA}) and (${innerB}) of Tensors with shapes ` +
        `${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const rows = transposeA ? a.shape[aRank - 1]! : a.shape[aRank - 2]!;
  const cols = transposeB ? b.shape[bRank - 2]! : b.shape[bRank - 1]!;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  return {
    rows,
    inner: innerA,
    cols,
    batchA: sizeOf(outerA),
    batchB: sizeOf(outerB),
    outShape: [...outer, rows, cols],
  };
}

/**
 * True when the batch dims broadcast by "same size or one side is a single matrix", the only
 * broadcasting the stock kernels implement too; anything fancier keeps the stock behaviour.
 */
function simpleBatching(s: ProductShape): boolean {
  return s.batchA === s.batchB || s.batchA === 1 || s.batchB === 1;
}

/** [batch, R, C] -> [batch, C, R] through the wasm Transpose kernel (new data). */
function swapLastTwo(backend: WasmBackend, x: TensorInfo, batch: number, r: number, c: number): TensorInfo {
  const x3 = reshapeInfo(backend, x, [batch, r, c]);
  const out = runSingle(original(tf.Transpose), backend, { x: x3 }, { perm: [0, 2, 1] });
  backend.disposeData(x3.dataId);
  return out;
}

/** Operands rewritten as non-transposed rank-3 tensors: A [batchA, M, K], B [batchB, K, N]. */
function plainOperands(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  s: ProductShape,
): { a3: TensorInfo; b3: TensorInfo } {
  const a3 = transposeA
    ? swapLastTwo(backend, a, s.batchA, s.inner, s.rows)
    : reshapeInfo(backend, a, [s.batchA, s.rows, s.inner]);
  const b3 = transposeB
    ? swapLastTwo(backend, b, s.batchB, s.cols, s.inner)
    : reshapeInfo(backend, b, [s.batchB, s.inner, s.cols]);
  return { a3, b3 };
}

/** One batch entry of a rank-3 tensor copied into its own [1, R, C] tensor. */
function batchEntry(backend: WasmBackend, x3: TensorInfo, index: number): TensorInfo {
  const [, r, c] = x3.shape as [number, number, number];
  const entry = backend.makeOutput([1, r, c], 'float32');
  const size = r * c;
  f32View(backend, entry).set(f32View(backend, x3).subarray(index * size, (index + 1) * size));
  return entry;
}

/**
 * Plain product of rank-3 operands through the stock kernel's XNNPACK path. With a single B the
 * batch of A folds into rows (one operator call); otherwise one call per batch entry.
 */
function plainProduct(
  backend: WasmBackend,
  a3: TensorInfo,
  b3: TensorInfo,
  s: ProductShape,
  fused?: { bias?: TensorInfo; prelu?: TensorInfo; attrs: tf.NamedAttrMap },
): TensorInfo {
  const kernel = original(fused ? tf._FusedMatMul : tf.BatchMatMul);
  const attrs = { ...(fused?.attrs ?? {}), transposeA: false, transposeB: false };
  const extraInputs: tf.NamedTensorInfoMap = {};
  if (fused?.bias) extraInputs.bias = fused.bias;
  if (fused?.prelu) extraInputs.preluActivationWeights = fused.prelu;

  if (s.batchB === 1) {
    const folded = reshapeInfo(backend, a3, [1, s.batchA * s.rows, s.inner]);
    const out = runSingle(kernel, backend, { a: folded, b: b3, ...extraInputs }, attrs);
    backend.disposeData(folded.dataId);
    return { dataId: out.dataId, shape: s.outShape, dtype: out.dtype };
  }

  const batch = Math.max(s.batchA, s.batchB);
  const out = backend.makeOutput([batch, s.rows, s.cols], 'float32');
  const entrySize = s.rows * s.cols;
  for (let i = 0; i < batch; i++) {
    const ai = s.batchA === 1 ? reshapeInfo(backend, a3, a3.shape) : batchEntry(backend, a3, i);
    const bi = batchEntry(backend, b3, i);
    const product = runSingle(kernel, backend, { a: ai, b: bi, ...extraInputs }, attrs);
    f32View(backend, out).set(f32View(backend, product).subarray(0, entrySize), i * entrySize);
    backend.disposeData(product.dataId);
    backend.disposeData(ai.dataId);
    backend.disposeData(bi.dataId);
  }
  return { dataId: out.dataId, shape: s.outShape, dtype: out.dtype };
}

/**
 * a·b with optional transposes, always on the fast path. Exported for the conv kernels.
 *
 * Transposes are the expensive part (~8 ns per element against ~1 ns per multiply-add), so when
 * it moves fewer elements the product is computed the other way round, C^T = op(b)^T·op(a)^T,
 * and C transposed back. Example: dense dW = x^T·dy for x [1024, 784], dy [1024, 128] transposes
 * x (803k floats) directly, but only dy and C (131k + 100k floats) the other way.
 */
export function fastMatMul(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const s = productShape(a, b, transposeA, transposeB);
  const addon = nativeBlas();
  if (addon && a.dtype === 'float32' && b.dtype === 'float32' && simpleBatching(s)) {
    return nativeMatMul(addon, backend, a, b, transposeA, transposeB, s);
  }
  const batch = Math.max(s.batchA, s.batchB);
  const sizeA = s.batchA * s.rows * s.inner;
  const sizeB = s.batchB * s.inner * s.cols;
  const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0);
  const swapped = (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + batch * s.rows * s.cols;
  if (s.batchA === s.batchB && swapped < direct) {
    const productT = directMatMul(backend, b, a, !transposeB, !transposeA);
    const product = swapLastTwo(backend, productT, batch, s.cols, s.rows);
    backend.disposeData(productT.dataId);
    return { dataId: product.dataId, shape: s.outShape, dtype: product.dtype };
  }
  return directMatMul(backend, a, b, transposeA, transposeB);
}

/** op(a)·op(b) with the transposed operands materialised. */
function directMatMul(
  backend: WasmBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const s = productShape(a, b, transposeA, transposeB);
  const { a3, b3 } = plainOperands(backend, a, b, transposeA, transposeB, s);
  const out = plainProduct(backend, a3, b3, s);
  backend.disposeData(a3.dataId);
  backend.disposeData(b3.dataId);
  return out;
}

/** Replacement BatchMatMul kernel. */
export const batchMatMul: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const a = inputs.a!;
  const b = inputs.b!;
  const transposeA = Boolean(attrs?.transposeA);
  const transposeB = Boolean(attrs?.transposeB);
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    return original(tf.BatchMatMul).kernelFunc({ inputs, backend, attrs });
  }
  const s = productShape(a, b, transposeA, transposeB);
  if (!simpleBatching(s)) return original(tf.BatchMatMul).kernelFunc({ inputs, backend, attrs });
  const addon = nativeBlas();
  if (addon) return nativeMatMul(addon, backend, a, b, transposeA, transposeB, s);
  return fastMatMul(backend, a, b, transposeA, transposeB);
};

/**
 * Replacement _FusedMatMul kernel. When B is a single matrix, the bias is a full-length vector and
 * the activation is one XNNPACK applies correctly, the whole op stays one fused XNNPACK call on
 * plain operands. Otherwise it runs the product, then Add (with real broadcasting), then the
 * activation kernel, which is what the op means and what the cpu backend computes.
 */
export const fusedMatMul: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const a = inputs.a!;
  const b = inputs.b!;
  const bias = inputs.bias;
  const prelu = inputs.preluActivationWeights;
  const transposeA = Boolean(attrs?.transposeA);
  const transposeB = Boolean(attrs?.transposeB);
  const activation = (attrs?.activation as string | undefined) ?? 'linear';
  const leakyreluAlpha = (attrs?.leakyreluAlpha as number | undefined) ?? 0.2;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    return original(tf._FusedMatMul).kernelFunc({ inputs, backend, attrs });
  }
  const s = productShape(a, b, transposeA, transposeB);
  if (!simpleBatching(s)) return original(tf._FusedMatMul).kernelFunc({ inputs, backend, attrs });

  const addon = nativeBlas();
  if (addon) {
    let product = nativeMatMul(addon, backend, a, b, transposeA, transposeB, s);
    if (columnBias(bias, s.cols) && nativeActivation(activation)) {
      nativeEpilogue(addon, backend, product, bias, activation, leakyreluAlpha);
      return product;
    }
    if (bias !== undefined) {
      const withBias = runSingle(original(tf.Add), backend, { a: product, b: bias });
      backend.disposeData(product.dataId);
      product = withBias;
    }
    return applyActivation(backend, product, activation, prelu, leakyreluAlpha);
  }

  const biasIsVector = bias === undefined || (bias.shape.length === 1 && bias.shape[0] === s.cols);
  const { a3, b3 } = plainOperands(backend, a, b, transposeA, transposeB, s);
  let out: TensorInfo;
  if (s.batchB === 1 && biasIsVector && stockHandlesActivation(activation, prelu)) {
    out = plainProduct(backend, a3, b3, s, {
      bias,
      prelu,
      attrs: { activation, leakyreluAlpha },
    });
  } else {
    out = plainProduct(backend, a3, b3, s);
    if (bias !== undefined) {
      const withBias = runSingle(original(tf.Add), backend, { a: out, b: bias });
      backend.disposeData(out.dataId);
      out = withBias;
    }
    out = applyActivation(backend, out, activation, prelu, leakyreluAlpha);
  }
  backend.disposeData(a3.dataId);
  backend.disposeData(b3.dataId);
  return out;
};
