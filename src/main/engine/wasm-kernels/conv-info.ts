/**
 * Shared geometry for the convolution backprop kernels: tfjs's own Conv2DInfo, restricted to what
 * the wasm backend supports (NHWC, no dilation in gradients, as tfjs-core itself requires).
 */
import * as tf from '@tensorflow/tfjs';

type Shape4 = [number, number, number, number];

/** Conv2DInfo for a forward convolution of `inShape` by `filterShape`, checked for NHWC. */
export function forwardConvInfo(
  kernelName: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: tf.NamedAttrMap | undefined,
): tf.backend_util.Conv2DInfo {
  const dataFormat = (attrs?.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC';
  if (dataFormat !== 'NHWC') {
    throw new Error(`${kernelName} on the wasm backend supports only dataFormat 'NHWC', got '${dataFormat}'`);
  }
  if (inShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(`${kernelName}: expected rank-4 input and filter shapes, got [${inShape}] and [${filterShape}]`);
  }
  return tf.backend_util.computeConv2DInfo(
    inShape as Shape4,
    filterShape as Shape4,
    attrs?.strides as number | [number, number],
    1,
    attrs?.pad as 'same' | 'valid' | number | tf.backend_util.ExplicitPadding,
    attrs?.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
    false,
    'channelsLast',
  );
}
