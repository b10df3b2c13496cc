/**
 * Elementwise binary cross-entropy on wasm in one pass each way (used by ../losses.ts): the
 * forward −(t·log(pc) + (1 − t)·log(1 − pc)) with pc = clip(p, lo, hi), and its gradient for p,
 * which gives tfjs' own gradient of the unfused ops bit for bit. The native addon's loops when it
 * is loaded (its forward uses a vectorised log: equal to tfjs' Log to about 1e-7 relative), the
 * JavaScript loops below otherwise.
 */
import { nativeBlas } from './blas.js';
import { f32View, type TensorInfo, type WasmKernelFunc } from './wasm-backend.js';

export const BCE_KERNEL = 'LatentLabBce';
export const BCE_GRAD_KERNEL = 'LatentLabBceGrad';

/** Attributes of both kernels: the clipping bounds of the predictions. */
export interface BceAttrs {
  lo: number;
  hi: number;
}

type Views = Float32Array[];

function views(backend: Parameters<WasmKernelFunc>[0]['backend'], tensors: TensorInfo[]): Views {
  return tensors.map((t) => f32View(backend, t));
}

/** inputs t, p (one shape) → elementwise cross-entropy. */
export const bce: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { lo, hi } = attrs as unknown as BceAttrs;
  const out = backend.makeOutput([...inputs.p!.shape], 'float32');
  const [t, p, o] = views(backend, [inputs.t!, inputs.p!, out]) as [Float32Array, Float32Array, Float32Array];
  const addon = nativeBlas();
  if (addon && typeof addon.bce === 'function') {
    addon.bce(t, p, lo, hi, o);
  } else {
    const f = Math.fround;
    const [l, h] = [f(lo), f(hi)];
    for (let i = 0; i < o.length; i++) {
      const pc = p[i]! < l ? l : p[i]! > h ? h : p[i]!;
      o[i] = -(t[i]! * f(Math.log(pc)) + f(1 - t[i]!) * f(Math.log(f(1 - pc))));
    }
  }
  return out;
};

/** inputs t, p, dy (one shape) → dy·d(cross-entropy)/dp, zero where p was clipped. */
export const bceGrad: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { lo, hi } = attrs as unknown as BceAttrs;
  const out = backend.makeOutput([...inputs.p!.shape], 'float32');
  const [t, p, dy, o] = views(backend, [inputs.t!, inputs.p!, inputs.dy!, out]) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const addon = nativeBlas();
  if (addon && typeof addon.bceGrad === 'function') {
    addon.bceGrad(t, p, dy, lo, hi, o);
  } else {
    const f = Math.fround;
    const [l, h] = [f(lo), f(hi)];
    for (let i = 0; i < o.length; i++) {
      const pi = p[i]!;
      const pc = pi < l ? l : pi > h ? h : pi;
      const fromLog = f(f(-dy[i]! * t[i]!) / pc);
      const fromLog1m = f(f(-dy[i]! * f(1 - t[i]!)) / f(1 - pc));
      o[i] = pi >= l && pi <= h ? fromLog + -fromLog1m : 0;
    }
  }
  return out;
};
