/**
 * Element-wise kernels on two cores (native/blas/src/split.cc): the upper half of a large loop runs
 * on OpenBLAS's worker thread. Every kernel must give the same bits split as on one thread, the
 * sums included (they are always taken in two halves from the split size up).
 *
 * Skipped, with the reason, where the addon is not installed; the split's own checks say why
 * where the library cannot split (Accelerate, one core).
 */
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeBlas, nativeBlasStatus } from '../../../../../src/main/engine/wasm-kernels/blas.js';
import { randomValues } from './compare.js';

const status = nativeBlasStatus();
if (!status.active) console.warn(`split.test.ts: skipped: ${status.detail}`);
const native = describe.runIf(status.active);

/** Runs `compute` (fresh outputs each call) with the split forced on and forced off; both results. */
function bothWays<T>(compute: () => T): { split: T; single: T } {
  const addon = nativeBlas()!;
  addon.setSplitMode(1);
  const split = compute();
  addon.setSplitMode(2);
  const single = compute();
  return { split, single };
}

/** Bit patterns, so that NaN and −0 compare exactly. */
const bits = (...arrays: Float32Array[]): Uint32Array[] => arrays.map((a) => new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)));

// Sizes above the split minimum (32,768 elements) and off the 64-element alignment of the halves.
const N = 100_003;
const ROWS = 181;
const COLS = 517;

