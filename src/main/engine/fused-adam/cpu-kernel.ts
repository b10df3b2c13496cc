/**
 * The fused Adam kernel on tfjs' cpu backend (see maths.ts), so that the tests and cpu-only
 * machines run the same fused step as wasm.
 */
import type * as tf from '@tensorflow/tfjs';
import { adamParams, adamUpdate, nextPower, type FusedAdamAttrs } from './maths.js';

/** The members of tfjs' MathBackendCPU the kernel uses. */
interface CpuBackend {
  data: { get(dataId: object): { values: tf.backend_util.BackendValues } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
}

export function fusedAdamCpu({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const cpu = backend as CpuBackend;
  const a = attrs as unknown as FusedAdamAttrs;
  const values = (t: tf.TensorInfo) => cpu.data.get(t.dataId).values as Float32Array;
  const acc1 = values(inputs.acc1!)[0]!;
  const acc2 = values(inputs.acc2!)[0]!;
  const outputs: tf.TensorInfo[] = [];
  for (let i = 0; i < a.count; i++) {
    const w = inputs[`w${i}`]!;
    const [wOut, mOut, vOut] = [0, 1, 2].map(() => new Float32Array(values(w).length));
    adamUpdate(values(w), values(inputs[`g${i}`]!), values(inputs[`m${i}`]!), values(inputs[`v${i}`]!), wOut!, mOut!, vOut!, adamParams(a, acc1, acc2, a.decoupled[i] === 1));
    for (const out of [wOut!, mOut!, vOut!]) outputs.push(cpu.makeTensorInfo([...w.shape], 'float32', out));
  }
  outputs.push(cpu.makeTensorInfo([], 'float32', new Float32Array([nextPower(acc1, a.beta1)])));
  outputs.push(cpu.makeTensorInfo([], 'float32', new Float32Array([nextPower(acc2, a.beta2)])));
  return outputs;
}
