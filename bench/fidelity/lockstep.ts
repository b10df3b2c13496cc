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
import { rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/main/engine/backend.js';
import { autoencoderObjective } from '../../src/main/engine/kinds/index.js';
import { lossFunction } from '../../src/main/engine/losses.js';
import { buildModels } from '../../src/main/engine/models.js';
import { parseRunConfig, type RunConfig } from '../../src/shared/config.js';
import { findPreset } from '../../src/shared/presets.js';
import { makeWorkDir, prepareData, readSamples, writeOrder } from '../data.js';
import { firstStepAbove, type ArrayDeviation } from './compare.js';
import { LOCKSTEP_USAGE, parseOptions, tagOf } from './options.js';
import { trainOurs, type OurEvaluation } from './ours-side.js';
import { readI32, runTorch, torchGrads0, torchLosses, torchWeightsAfter, type TorchResult } from './torch-side.js';
import { compareWithTorch, denseLayers, perturbWeights, readWeights, weightValues, writeWeights } from './weights.js';

const TRAIN_COUNT = 60_000;
const TEST_COUNT = 10_000;
const mean = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0) / values.length;
const percent = (ours: number, theirs: number): string => `${(((ours - theirs) / theirs) * 100).toFixed(3)} %`;

async function main(): Promise<void> {
  const parsed = parseOptions(process.argv.slice(2));
  if (!parsed) {
    console.log(LOCKSTEP_USAGE);
    return;
  }
  const o = parsed;
  const preset = findPreset(`mnist-dense-${o.encoder.join('-')}-relu`);
  if (!preset) throw new Error(`no preset mnist-dense-${o.encoder.join('-')}-relu`);
  const n = TRAIN_COUNT;
  const batchSize = preset.config.training.batchSize;
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const epochs = o.epochs ?? Math.ceil((o.steps ?? 0) / batchesPerEpoch);
  const totalSteps = o.steps ?? epochs * batchesPerEpoch;
  const config: RunConfig = parseRunConfig({ ...preset.config, training: { ...preset.config.training, seed: o.seed, epochs } });
  // Epoch 0: the test MSE of the common start (the same weights on both sides: the evaluation itself).
  const evalEpochs = [0, ...(o.epochs ? Array.from({ length: epochs }, (_, i) => i + 1).filter((e) => e % config.training.validationEvery === 0 || e === epochs) : [])];
  const snapshotSteps = [1, 2, 10, 100, batchesPerEpoch, totalSteps].filter((s, i, all) => s <= totalSteps && all.indexOf(s) === i);
  const tag = tagOf(o, totalSteps);

  const { report } = await initBackend('wasm');
  const work = await makeWorkDir();
  // The data files are ~230 MB: gone with the process, whatever happens.
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  console.log(`backend ${report.description}; ${tag}`);
  const data = await prepareData('mnist', work, n, TEST_COUNT, o.seed);
  const train = await readSamples(data.trainFile, data.trainCount, 784);
  const val = await readSamples(data.valFile, data.valCount, 784);

  // The dataset's own sample shape (28×28×1), as the app builds it: buildModels seeds the layers by their
  // position in the plan, the Flatten layer included, so [784] would draw other initial weights.
  const models = buildModels(config.model, data.sampleShape, config.training.seed);
  const layers = denseLayers(models.autoencoder);
  const initFile = join(work, 'init.f32');
  const orderFile = join(work, 'order.i32');
  if (o.init === 'ours') await writeWeights(initFile, layers);
  if (o.order === 'ours') await writeOrder(orderFile, n, epochs, config.training.seed, config.training.shuffle);

  let torch: TorchResult | null = null;
  if (o.side !== 'ours') {
    const optimizer = config.training.optimizer;
    torch = await runTorch({
      trainFile: data.trainFile, valFile: data.valFile, trainCount: data.trainCount, valCount: data.valCount,
      encoder: o.encoder, seed: o.seed, epochs, steps: o.steps ?? 0, batchSize,
      learningRate: optimizer.learningRate, weightDecay: optimizer.weightDecay, epsilon: optimizer.epsilon ?? 1e-7,
      evalEpochs, snapshotSteps, initFile, loadInit: o.init === 'ours', orderFile, loadOrder: o.order === 'ours', outDir: work,
    });
    console.log(`torch: ${torch.runtime}, ${torch.seconds.toFixed(1)} s; test MSE ${torch.val.map((p) => `e${p.epoch} ${p.mse.toPrecision(6)} (dead code ${p.deadCode})`).join(', ')}`);
  }
  const summary: Record<string, unknown> = { tag, preset: preset.id, seed: o.seed, init: o.init, order: o.order, side: o.side, perturb: o.perturb, torch: torch?.runtime ?? null };
  if (o.side !== 'torch') {
    if (o.init === 'torch') await readWeights(initFile, layers);
    if (o.perturb > 0) perturbWeights(layers, o.perturb, o.seed);
    Object.assign(summary, { backend: report.description, ...(await runOurs()) });
  }
  if (torch) {
    const losses = await torchLosses(work);
    Object.assign(summary, { torchVal: torch.val, torchSeconds: torch.seconds, torchSteps: losses.length, torchMeanLossLast100: mean(losses.slice(-100)) });
  }
  await mkdir(o.out, { recursive: true });
  await writeFile(join(o.out, `${tag}.json`), `${JSON.stringify(summary, null, 1)}\n`);
  console.log(`summary: ${join(o.out, `${tag}.json`)}`);

  async function runOurs(): Promise<Record<string, unknown>> {
    const orders = await readI32(orderFile);
    const objective = autoencoderObjective(models, config, { sampleShape: data.sampleShape, binary: data.binary, train, val });
    const xTrain = tf.tensor(train.x, [n, ...data.sampleShape]);
    const xVal = tf.tensor(val.x, [val.n, ...data.sampleShape]);
    try {
      const grads0 = torch ? await compareFirstGradients(orders.subarray(0, batchSize)) : null;
      const weights: { step: number; layers: ArrayDeviation[] }[] = [];
      const onEvaluation = (e: OurEvaluation): void => {
        const theirs = torch?.val.find((p) => p.epoch === e.epoch);
        console.log(`epoch ${e.epoch}: test MSE ours ${e.mse.toPrecision(7)}${theirs ? ` torch ${theirs.mse.toPrecision(7)} (${percent(e.mse, theirs.mse)})` : ''}, ` +
          `dead code units ours ${e.deadCode}${theirs ? ` torch ${theirs.deadCode}` : ''}`);
      };
      const onSnapshot = async (step: number): Promise<void> => {
        if (torch) weights.push({ step, layers: compareWithTorch(layers, weightValues(layers), await torchWeightsAfter(work, step)) });
      };
      const run = await trainOurs({
        models, objective, xTrain, xVal, orders, seed: config.training.seed, batchSize, epochs, totalSteps,
        evalEpochs: o.perturb > 0 ? evalEpochs.filter((e) => e > 0) : evalEpochs, onEvaluation, snapshotSteps, onSnapshot,
      });
      const result: Record<string, unknown> = { steps: run.losses.length, oursVal: run.evaluations, oursSeconds: run.seconds, oursMeanLossLast100: mean(run.losses.slice(-100)) };
      if (torch) Object.assign(result, await stepComparison(run.losses), { grads0, weights });
      for (const w of weights) console.log(`weights after ${w.step} steps, relative L2 per parameter: ${w.layers.map((l) => `${l.name} ${l.relativeL2.toExponential(1)}`).join(', ')}`);
      return result;
    } finally {
      objective.dispose();
      tf.dispose([xTrain, xVal]);
    }

    /** Gradients of the objective's loss (no decay) at the common start on the first batch, against PyTorch's. */
    async function compareFirstGradients(first: Int32Array): Promise<ArrayDeviation[]> {
      const ours = tf.tidy(() => {
        const x = tf.gather(xTrain, tf.tensor1d(first, 'int32'));
        const loss = lossFunction(config.training.loss);
        const { grads } = tf.variableGrads(() => loss(x, models.autoencoder.apply(x, { training: true }) as tf.Tensor), objective.trainables);
        return objective.trainables.map((v) => grads[v.name]!.dataSync() as Float32Array);
      });
      const deviation = compareWithTorch(layers, ours, await torchGrads0(work));
      console.log(`first-step gradients, relative L2 per parameter: ${deviation.map((d) => `${d.name} ${d.relativeL2.toExponential(1)}`).join(', ')}`);
      return deviation;
    }
  }

  /** The loss of every step against PyTorch's: where they part, and both at chosen steps. */
  async function stepComparison(losses: number[]): Promise<Record<string, unknown>> {
    const theirs = await torchLosses(work);
    const relative = losses.map((l, i) => Math.abs(l - theirs[i]!) / Math.abs(theirs[i]!));
    const at = [0, 1, 2, 5, 10, 20, 50, 100, 200, 300, 469, 1000, 2345, 4690, 9380, 23449].filter((s) => s < losses.length);
    const lossAt = at.map((s) => ({ step: s, ours: losses[s]!, torch: theirs[s]!, relative: relative[s]! }));
    const thresholds = Object.fromEntries([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1].map((t) => [t, firstStepAbove(relative, t)]));
    console.log(`first step whose loss differs by more than: ${Object.entries(thresholds).map(([t, s]) => `${t}: ${s ?? 'none'}`).join(', ')}`);
    for (const p of lossAt) console.log(`  step ${p.step}: loss ours ${p.ours.toPrecision(8)} torch ${p.torch.toPrecision(8)} relative ${p.relative.toExponential(2)}`);
    return { firstStepAbove: thresholds, lossAt, torchMeanLossLast100: mean(theirs.slice(-100)) };
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
