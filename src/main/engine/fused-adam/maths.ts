/**
 * The arithmetic of one fused Adam step (issue 10, part 4): tfjs' AdamOptimizer.applyGradients
 * runs about twelve tensor ops per variable (each a full pass over the weights plus the engine's
 * per-op cost); the fused kernel does the same float32 operations, in the same order, in one pass.
 *
 * Bit-identical to the unfused ops: every intermediate is rounded to float32 (Math.fround here,
 * float arithmetic without FMA contraction in the native addon), as each tfjs op rounds its output.
 * The weight decay of the run config (createOptimizerStep) is folded in: coupled g ← g + λ·w, or
 * decoupled w ← keep·w on kernels, before the update.
 */

/** Name of the kernel registered on the cpu and wasm backends. */
export const FUSED_ADAM_KERNEL = 'LatentLabFusedAdam';

/** Number of values in a parameter block (see adamParams). */
export const ADAM_PARAM_COUNT = 10;

/** The kernel's attributes: the optimizer's settings and the weight decay of this step. */
export interface FusedAdamAttrs {
  /** Number of variables: inputs w0, g0, m0, v0, w1, … and acc1, acc2. */
  count: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** Coupled L2 weight decay λ added to every gradient (0: none). */
  coupledDecay: number;
  /** Decoupled decay factor 1 − lr·λ (1: none), applied to the variables flagged in `decoupled`. */
  keep: number;
  /** 1 for each variable (by position) that decoupled decay applies to (the kernels), else 0. */
  decoupled: number[];
}

/**
 * The float32 parameter block of one variable: beta1, 1−beta1, beta2, 1−beta2, 1−beta1^t,
 * 1−beta2^t, ε, −lr, coupled λ, decoupled keep. acc1 and acc2 are the optimizer's running powers
 * beta^t (float32 values). Storing into a Float32Array rounds each as tfjs' scalar tensors do.
 */
export function adamParams(attrs: FusedAdamAttrs, acc1: number, acc2: number, decoupled: boolean): Float32Array {
  const p = new Float32Array(ADAM_PARAM_COUNT);
  p[0] = attrs.beta1;
  p[1] = 1 - attrs.beta1;
  p[2] = attrs.beta2;
  p[3] = 1 - attrs.beta2;
  p[4] = 1 - acc1;
  p[5] = 1 - acc2;
  p[6] = attrs.epsilon;
  p[7] = -attrs.learningRate;
  p[8] = attrs.coupledDecay;
  p[9] = decoupled ? attrs.keep : 1;
  return p;
}

/** The next running power beta^(t+1) from beta^t, as tfjs' float32 multiply gives it. */
export function nextPower(acc: number, beta: number): number {
  return Math.fround(acc * Math.fround(beta));
}

/** One Adam step of one variable into new arrays (the JavaScript twin of the addon's `adam`). */
export function adamUpdate(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  wOut: Float32Array,
  mOut: Float32Array,
  vOut: Float32Array,
  p: Float32Array,
): void {
  const f = Math.fround;
  const [b1, c1, b2, c2, om1, om2, eps, negLr, decay, keep] = p as unknown as number[];
  const coupled = decay !== 0;
  const decoupled = keep !== 1;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    let wi = w[i]!;
    let gi = g[i]!;
    if (coupled) gi = f(gi + f(wi * decay!));
    if (decoupled) wi = f(wi * keep!);
    const mi = f(f(m[i]! * b1!) + f(gi * c1!));
    const vi = f(f(v[i]! * b2!) + f(f(gi * gi) * c2!));
    const mHat = f(mi / om1!);
    const vHat = f(vi / om2!);
    const step = f(f(mHat / f(f(Math.sqrt(vHat)) + eps!)) * negLr!);
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = step + wi;
  }
}
