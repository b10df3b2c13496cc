/**
 * Batch normalisation on wasm (issue 10): tfjs-layers' BatchNormalization trains through
 * tf.moments and tf.batchNorm, i.e. the FusedBatchNorm kernel, whose stock wasm kernel walks a
 * generic index per element, and whose stock gradient is about twenty full-size element-wise ops
 * (Sub, Multiply, Tile, Sum) per layer.
 *
 * - fusedBatchNorm: the FusedBatchNorm kernel as one native pass when the parameters are
 *   per-channel vectors over the last axis (the layer's case); stock otherwise or without the addon.
 * - batchNormGrad (LatentLabBatchNormGrad, not a tfjs kernel; ../gradients.ts runs it): all five
 *   gradients of FusedBatchNorm (x, mean, variance, scale, offset) in one pass over x and dy. dx is
 *   tfjs' float32 expression (dy·r)·scale bit for bit; the four per-channel sums accumulate in
 *   double (the cpu backend's Sum also sums in double, after rounding each product to float32).
 * - batchNormTrain / batchNormTrainGrad (LatentLabBatchNormTrain[Grad], not tfjs kernels; native
 *   addon only): training batch norm as one operation for ../batch-norm-layer.ts, the batch's
 *   moments computed inside (two passes) and the gradient through them included (two passes),
 *   in place of tf.moments' Mean, Sub, Square, Mean and their gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { nativeBlas } from './blas.js';
import { original } from './registry.js';
import { f32View, sizeOf, type TensorInfo, type WasmKernelFunc } from './wasm-backend.js';

export const BATCH_NORM_GRAD_KERNEL = 'LatentLabBatchNormGrad';
export const BATCH_NORM_TRAIN_KERNEL = 'LatentLabBatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD_KERNEL = 'LatentLabBatchNormTrainGrad';

/** The channel count when x is float32 and every given parameter is a float32 vector over x's last axis, else null. */
export function perChannel(x: TensorInfo, params: (TensorInfo | undefined)[]): number | null {
  const channels = x.shape[x.shape.length - 1];
  if (x.dtype !== 'float32' || channels === undefined || channels === 0 || sizeOf(x.shape) === 0) return null;
  const fits = (p: TensorInfo | undefined) => p === undefined || (p.dtype === 'float32' && p.shape.length === 1 && p.shape[0] === channels);
  return params.every(fits) ? channels : null;
}

/** Replacement FusedBatchNorm kernel: native for per-channel parameters, stock otherwise. */
export const fusedBatchNorm: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { x, mean, variance, offset, scale } = inputs as Record<string, TensorInfo | undefined>;
  const addon = nativeBlas();
  const channels = addon && typeof addon.batchNorm === 'function' && x && mean && variance ? perChannel(x, [mean, variance, offset, scale]) : null;
  if (channels === null) return original(tf.FusedBatchNorm).kernelFunc({ inputs, backend, attrs });
  const epsilon = (attrs?.varianceEpsilon as number | undefined) ?? 0.001;
  const out = backend.makeOutput([...x!.shape], 'float32');
  const view = (t: TensorInfo | undefined) => (t ? f32View(backend, t) : null);
  addon!.batchNorm(
    f32View(backend, x!), f32View(backend, mean!), f32View(backend, variance!), view(offset), view(scale), epsilon, channels, f32View(backend, out),
  );
  return out;
};

/**
 * inputs x, dy (one shape), mean, variance, scale (optional; per-channel vectors over x's last
 * axis), attr varianceEpsilon → [dx, dmean, dvariance, dscale, doffset].
 */
export const batchNormGrad: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, mean, variance, scale } = inputs as Record<string, TensorInfo | undefined>;
  const channels = perChannel(x!, [mean, variance, scale]);
  if (channels === null || !tf.util.arraysEqual(x!.shape, dy!.shape)) {
    throw new Error(`${BATCH_NORM_GRAD_KERNEL}: needs float32 x and dy of one shape and per-channel parameters`);
  }
  const epsilon = (attrs?.varianceEpsilon as number | undefined) ?? 0.001;
  const outs = [backend.makeOutput([...x!.shape], 'float32'), ...[0, 1, 2, 3].map(() => backend.makeOutput([channels], 'float32'))];
  const [xv, dyv, mv, vv] = [x!, dy!, mean!, variance!].map((t) => f32View(backend, t)) as Float32Array[];
  const sv = scale ? f32View(backend, scale) : null;
  const [dx, dmean, dvar, dscale, doffset] = outs.map((t) => f32View(backend, t)) as Float32Array[];
  const addon = nativeBlas();
  if (addon && typeof addon.batchNormGrad === 'function') {
    addon.batchNormGrad(xv!, dyv!, mv!, vv!, sv, epsilon, channels, dx!, dmean!, dvar!, dscale!, doffset!);
  } else {
    batchNormGradLoop(xv!, dyv!, mv!, vv!, sv, epsilon, channels, [dx!, dmean!, dvar!, dscale!, doffset!]);
  }
  return outs;
};

