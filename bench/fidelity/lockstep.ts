/**
 * Lock-step comparison of a dense grid preset with the report's PyTorch code (issue 9):
 * `npx tsx bench/fidelity/lockstep.ts [options]` (see bench/fidelity/README.md).
 *
 * Both sides start from the same weights and see the same batches in the same order; the random
 * parts (init, batch order) come from either side and are written to files the other reads. Ours
 * is the app's own path: the preset's config, buildModels, the dense kind's objective (its
 * optimizer step from engine/optimizers.ts, the fused Adam where the backend has it) on the wasm
 * backend with Latent Lab's kernels, batches gathered as fit.ts gathers them, and the objective's
 * evaluation for the test MSE. Prints the per-step loss deviation, the first-step gradients per
 * layer, the weights after chosen steps and the test MSE at the evaluation epochs, and writes them
 * as JSON under --out.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/main/engine/backend.js';
import { autoencoderObjective } from '../../src/main/engine/kinds/index.js';
import { lossFunction } from '../../src/main/engine/losses.js';
import { buildModels } from '../../src/main/engine/models.js';
import type { TrainingData } from '../../src/main/engine/loop/objective.js';
import { noiseSeed } from '../../src/main/engine/corruption.js';
import { parseRunConfig, type RunConfig } from '../../src/shared/config.js';
import { findPreset } from '../../src/shared/presets.js';
import { seededRandom } from '../../src/shared/random.js';
import { TORCH_PYTHON } from '../children.js';
import { makeWorkDir, prepareData, readSamples, REPO_ROOT, writeOrder } from '../data.js';
import { compareArrays, firstStepAbove, type ArrayDeviation } from './compare.js';
import { denseLayers, readWeights, writeWeights } from './weights.js';

export const LOCKSTEP_USAGE = `usage: npx tsx bench/fidelity/lockstep.ts [options]
  --encoder 64-32-16     grid cell (preset mnist-dense-<encoder>-relu)
  --steps N              train N steps (default 300); --epochs E trains whole epochs instead
  --epochs E             whole epochs (evaluated at the preset's validation epochs and the last)
  --seed S               seed of both sides (default 1)
  --init torch|ours      whose initial weights both start from (default torch)
  --order torch|ours     whose batch order both follow (default torch: report_grid.py's randperm)
  --out DIR              where the JSON summary goes (default docs/evidence/issue9/session18)
  --perturb E            multiply each of our starting weights by (1 ± E), random signs (a control: how fast
                         float noise alone grows; 6e-8 is about one float32 ulp)
  --torch-only           run the PyTorch side alone (with --init ours / --order ours: PyTorch from our random draws)
  --tag NAME             file name of the summary (default lockstep-<encoder>-init-<init>-order-<order>-<sN|eN>-seed<S>)`;

type Source = 'torch' | 'ours';
interface Options {
  encoder: number[];
  steps: number | null;
  epochs: number | null;
  seed: number;
  init: Source;
  order: Source;
  out: string;
  tag: string | null;
  torchOnly: boolean;
  perturb: number;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { encoder: [64, 32, 16], steps: 300, epochs: null, seed: 1, init: 'torch', order: 'torch', out: join(REPO_ROOT, 'docs/evidence/issue9/session18'), tag: null, torchOnly: false, perturb: 0 };
  const source = (v: string | undefined, flag: string): Source => {
    if (v === 'torch' || v === 'ours') return v;
    throw new Error(`${flag}: expected torch or ours, got ${String(v)}`);
  };
  const int = (v: string | undefined, flag: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a whole number, got ${String(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--torch-only') {
      o.torchOnly = true;
      continue;
    }
    const value = argv[i + 1];
    i++;
    switch (flag) {
      case '--encoder': o.encoder = String(value).split('-').map((w) => int(w, flag)); break;
      case '--steps': o.steps = int(value, flag); o.epochs = null; break;
      case '--epochs': o.epochs = int(value, flag); o.steps = null; break;
      case '--seed': o.seed = int(value, flag); break;
      case '--init': o.init = source(value, flag); break;
      case '--order': o.order = source(value, flag); break;
      case '--out': o.out = String(value); break;
      case '--tag': o.tag = String(value); break;
      case '--perturb': o.perturb = Number(value); if (!(o.perturb >= 0)) throw new Error(`--perturb: expected a number >= 0, got ${String(value)}`); break;
      case '--help': console.log(LOCKSTEP_USAGE); process.exit(0); break;
      default: throw new Error(`unknown option ${flag}\n${LOCKSTEP_USAGE}`);
    }
  }
  return o;
}

function runTorch(specFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(TORCH_PYTHON, [join(REPO_ROOT, 'bench/fidelity/lockstep.py'), specFile], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lockstep.py exited with ${code}`))));
  });
}

async function readF64(file: string): Promise<Float64Array> {
  const b = await readFile(file);
  return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

async function readI32(file: string): Promise<Int32Array> {
  const b = await readFile(file);
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const preset = findPreset(`mnist-dense-${o.encoder.join('-')}-relu`);
  if (!preset) throw new Error(`no preset mnist-dense-${o.encoder.join('-')}-relu`);
  const n = 60_000;
  const batchSize = preset.config.training.batchSize;
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const epochs = o.epochs ?? Math.ceil((o.steps ?? 0) / batchesPerEpoch);
  const totalSteps = o.steps ?? epochs * batchesPerEpoch;
  const config: RunConfig = parseRunConfig({ ...preset.config, training: { ...preset.config.training, seed: o.seed, epochs } });
  const evalEpochs = o.epochs ? Array.from({ length: epochs }, (_, i) => i + 1).filter((e) => e % config.training.validationEvery === 0 || e === epochs) : [];
  const snapshotSteps = [1, 2, 10, 100, batchesPerEpoch, totalSteps].filter((s, i, all) => s <= totalSteps && all.indexOf(s) === i);
  const tag = o.tag ?? `lockstep-${o.encoder.join('-')}-init-${o.init}-order-${o.order}-${o.epochs ? `e${o.epochs}` : `s${totalSteps}`}-seed${o.seed}${o.perturb ? `-perturb${o.perturb}` : ''}${o.torchOnly ? '-torch-only' : ''}`;

  const { report } = await initBackend('wasm');
  const work = await makeWorkDir();
  // The data files are ~230 MB: gone with the process, whatever happens.
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  console.log(`backend ${report.description}; work dir ${work}; ${tag}`);
  const data = await prepareData('mnist', work, n, 10_000, o.seed);
  const train = await readSamples(data.trainFile, data.trainCount, 784);
  const val = await readSamples(data.valFile, data.valCount, 784);

  const models = buildModels(config.model, [784], config.training.seed);
  const layers = denseLayers(models.autoencoder);
  const initFile = join(work, 'init.f32');
  const orderFile = join(work, 'order.i32');
  if (o.init === 'ours') await writeWeights(initFile, layers);
  if (o.order === 'ours') await writeOrder(orderFile, n, epochs, config.training.seed, config.training.shuffle);
  const optimizer = config.training.optimizer;
  const spec = {
    trainFile: data.trainFile, valFile: data.valFile, trainCount: data.trainCount, valCount: data.valCount,
    encoder: o.encoder, seed: o.seed, epochs, steps: o.steps ?? 0, batchSize,
    learningRate: optimizer.learningRate, weightDecay: optimizer.weightDecay, epsilon: optimizer.epsilon ?? 1e-7,
    evalEpochs, snapshotSteps, initFile, loadInit: o.init === 'ours', orderFile, loadOrder: o.order === 'ours', outDir: work,
  };
  await writeFile(join(work, 'spec.json'), JSON.stringify(spec));
  const torchStarted = Date.now();
  await runTorch(join(work, 'spec.json'));
  console.log(`torch done in ${((Date.now() - torchStarted) / 1000).toFixed(1)} s`);
  const torchResult = JSON.parse(await readFile(join(work, 'result.json'), 'utf8')) as { val: { epoch: number; mse: number; deadCode: number }[]; seconds: number; runtime: string };
  if (o.torchOnly) {
    const torchLosses = await readF64(join(work, 'losses.f64'));
    const summary = { tag, preset: preset.id, torch: torchResult.runtime, seed: o.seed, init: o.init, order: o.order, steps: torchLosses.length,
      meanLossLast100: { torch: mean(Array.from(torchLosses.slice(-100))) }, val: torchResult.val, seconds: { torch: torchResult.seconds } };
    await mkdir(o.out, { recursive: true });
    await writeFile(join(o.out, `${tag}.json`), `${JSON.stringify(summary, null, 1)}\n`);
    console.log(JSON.stringify(summary));
    return;
  }
  if (o.init === 'torch') await readWeights(initFile, layers);
  if (o.perturb > 0) perturbWeights(layers, o.perturb, o.seed);
  const orders = await readI32(orderFile);

  const trainingData: TrainingData = { sampleShape: [784], binary: false, train, val };
  const objective = autoencoderObjective(models, config, trainingData);
  const xTrain = tf.tensor2d(train.x, [n, 784]);
  const xVal = tf.tensor2d(val.x, [val.n, 784]);

  // First-step gradients at the common start (the objective's loss, before any decay), per parameter.
  const grads0 = tf.tidy(() => {
    const x = tf.gather(xTrain, tf.tensor1d(orders.subarray(0, batchSize), 'int32'));
    const mse = lossFunction(config.training.loss);
    const { grads } = tf.variableGrads(() => mse(x, models.autoencoder.apply(x, { training: true }) as tf.Tensor), objective.trainables);
    return objective.trainables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  });
  const torchGrads = await readFile(join(work, 'grads0.f32'));
  const gradDeviation = compareParameterBlocks(layers, grads0, new Float32Array(torchGrads.buffer.slice(torchGrads.byteOffset, torchGrads.byteOffset + torchGrads.byteLength)));

  const losses: number[] = [];
  const weightDeviation: { step: number; layers: ArrayDeviation[] }[] = [];
  const val_: { epoch: number; ours: number; torch: number | null; oursDeadCode: number; torchDeadCode: number | null }[] = [];
  const started = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= epochs && step < totalSteps; epoch++) {
    const order = tf.tensor1d(orders.subarray((epoch - 1) * n, epoch * n), 'int32');
    for (let batch = 0; batch < batchesPerEpoch && step < totalSteps; batch++) {
      const start = batch * batchSize;
      const size = Math.min(batchSize, n - start);
      const batchStep = step;
      // As fit.ts's runEpoch: slice of the epoch's order, one gather, one objective step.
      const loss = tf.tidy(() => {
        const indices = tf.slice(order, start, size);
        const x = tf.gather(xTrain, indices);
        return objective.step({ x, indices, size, step: batchStep, noiseSeed: (stream) => noiseSeed(config.training.seed, stream, batchStep) });
      });
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
      step++;
      if (snapshotSteps.includes(step)) {
        const torchWeights = await readFile(join(work, `weights-${step}.f32`));
        const ours = layers.flatMap((l) => l.getWeights().map((w) => w.dataSync() as Float32Array));
        weightDeviation.push({ step, layers: compareParameterBlocks(layers, ours, new Float32Array(torchWeights.buffer.slice(torchWeights.byteOffset, torchWeights.byteOffset + torchWeights.byteLength))) });
      }
    }
    order.dispose();
    if (evalEpochs.includes(epoch)) {
      const evaluation = await objective.evaluate('val', xVal);
      const ours = evaluation!.values.mse!;
      const torchPoint = torchResult.val.find((p) => p.epoch === epoch);
      const torchValue = torchPoint?.mse ?? null;
      const oursDeadCode = deadCodeUnits(models.encoder, xVal);
      val_.push({ epoch, ours, torch: torchValue, oursDeadCode, torchDeadCode: torchPoint?.deadCode ?? null });
      console.log(
        `epoch ${epoch}: test MSE ours ${ours.toFixed(6)} torch ${torchValue?.toFixed(6)} (${torchValue ? (((ours - torchValue) / torchValue) * 100).toFixed(2) : '?'} %), ` +
          `dead code units ours ${oursDeadCode} torch ${torchPoint?.deadCode}`,
      );
    }
  }
  const oursSeconds = (Date.now() - started) / 1000;
  const torchLosses = await readF64(join(work, 'losses.f64'));
  const relative = losses.map((l, i) => Math.abs(l - torchLosses[i]!) / Math.abs(torchLosses[i]!));
  const at = [0, 1, 2, 5, 10, 20, 50, 100, 200, 300, 469, 1000, 2345, 4690, 9380, 23450].filter((s) => s < losses.length);
  const summary = {
    tag,
    preset: preset.id,
    backend: report.description,
    torch: torchResult.runtime,
    seed: o.seed,
    init: o.init,
    order: o.order,
    perturb: o.perturb,
    steps: losses.length,
    firstStepAbove: Object.fromEntries([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1].map((t) => [t, firstStepAbove(relative, t)])),
    lossAt: at.map((s) => ({ step: s, ours: losses[s], torch: torchLosses[s], relative: relative[s] })),
    meanLossLast100: { ours: mean(losses.slice(-100)), torch: mean(Array.from(torchLosses.slice(-100))) },
    grads0: gradDeviation,
    weights: weightDeviation,
    val: val_,
    seconds: { ours: oursSeconds, torch: torchResult.seconds },
  };
  await mkdir(o.out, { recursive: true });
  await writeFile(join(o.out, `${tag}.json`), `${JSON.stringify(summary, null, 1)}\n`);
  console.log(JSON.stringify({ ...summary, lossAt: undefined, grads0: undefined, weights: undefined }, null, 1));
  console.log('loss (step: ours torch rel):');
  for (const p of summary.lossAt) console.log(`  ${p.step}: ${p.ours!.toPrecision(8)} ${p.torch!.toPrecision(8)} ${p.relative!.toExponential(2)}`);
  console.log('first-step gradients, per parameter (max |d| / max |g|, rel L2):');
  for (const g of gradDeviation) console.log(`  ${g.name}: ${g.maxRelative.toExponential(2)} ${g.relativeL2.toExponential(2)}`);
  for (const w of weightDeviation) console.log(`weights after ${w.step}: ${w.layers.map((l) => `${l.name} ${l.relativeL2.toExponential(1)}`).join(', ')}`);
  objective.dispose();
  xTrain.dispose();
  xVal.dispose();
}

/** Code units that are 0 (ReLU) on every sample of `x`. */
function deadCodeUnits(encoder: tf.LayersModel, x: tf.Tensor): number {
  return tf.tidy(() => {
    const code = encoder.predict(x, { batchSize: 1000 }) as tf.Tensor2D;
    return (tf.sum(tf.cast(tf.lessEqual(tf.max(code, 0), 0), 'int32')).dataSync() as Int32Array)[0]!;
  });
}

