/**
 * One measured run of our engine, in a child process of its own (so each case's peak RSS is its
 * own): the real backend selection, model builder and training loop a user's run goes through.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { initBackend } from '../src/main/engine/backend.js';
import { buildModels, disposeModels } from '../src/main/engine/models.js';
import { train } from '../src/main/engine/trainer.js';
import { setFastGradientsEnabled } from '../src/main/engine/gradients.js';
import { uninstallWasmKernels } from '../src/main/engine/wasm-kernels/index.js';
import { readSamples } from './data.js';
import type { EngineRunSpec, RunResult } from './spec.js';

/** Timed window: epochs 2 … N-1 (epoch 1 warms up, epoch N also evaluates). Needs N ≥ 3. */
export function timedWindow(epochEnds: number[], samplesPerEpoch: number): { seconds: number; samples: number } {
  const epochs = epochEnds.length;
  if (epochs < 3) throw new Error(`the bench needs at least 3 epochs per run, got ${epochs}`);
  return { seconds: (epochEnds[epochs - 2]! - epochEnds[0]!) / 1000, samples: (epochs - 2) * samplesPerEpoch };
}

/**
 * Peak RSS of this process in MB. On Linux, getrusage's maxRSS of a spawned child starts at its
 * parent's peak (exec folds the parent's shared address space into it), so VmHWM, which belongs to
 * this process's own address space, is read instead.
 */
export function peakRssMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // Not Linux: fall through.
  }
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

async function measure(spec: EngineRunSpec): Promise<RunResult> {
  const backend = spec.backend === 'wasm-stock' ? 'wasm' : spec.backend;
  const { tf, report } = await initBackend(backend);
  // Stock tfjs-backend-wasm, as before Latent Lab's kernels: the "before" rows of the bench.
  if (spec.backend === 'wasm-stock') {
    uninstallWasmKernels();
    setFastGradientsEnabled(false);
  }
  const { data, config } = spec;
  const sampleSize = data.sampleShape.reduce((a, b) => a * b, 1);
  const trainSplit = await readSamples(data.trainFile, data.trainCount, sampleSize);
  const valSplit = await readSamples(data.valFile, data.valCount, sampleSize);
  const models = buildModels(config.model, data.sampleShape, config.training.seed);
  // A VAE trains its log-variance head too, which only the posterior model holds.
  const trainedModels = models.posterior ? [models.posterior, models.decoder] : [models.autoencoder];
  const trainableParams = trainedModels.flatMap((m) => m.trainableWeights).reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

  const epochEnds: number[] = [];
  const numTensors: number[] = [];
  const started = performance.now();
  const result = await train({
    models,
    config,
    data: { sampleShape: data.sampleShape, binary: data.binary, train: trainSplit, val: valSplit },
    callbacks: {
      onEpoch: () => {
        epochEnds.push(performance.now());
        numTensors.push(tf.memory().numTensors);
      },
    },
  });
  disposeModels(models);
  if (result.status !== 'completed') return { ok: false, error: result.error ?? `training ended ${result.status}` };

  const window = timedWindow(epochEnds, data.trainCount);
  const valLoss = result.finalMetrics.val.loss;
  const trainLoss = result.finalMetrics.train.loss;
  if (valLoss === undefined || trainLoss === undefined) return { ok: false, error: 'the trainer reported no final loss' };
  return {
    ok: true,
    samplesPerSec: window.samples / window.seconds,
    timedSamples: window.samples,
    timedSeconds: window.seconds,
    epochSeconds: epochEnds.map((end, i) => (end - (i === 0 ? started : epochEnds[i - 1]!)) / 1000),
    valLoss,
    trainLoss,
    peakRssMb: peakRssMb(),
    trainableParams,
    numTensors,
    runtime: `tfjs ${tf.version.tfjs} ${spec.backend === 'wasm-stock' ? 'wasm (stock kernels)' : (report.description ?? report.backend)}`,
  };
}

/** Runs the spec in `specFile` and writes a RunResult next to it; errors become `{ ok: false }`. */
export async function runWorker(specFile: string): Promise<void> {
  const spec = JSON.parse(await readFile(specFile, 'utf8')) as EngineRunSpec;
  let result: RunResult;
  try {
    result = await measure(spec);
  } catch (err) {
    result = { ok: false, error: (err as Error).message ?? String(err) };
  }
  await writeFile(spec.resultFile, JSON.stringify(result));
}
