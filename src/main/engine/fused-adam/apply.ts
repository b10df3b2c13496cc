/**
 * Applies one Adam step to every variable with one kernel call instead of tfjs' ~12 ops per
 * variable (issue 10, part 4). The state stays tfjs' AdamOptimizer's own (its moment variables,
 * named `<variable>/m` and `/v`, its beta powers and iteration count), so getWeights / setWeights,
 * checkpoints and dispose are unchanged, and a step can alternate with the unfused one.
 *
 * Used where the backend has the kernel (cpu and wasm; LATENT_LAB_FUSED_ADAM=0 turns it off, and so
 * does uninstallWasmKernels on wasm); elsewhere the caller falls back to applyGradients.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedAdamCpu } from './cpu-kernel.js';
import { FUSED_ADAM_KERNEL, type FusedAdamAttrs } from './maths.js';

/** The fields of tfjs' AdamOptimizer (4.22) the fused step reads and writes. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

let enabled = process.env.LATENT_LAB_FUSED_ADAM !== '0';

/** Turns the fused step on or off in this thread (tests and benchmarks compare both). */
export function setFusedAdamEnabled(on: boolean): void {
  enabled = on;
}

/** Registers the cpu kernel (the wasm one is installed with the other wasm kernels). Idempotent. */
function registerCpuKernel(): void {
  if (tf.getKernel(FUSED_ADAM_KERNEL, 'cpu')) return;
  tf.registerKernel({ kernelName: FUSED_ADAM_KERNEL, backendName: 'cpu', kernelFunc: fusedAdamCpu as unknown as tf.KernelFunc });
}

/** True when `optimizer` is tfjs' Adam and the active backend runs the fused kernel. */
export function canFuseAdam(optimizer: tf.Optimizer): boolean {
  // Not `instanceof`: tfjs' optimizer classes answer it for any optimizer (Symbol.hasInstance).
  if (!enabled || optimizer.getClassName() !== 'Adam' || !('accBeta1' in optimizer)) return false;
  registerCpuKernel();
  return tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend()) !== undefined;
}

/** The weight decay folded into the step: coupled λ (0: none), or decoupled keep (1: none) on `decoupled` variables. */
export interface FusedDecay {
  coupledDecay: number;
  keep: number;
  decoupled: ReadonlySet<tf.Variable>;
}

/**
 * One Adam step on `gradients` (keyed by variable name, in the order tfjs' applyGradients would
 * take them), exactly as applyGradients after the decay of `decay`. Check canFuseAdam first.
 */
export function applyFusedAdam(optimizer: tf.Optimizer, gradients: tf.NamedTensorMap, decay: FusedDecay): void {
  const o = optimizer as unknown as AdamState;
  const names = Object.keys(gradients);
  if (names.length === 0) return;
  tf.tidy(() => {
    const inputs: tf.NamedTensorMap = { acc1: o.accBeta1, acc2: o.accBeta2 };
    const variables = names.map((name, i) => {
      const value = tf.engine().registeredVariables[name]!;
      // Created lazily, named and placed as applyGradients does.
      o.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      o.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      inputs[`w${i}`] = value;
      inputs[`g${i}`] = gradients[name]!;
      inputs[`m${i}`] = o.accumulatedFirstMoment[i]!.variable;
      inputs[`v${i}`] = o.accumulatedSecondMoment[i]!.variable;
      return value;
    });
    const attrs: FusedAdamAttrs = {
      count: names.length,
      beta1: o.beta1,
      beta2: o.beta2,
      epsilon: o.epsilon,
      learningRate: o.learningRate,
      coupledDecay: decay.coupledDecay,
      keep: decay.keep,
      decoupled: variables.map((v) => (decay.decoupled.has(v) ? 1 : 0)),
    };
    const out = tf.engine().runKernel(FUSED_ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    variables.forEach((value, i) => {
      value.assign(out[3 * i]!);
      o.accumulatedFirstMoment[i]!.variable.assign(out[3 * i + 1]!);
      o.accumulatedSecondMoment[i]!.variable.assign(out[3 * i + 2]!);
    });
    o.accBeta1.assign(out[3 * names.length]!);
    o.accBeta2.assign(out[3 * names.length + 1]!);
  });
  o.incrementIterations();
}