/** Multiplies every weight by 1 ± `relative` (signs from a seeded stream). */
function perturbWeights(layers: tf.layers.Layer[], relative: number, seed: number): void {
  const random = seededRandom(seed + 12345);
  for (const layer of layers) {
    const weights = layer.getWeights().map((w) => {
      const values = (w.dataSync() as Float32Array).map((v) => v * (1 + (random() < 0.5 ? -relative : relative)));
      return tf.tensor(values, w.shape);
    });
    layer.setWeights(weights);
    tf.dispose(weights);
  }
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Our parameters (kernel [in, out], bias per Dense layer) against a flat PyTorch block (weight [out, in], bias). */
function compareParameterBlocks(layers: tf.layers.Layer[], ours: Float32Array[], theirs: Float32Array): ArrayDeviation[] {
  const result: ArrayDeviation[] = [];
  let offset = 0;
  layers.forEach((layer, l) => {
    const [inUnits, outUnits] = layer.getWeights()[0]!.shape as [number, number];
    const kernel = ours[2 * l]!;
    const bias = ours[2 * l + 1]!;
    const torchWeight = theirs.subarray(offset, offset + inUnits * outUnits);
    offset += inUnits * outUnits;
    const transposed = new Float32Array(inUnits * outUnits);
    for (let i = 0; i < inUnits; i++) for (let j = 0; j < outUnits; j++) transposed[i * outUnits + j] = torchWeight[j * inUnits + i]!;
    result.push(compareArrays(`${layer.name}/kernel`, kernel, transposed));
    result.push(compareArrays(`${layer.name}/bias`, bias, theirs.subarray(offset, offset + outUnits)));
    offset += outUnits;
  });
  if (offset !== theirs.length) throw new Error(`PyTorch's block holds ${theirs.length} values, ours ${offset}`);
  return result;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
