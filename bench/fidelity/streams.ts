/**
 * Are Latent Lab's random draws for a dense grid preset distributed as PyTorch's? (issue 9)
 * `npx tsx bench/fidelity/streams.ts [--encoder 64-32-16] [--seeds 20]`
 *
 * PyTorch draws every weight and bias of an nn.Linear uniformly in ±1/√fan_in and each epoch's
 * batch order as a uniform permutation (randperm). This checks ours against those distributions:
 * - init: per layer, kernel and bias, over many seeds, the Kolmogorov–Smirnov statistic of the
 *   values (scaled to [0, 1]) against U(0, 1), and the correlation between the streams of
 *   different layers (|r|·√n should look like |N(0, 1)|);
 * - batch order: the epoch permutations of fit.ts (seededRandom(seed), permutation(n) per epoch):
 *   the rank correlation of successive epochs and of neighbouring seeds, fixed points, and where
 *   the first batch's samples come from;
 * - dead code units at the start: ReLU code units that are 0 on every MNIST test image, ours
 *   (buildModels) and PyTorch's (torch.manual_seed(seed) + lockstep.py's build) for the same seeds.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/main/engine/backend.js';
import { buildModels } from '../../src/main/engine/models.js';
import { findPreset } from '../../src/shared/presets.js';
import { permutation, seededRandom } from '../../src/shared/random.js';
import { TORCH_PYTHON } from '../children.js';
import { makeWorkDir, prepareData, readSamples, REPO_ROOT, removeWorkDir } from '../data.js';

/** MNIST's sample shape as the app loads it (the layer seeds depend on the plan, Flatten included). */
const MNIST_SHAPE = [28, 28, 1];

/** P(D·√n > x) for the Kolmogorov distribution (asymptotic, fine for n ≥ 35). */
function ksPValue(d: number, n: number): number {
  const x = d * (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * x * x);
  return Math.min(1, Math.max(0, p));
}

function ksUniform(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  let d = 0;
  for (let i = 0; i < sorted.length; i++) d = Math.max(d, (i + 1) / sorted.length - sorted[i]!, sorted[i]! - i / sorted.length);
  return d;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < n; i++) {
    sa += a[i]!; sb += b[i]!; saa += a[i]! * a[i]!; sbb += b[i]! * b[i]!; sab += a[i]! * b[i]!;
  }
  const cov = sab / n - (sa / n) * (sb / n);
  return cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (flag: string, fallback: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1]! : fallback);
  const encoder = arg('--encoder', '64-32-16');
  const seeds = Number(arg('--seeds', '20'));
  const preset = findPreset(`mnist-dense-${encoder}-relu`);
  if (!preset) throw new Error(`no preset mnist-dense-${encoder}-relu`);
  await initBackend('wasm');

  const pValues: number[] = [];
  const crossZ: number[] = [];
  let worst = { p: 1, what: '' };
  for (let seed = 1; seed <= seeds; seed++) {
    const models = buildModels(preset.config.model, MNIST_SHAPE, seed);
    const streams: Float64Array[] = [];
    for (const layer of models.autoencoder.layers.filter((l) => l.getClassName() === 'Dense')) {
      const [kernel, bias] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D];
      const bound = 1 / Math.sqrt(kernel.shape[0]);
      for (const [name, t] of [['kernel', kernel], ['bias', bias]] as const) {
        const u = Float64Array.from(t.dataSync(), (v) => (v / bound + 1) / 2);
        const p = ksPValue(ksUniform(u), u.length);
        pValues.push(p);
        if (p < worst.p) worst = { p, what: `seed ${seed} ${layer.name}/${name} (${u.length} values)` };
        streams.push(u);
      }
    }
    for (let a = 0; a < streams.length; a++) {
      for (let b = a + 1; b < streams.length; b++) {
        const n = Math.min(streams[a]!.length, streams[b]!.length);
        if (n >= 16) crossZ.push(Math.abs(correlation(streams[a]!, streams[b]!, n)) * Math.sqrt(n));
      }
    }
    models.autoencoder.dispose();
  }
  const below = (t: number) => pValues.filter((p) => p < t).length;
  console.log(`init (${preset.id}, seeds 1..${seeds}): ${pValues.length} KS tests against U(±1/√fan_in): ` +
    `${below(0.05)} with p < 0.05 (expected ${(pValues.length * 0.05).toFixed(1)}), ${below(0.01)} with p < 0.01 (expected ${(pValues.length * 0.01).toFixed(1)}); ` +
    `smallest p ${worst.p.toExponential(2)} (${worst.what})`);
  const zAbove = (t: number) => crossZ.filter((z) => z > t).length;
  console.log(`init: ${crossZ.length} correlations between the streams of two parameters of a model: |r|·√n > 1.96 in ${zAbove(1.96)} ` +
    `(expected ${(crossZ.length * 0.05).toFixed(1)}), > 2.58 in ${zAbove(2.58)} (expected ${(crossZ.length * 0.01).toFixed(1)}), largest ${Math.max(...crossZ).toFixed(2)}`);

  const n = 60_000;
  const epochs = 10;
  const successive: number[] = [];
  const neighbours: number[] = [];
  const fixedPoints: number[] = [];
  const firstBatchMean: number[] = [];
  let previousSeedFirst: Int32Array | null = null;
  for (let seed = 1; seed <= seeds; seed++) {
    const random = seededRandom(seed);
    let previous: Int32Array | null = null;
    for (let e = 0; e < epochs; e++) {
      const order = permutation(n, random);
      if (previous) successive.push(correlation(previous, order, n) * Math.sqrt(n));
      if (e === 0 && previousSeedFirst) neighbours.push(correlation(previousSeedFirst, order, n) * Math.sqrt(n));
      if (e === 0) previousSeedFirst = order;
      let fixed = 0;
      for (let i = 0; i < n; i++) if (order[i] === i) fixed++;
      fixedPoints.push(fixed);
      // Mean sample index of the first batch of 128: (n−1)/2 ± 17320/√128 ≈ 1531 for a uniform draw.
      firstBatchMean.push(order.subarray(0, 128).reduce((s, v) => s + v, 0) / 128);
      previous = order;
    }
  }
  const summary = (values: number[]) => `mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(2)}, max |.| ${Math.max(...values.map(Math.abs)).toFixed(2)}`;
  console.log(`batch order (${seeds} seeds × ${epochs} epochs of permutation(${n})): rank correlation × √n of successive epochs ${summary(successive)} ` +
    `(uniform: mean 0, sd 1); of epoch 1 of neighbouring seeds ${summary(neighbours)}; fixed points per permutation ${summary(fixedPoints)} (uniform: mean 1); ` +
    `first batch's mean index − ${(n - 1) / 2}: ${summary(firstBatchMean.map((m) => (m - (n - 1) / 2) / (17320 / Math.sqrt(128))))} in sd units`);
  await deadCodeAtStart(preset.id, encoder, seeds);
}

