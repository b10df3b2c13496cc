/**
 * Conv2DBackpropFilter for the wasm backend, which does not register one at all (so no model
 * with a trainable Conv2D or Conv2DTranspose can train on stock wasm).
 *
 * The filter gradient is one matrix product:
 *   dW[(kh, kw, ci), co] = sum over pixels p = (b, oh, ow) of patch[(kh, kw, ci), p] * dy[p, co]
 * where patch[(kh, kw, ci), p] = x[b, oh*sh + kh - padTop, ow*sw + kw - padLeft, ci] (0 outside).
 * The patch matrix is built already transposed ([KH*KW*CI, pixels], "im2col^T") in one JS pass
 * that writes contiguously, dy is used in place as the [pixels, CO] right operand, and the
 * product runs on XNNPACK through the fast matmul path; its [KH*KW*CI, CO] result is exactly the
 * filter layout. This avoids the wasm Transpose kernel, which costs ~25 ns per element on 4-D
 * permutations. A 1x1 stride-1 unpadded filter needs no patches: it is x^T·dy.
 */
import { nativeBlas, nativeConv2DBackpropFilter } from './blas.js';
import { forwardConvInfo } from './conv-info.js';
import { fastMatMul } from './matmul.js';
import { f32View, reshapeInfo, type TensorInfo, type WasmBackend, type WasmKernelFunc } from './wasm-backend.js';

/** Builds im2col^T of x for the given forward geometry: [KH*KW*CI, B*OH*OW]. */
function transposedPatches(
  backend: WasmBackend,
  x: TensorInfo,
  info: ReturnType<typeof forwardConvInfo>,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const pixels = batchSize * outHeight * outWidth;
  const patches = backend.makeOutput([filterHeight * filterWidth * inChannels, pixels], 'float32');
  const src = f32View(backend, x);
  const dst = f32View(backend, patches);
  const rowStride = inWidth * inChannels;
  const imageStride = inHeight * rowStride;
  const colStep = strideWidth * inChannels;
  // Loop order: per tap, per output image row, all channels. One output row of x (OW pixels x
  // CI channels) stays in L1 while its CI patch rows are written, each as a sequential run.
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const tapBase = (kh * filterWidth + kw) * inChannels * pixels;
      // Output columns whose input column iw = ow*sw + kw - padLeft lies inside x.
      const iwStart = kw - padInfo.left;
      const owFirst = Math.min(outWidth, Math.max(0, Math.ceil(-iwStart / strideWidth)));
      const owEnd = Math.max(owFirst, Math.min(outWidth, Math.floor((inWidth - 1 - iwStart) / strideWidth) + 1));
      for (let b = 0; b < batchSize; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight + kh - padInfo.top;
          const pixel = (b * outHeight + oh) * outWidth;
          const inside = ih >= 0 && ih < inHeight;
          const rowStart = b * imageStride + ih * rowStride + (owFirst * strideWidth + iwStart) * inChannels;
          for (let ci = 0; ci < inChannels; ci++) {
            let d = tapBase + ci * pixels + pixel;
            if (!inside) {
              dst.fill(0, d, d + outWidth);
              continue;
            }
            for (let ow = 0; ow < owFirst; ow++) dst[d++] = 0;
            for (let ow = owFirst, s = rowStart + ci; ow < owEnd; ow++, s += colStep) dst[d++] = src[s]!;
            for (let ow = owEnd; ow < outWidth; ow++) dst[d++] = 0;
          }
        }
      }
    }
  }
  return patches;
}

/** Replacement (in fact first) Conv2DBackpropFilter kernel for 'wasm'. */
export const conv2DBackpropFilter: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs.x!;
  const dy = inputs.dy!;
  const filterShape = attrs?.filterShape as number[];
  const info = forwardConvInfo('Conv2DBackpropFilter', x.shape, filterShape, attrs);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter on wasm supports float32 only, got ${x.dtype} and ${dy.dtype}`);
  }
  if (dy.shape[1] !== outHeight || dy.shape[2] !== outWidth || dy.shape[3] !== outChannels) {
    throw new Error(
      `Conv2DBackpropFilter: dy shape [${dy.shape}] does not match the forward output ` +
        `[${batchSize},${outHeight},${outWidth},${outChannels}]`,
    );
  }
  // Native BLAS: im2col(x)^T·dy, a few images at a time, accumulated in the addon.
  const addon = nativeBlas();
  if (addon) return nativeConv2DBackpropFilter(addon, backend, x, dy, info);
  const pixels = batchSize * outHeight * outWidth;
  const dy2 = reshapeInfo(backend, dy, [pixels, outChannels]);
  const pointwise =
    filterHeight === 1 && filterWidth === 1 && strideHeight === 1 && strideWidth === 1 &&
    padInfo.top === 0 && padInfo.left === 0 && outHeight === inHeight && outWidth === inWidth;

  let product: TensorInfo;
  if (pointwise) {
    const x2 = reshapeInfo(backend, x, [pixels, inChannels]);
    product = fastMatMul(backend, x2, dy2, true, false);
    backend.disposeData(x2.dataId);
  } else {
    const patches = transposedPatches(backend, x, info);
    product = fastMatMul(backend, patches, dy2, false, false);
    backend.disposeData(patches.dataId);
  }
  backend.disposeData(dy2.dataId);
  return { dataId: product.dataId, shape: filterShape, dtype: 'float32' };
};
