/**
 * The fused Adam kernel on wasm (see ../fused-adam/maths.ts): one pass per variable over the
 * weights, gradient and moments on the wasm heap, written into new tensors. The native addon's
 * `adam` does the pass when it is loaded, a JavaScript loop over the heap views otherwise; both
 * give the unfused ops' float32 results bit for bit.
 */
import { adamParams, adamUpdate, nextPower, type FusedAdamAttrs } from '../fused-adam/maths.js';
import { nativeBlas } from './blas.js';
import { f32View, type TensorInfo, type WasmKernelFunc } from './wasm-backend.js';

export const fusedAdam: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as FusedAdamAttrs;
  // Every output first: an allocation may grow the heap and detach views taken before it.
  const outputs: TensorInfo[] = [];
  for (let i = 0; i < a.count; i++) {
    const w = inputs[`w${i}`]!;
    for (let k = 0; k < 3; k++) outputs.push(backend.makeOutput([...w.shape], 'float32'));
  }
  const acc1Out = backend.makeOutput([], 'float32');
  const acc2Out = backend.makeOutput([], 'float32');
  const acc1 = f32View(backend, inputs.acc1!)[0]!;
  const acc2 = f32View(backend, inputs.acc2!)[0]!;
  // An addon built before `adam` existed (a stale build) leaves the JavaScript loop in charge.
  const addon = nativeBlas();
  const native = addon && typeof addon.adam === 'function' ? addon : null;
  for (let i = 0; i < a.count; i++) {
    const p = adamParams(a, acc1, acc2, a.decoupled[i] === 1);
    const views = [inputs[`w${i}`]!, inputs[`g${i}`]!, inputs[`m${i}`]!, inputs[`v${i}`]!, ...outputs.slice(3 * i, 3 * i + 3)].map((t) =>
      f32View(backend, t),
    ) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    if (native) native.adam(...views, p);
    else adamUpdate(...views, p);
  }
  f32View(backend, acc1Out)[0] = nextPower(acc1, a.beta1);
  f32View(backend, acc2Out)[0] = nextPower(acc2, a.beta2);
  return [...outputs, acc1Out, acc2Out];
};