native('element-wise kernels on two cores', () => {
  afterEach(() => nativeBlas()!.setSplitMode(0));

  it('can split on this machine (OpenBLAS 0.3 with two or more cores), or says why not', () => {
    const addon = nativeBlas()!;
    // A product large enough for two threads: OpenBLAS starts its workers for it if it had none
    // (OPENBLAS_NUM_THREADS=1), and the split needs one.
    const a = new Float32Array(512 * 512).fill(1);
    addon.gemm(false, false, 512, 512, 512, 1, a, 0, a, 0, new Float32Array(512 * 512), 0, 0);
    const info = addon.info();
    const expected = info.library === 'OpenBLAS' && /^0\.3\./.test(info.version ?? '') && info.threads >= 2 && process.platform === 'linux';
    if (!expected) console.warn(`split.test.ts: the split is off here (${info.config}, ${info.threads} threads, ${os.cpus().length} cores)`);
    expect(info.split).toBe(expected && process.env.LATENT_LAB_BLAS_SPLIT !== '0');
  });

  it('gives the same bits split and unsplit for every element-wise kernel', () => {
    const addon = nativeBlas()!;
    const x = randomValues(N, 1);
    const y = randomValues(N, 2);
    const dy = randomValues(N, 3);
    const unit = x.map((v) => (v + 1) / 2); // (0, 1): probabilities and targets
    const target = y.map((v) => (v > 0 ? 1 : (v + 1) / 2));
    x[5] = Number.NaN;
    x[N - 3] = -0;
    const params = new Float32Array([0.9, 0.1, 0.999, 0.001, 0.19, 0.002, 1e-7, -1e-3, 1e-4, 1]);
    const cases: [string, () => Float32Array[]][] = [
      ['leakyRelu', () => { const o = new Float32Array(N); addon.leakyRelu(x, 0.2, o); return [o]; }],
      ['leakyReluGrad', () => { const o = new Float32Array(N); addon.leakyReluGrad(x, dy, 0.2, o); return [o]; }],
      ['sigmoid', () => { const o = new Float32Array(N); addon.sigmoid(x, o); return [o]; }],
      ['sigmoidGrad', () => { const o = new Float32Array(N); addon.sigmoidGrad(unit, dy, o); return [o]; }],
      ['reluGrad', () => { const o = new Float32Array(N); addon.reluGrad(x, dy, o); return [o]; }],
      ['squareGrad', () => { const o = new Float32Array(N); addon.squareGrad(x, dy, o); return [o]; }],
      ['squaredDifference', () => { const o = new Float32Array(N); addon.squaredDifference(x, y, o); return [o]; }],
      ['squaredDifferenceGrad', () => { const o = new Float32Array(N); addon.squaredDifferenceGrad(x, y, dy, o); return [o]; }],
      ['scaledSquaredDifferenceGrad', () => { const o = new Float32Array(N); addon.scaledSquaredDifferenceGrad(x, y, 1 / N, o); return [o]; }],
      ['bce', () => { const o = new Float32Array(N); addon.bce(target, unit, 1e-7, 1 - 1e-7, o); return [o]; }],
      ['bceGrad', () => { const o = new Float32Array(N); addon.bceGrad(target, unit, dy, 1e-7, 1 - 1e-7, o); return [o]; }],
      ['adam', () => {
        const [w, m, v] = [new Float32Array(N), new Float32Array(N), new Float32Array(N)];
        addon.adam(x, dy, y, unit, w, m, v, params);
        return [w, m, v];
      }],
      ['epilogue (bias + LeakyReLU)', () => { const c = x.slice(0, ROWS * COLS); addon.epilogue(c, ROWS, COLS, y.subarray(0, COLS), 4, 0.2); return [c]; }],
      ['addRow', () => { const o = new Float32Array(ROWS * COLS); addon.addRow(x, ROWS, COLS, y, o); return [o]; }],
      ['gatherRows', () => {
        const indices = Int32Array.from({ length: ROWS }, (_, i) => (i * 7919) % ROWS);
        const o = new Float32Array(ROWS * COLS);
        addon.gatherRows(x.subarray(0, ROWS * COLS), COLS, indices, o);
        return [o];
      }],
      ['reconstructionStats', () => { const o = new Float32Array(ROWS * 4); addon.reconstructionStats(target, unit, ROWS, COLS, 1e-7, 1 - 1e-7, o); return [o]; }],
      ['rowSums', () => { const o = new Float32Array(ROWS); addon.rowSums(x, ROWS, COLS, 0.5, o); return [o]; }],
    ];
    for (const [name, compute] of cases) {
      const { split, single } = bothWays(compute);
      expect(bits(...split), name).toEqual(bits(...single));
    }
  });

  it('gives the same bits split and unsplit for the column sums and the batch-norm kernels (sums in two halves either way)', () => {
    const addon = nativeBlas()!;
    const C = 37;
    const rows = 2_003;
    const x = randomValues(rows * C, 4);
    const dy = randomValues(rows * C, 5);
    const scale = randomValues(C, 6);
    const offset = randomValues(C, 7);
    const mean = randomValues(C, 8).map((v) => v / 10);
    const variance = randomValues(C, 9).map((v) => 0.5 + v / 4);
    const cases: [string, () => Float32Array[]][] = [
      ['columnSums', () => { const o = new Float32Array(C); addon.columnSums(x, rows, C, 0.25, o); return [o]; }],
      ['batchNormMoments', () => { const [m, v] = [new Float32Array(C), new Float32Array(C)]; addon.batchNormMoments(x, C, m, v); return [m, v]; }],
      ['batchNorm', () => { const o = new Float32Array(rows * C); addon.batchNorm(x, mean, variance, offset, scale, 1e-3, C, o); return [o]; }],
      ['batchNormGrad', () => {
        const out = [new Float32Array(rows * C), new Float32Array(C), new Float32Array(C), new Float32Array(C), new Float32Array(C)] as const;
        addon.batchNormGrad(x, dy, mean, variance, scale, 1e-3, C, ...out);
        return [...out];
      }],
      ['batchNormTrainGrad', () => {
        const out = [new Float32Array(rows * C), new Float32Array(C), new Float32Array(C)] as const;
        addon.batchNormTrainGrad(x, dy, mean, variance, scale, 1e-3, C, offset, scale, ...out);
        return [...out];
      }],
    ];
    for (const [name, compute] of cases) {
      const { split, single } = bothWays(compute);
      expect(bits(...split), name).toEqual(bits(...single));
    }
  });

  it('leaves small loops on the calling thread and still computes them', () => {
    const addon = nativeBlas()!;
    addon.setSplitMode(1);
    const x = randomValues(1000, 10);
    const out = new Float32Array(1000);
    addon.leakyRelu(x, 0.1, out);
    expect(out[0]).toBe(Math.fround(x[0]! < 0 ? Math.fround(0.1 * x[0]!) : x[0]!));
  });

  it('refuses an unknown split mode', () => {
    expect(() => nativeBlas()!.setSplitMode(3 as 0)).toThrow(/mode must be 0 \(auto\), 1 \(always\) or 2 \(never\)/);
  });
});
