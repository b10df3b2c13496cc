/**
 * Conv2D and FusedConv2D for the wasm backend. With the native BLAS addon loaded (./blas.ts) they
 * run as im2col + cblas_sgemm on the wasm heap, FusedConv2D's bias and activation applied in
 * place; otherwise (or for what the native path does not cover: NCHW, non-float32) they are the
 * stock XNNPACK kernels, unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { applyActivation } from './activation.js';
import { columnBias, nativeActivation, nativeBlas, nativeConv2D, nativeEpilogue } from './blas.js';
import { original } from './registry.js';
import { runSingle, type TensorInfo, type WasmKernelFunc } from './wasm-backend.js';

type Shape4 = [number, number, number, number];

/** Forward geometry with dilations, or null when the native path does not apply. */
function nativeInfo(x: TensorInfo, filter: TensorInfo, attrs: tf.NamedAttrMap | undefined): tf.backend_util.Conv2DInfo | null {
  const dataFormat = (attrs?.dataFormat as string | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC' || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return null;
  return tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filter.shape as Shape4,
    attrs?.strides as number | [number, number],
    (attrs?.dilations as number | [number, number] | undefined) ?? 1,
    attrs?.pad as 'same' | 'valid' | number | tf.backend_util.ExplicitPadding,
    attrs?.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
}

/** Replacement Conv2D kernel. */
export const conv2D: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const addon = nativeBlas();
  const info = addon ? nativeInfo(inputs.x!, inputs.filter!, attrs) : null;
  if (!addon || !info) return original(tf.Conv2D).kernelFunc({ inputs, backend, attrs });
  return nativeConv2D(addon, backend, inputs.x!, inputs.filter!, info);
};

/** Replacement FusedConv2D kernel (what tf.layers' Conv2D calls, with its bias and activation). */
export const fusedConv2D: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const addon = nativeBlas();
  const info = addon ? nativeInfo(inputs.x!, inputs.filter!, attrs) : null;
  if (!addon || !info) return original(tf.FusedConv2D).kernelFunc({ inputs, backend, attrs });
  const bias = inputs.bias;
  const prelu = inputs.preluActivationWeights;
  const activation = (attrs?.activation as string | undefined) ?? 'linear';
  const leakyreluAlpha = (attrs?.leakyreluAlpha as number | undefined) ?? 0.2;
  let out = nativeConv2D(addon, backend, inputs.x!, inputs.filter!, info);
  if (columnBias(bias, info.outChannels) && nativeActivation(activation)) {
    nativeEpilogue(addon, backend, out, bias, activation, leakyreluAlpha);
    return out;
  }
  if (bias !== undefined) {
    const withBias = runSingle(original(tf.Add), backend, { a: out, b: bias });
    backend.disposeData(out.dataId);
    out = withBias;
  }
  return applyActivation(backend, out, activation, prelu, leakyreluAlpha);
};