const TORCH_DEAD_CODE = `
import sys, numpy as np, torch
sys.path.insert(0, sys.argv[1])
from lockstep import build, dead_code_units
x = torch.from_numpy(np.fromfile(sys.argv[2], dtype="<f4").reshape(-1, 784))
encoder = [int(w) for w in sys.argv[3].split("-")]
counts = []
for seed in range(1, int(sys.argv[4]) + 1):
    torch.manual_seed(seed)
    counts.append(dead_code_units(build(encoder), x, len(encoder)))
print(" ".join(map(str, counts)))
`;

/** Dead code units at the start for seeds 1..seeds, ours and PyTorch's, on the MNIST test images. */
async function deadCodeAtStart(presetId: string, encoder: string, seeds: number): Promise<void> {
  const preset = findPreset(presetId)!;
  const work = await makeWorkDir();
  try {
    const data = await prepareData('mnist', work, 0, 10_000, 1);
    const val = await readSamples(data.valFile, data.valCount, 784);
    const x = tf.tensor(val.x, [val.n, ...MNIST_SHAPE]);
    const ours: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const models = buildModels(preset.config.model, MNIST_SHAPE, seed);
      ours.push(tf.tidy(() => {
        const code = models.encoder.predict(x, { batchSize: 1000 }) as tf.Tensor2D;
        return (tf.sum(tf.cast(tf.lessEqual(tf.max(code, 0), 0), 'int32')).dataSync() as Int32Array)[0]!;
      }));
      models.autoencoder.dispose();
    }
    x.dispose();
    const torch = spawnSync(TORCH_PYTHON, ['-c', TORCH_DEAD_CODE, join(REPO_ROOT, 'bench/fidelity'), data.valFile, encoder, String(seeds)], {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    });
    const theirs = torch.status === 0 ? torch.stdout.trim().split(' ').map(Number) : null;
    const mean = (v: number[]) => (v.reduce((a, b) => a + b, 0) / v.length).toFixed(2);
    console.log(`dead code units at the start on the 10k test images, seeds 1..${seeds}: ours mean ${mean(ours)} (${ours.join(' ')}); ` +
      (theirs ? `PyTorch mean ${mean(theirs)} (${theirs.join(' ')})` : `PyTorch not run (${torch.stderr.trim().split('\n').pop()})`));
  } finally {
    await removeWorkDir(work);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