/** The addon's batchNormGrad in JavaScript (the same float32 and double steps). */
function batchNormGradLoop(
  x: Float32Array, dy: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null,
  epsilon: number, channels: number, [dx, dmean, dvar, dscale, doffset]: Float32Array[],
): void {
  const f = Math.fround;
  const eps = f(epsilon);
  const r = new Float32Array(channels);
  const s = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    r[c] = f(1 / f(Math.sqrt(f(variance[c]! + eps))));
    s[c] = scale ? scale[c]! : 1;
  }
  const sumDy = new Float64Array(channels);
  const sumDyXm = new Float64Array(channels);
  for (let i = 0, c = 0; i < x.length; i++, c = c + 1 === channels ? 0 : c + 1) {
    const d = dy[i]!;
    dx![i] = f(d * r[c]!) * s[c]!;
    sumDy[c]! += d;
    sumDyXm[c]! += f(d * f(x[i]! - mean[c]!));
  }
  for (let c = 0; c < channels; c++) {
    const rc = r[c]!;
    const sc = s[c]!;
    doffset![c] = sumDy[c]!;
    dscale![c] = rc * sumDyXm[c]!;
    dmean![c] = -rc * sc * sumDy[c]!;
    dvar![c] = -0.5 * rc * rc * rc * sc * sumDyXm[c]!;
  }
}

/** True when the training kernels can run: the active backend has them and the addon is loaded. */
export function batchNormTrainingAvailable(): boolean {
  const addon = nativeBlas();
  return (
    addon !== null &&
    typeof addon.batchNormMoments === 'function' &&
    typeof addon.batchNormTrainGrad === 'function' &&
    tf.getKernel(BATCH_NORM_TRAIN_KERNEL, tf.getBackend()) !== undefined
  );
}

function requireAddon(kernel: string) {
  const addon = nativeBlas();
  if (!addon || typeof addon.batchNormMoments !== 'function') throw new Error(`${kernel}: needs the native addon (check batchNormTrainingAvailable() first)`);
  return addon;
}

function channelsOf(kernel: string, x: TensorInfo, params: (TensorInfo | undefined)[]): number {
  const channels = perChannel(x, params);
  if (channels === null) throw new Error(`${kernel}: needs a float32 x and per-channel float32 parameters over its last axis`);
  return channels;
}

/** inputs x, scale, offset (optional), attr varianceEpsilon → [y, mean, variance]: the batch's moments, then FusedBatchNorm. */
export const batchNormTrain: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { x, scale, offset } = inputs as Record<string, TensorInfo | undefined>;
  const addon = requireAddon(BATCH_NORM_TRAIN_KERNEL);
  const channels = channelsOf(BATCH_NORM_TRAIN_KERNEL, x!, [scale, offset]);
  const epsilon = (attrs?.varianceEpsilon as number | undefined) ?? 0.001;
  const y = backend.makeOutput([...x!.shape], 'float32');
  const mean = backend.makeOutput([channels], 'float32');
  const variance = backend.makeOutput([channels], 'float32');
  const [xv, mv, vv] = [x!, mean, variance].map((t) => f32View(backend, t)) as Float32Array[];
  addon.batchNormMoments(xv!, channels, mv!, vv!);
  const view = (t: TensorInfo | undefined) => (t ? f32View(backend, t) : null);
  addon.batchNorm(xv!, mv!, vv!, view(offset), view(scale), epsilon, channels, f32View(backend, y));
  return [y, mean, variance];
};

/**
 * inputs x, dy, mean, variance, scale (optional), dmeanOut, dvarianceOut (optional: gradients
 * reaching the moments as outputs), attr varianceEpsilon → [dx, dscale, doffset].
 */
export const batchNormTrainGrad: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, mean, variance, scale, dmeanOut, dvarianceOut } = inputs as Record<string, TensorInfo | undefined>;
  const addon = requireAddon(BATCH_NORM_TRAIN_GRAD_KERNEL);
  const channels = channelsOf(BATCH_NORM_TRAIN_GRAD_KERNEL, x!, [mean, variance, scale, dmeanOut, dvarianceOut]);
  if (!tf.util.arraysEqual(x!.shape, dy!.shape)) throw new Error(`${BATCH_NORM_TRAIN_GRAD_KERNEL}: dy must have x's shape`);
  const epsilon = (attrs?.varianceEpsilon as number | undefined) ?? 0.001;
  const dx = backend.makeOutput([...x!.shape], 'float32');
  const dscale = backend.makeOutput([channels], 'float32');
  const doffset = backend.makeOutput([channels], 'float32');
  const [xv, dyv, mv, vv, dxv, dsv, dov] = [x!, dy!, mean!, variance!, dx, dscale, doffset].map((t) => f32View(backend, t)) as Float32Array[];
  const view = (t: TensorInfo | undefined) => (t ? f32View(backend, t) : null);
  addon.batchNormTrainGrad(xv!, dyv!, mv!, vv!, view(scale), epsilon, channels, view(dmeanOut), view(dvarianceOut), dxv!, dsv!, dov!);
  return [dx, dscale, doffset];
};
