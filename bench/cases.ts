/**
 * What the bench measures: the models of issue 5, each taken from its preset so the bench trains
 * exactly what a user who picks that preset trains, with the workload (samples, epochs) per mode.
 */
import type { RunConfig } from '../src/shared/config.js';
import { findPreset } from '../src/shared/presets.js';

/** How much work one measured run does. Epoch 1 is warm-up and the last epoch validates, so epochs ≥ 3. */
export interface Workload {
  /** Training samples (the first N of the training split). */
  train: number;
  /** Validation samples (the first N of the validation split). */
  val: number;
  epochs: number;
}

/** Which prepared data a case trains on. */
export type BenchDataId = 'mnist' | 'cifar10';

/** One row group of the table: a model at a batch size. */
export interface BenchCase {
  /** Short model name shown in the table and in `--json` (`model`). */
  model: string;
  /** The preset whose model and training settings are used (batch size overridden). */
  presetId: string;
  batchSize: number;
  data: BenchDataId;
  /** Workload of the default run and of `--quick`. */
  full: Workload;
  quick: Workload;
  /**
   * Workloads on the tfjs `cpu` backend (plain JavaScript kernels, tens of times slower than wasm);
   * null skips cpu for this case. Its PyTorch reference runs the same workload.
   */
  cpu: { full: Workload; quick: Workload } | null;
}

const MNIST_FULL: Workload = { train: 60_000, val: 10_000, epochs: 4 };
const MNIST_QUICK: Workload = { train: 4096, val: 1024, epochs: 4 };
const MNIST_CPU = { full: { train: 4096, val: 1024, epochs: 3 }, quick: { train: 2048, val: 512, epochs: 3 } };

export const BENCH_CASES: readonly BenchCase[] = [
  { model: 'dense 784-128-784', presetId: 'mnist-dense-128-relu', batchSize: 128, data: 'mnist', full: MNIST_FULL, quick: MNIST_QUICK, cpu: MNIST_CPU },
  { model: 'dense 784-128-784', presetId: 'mnist-dense-128-relu', batchSize: 1024, data: 'mnist', full: MNIST_FULL, quick: MNIST_QUICK, cpu: MNIST_CPU },
  { model: 'dense 784-128-32+BN bce', presetId: 'mnist-dense-bn-bce', batchSize: 1024, data: 'mnist', full: MNIST_FULL, quick: MNIST_QUICK, cpu: MNIST_CPU },
  // BCE summed per image + KL: the loss column is per sample, not per pixel like the AEs'.
  { model: 'dense VAE 784-64-16-8', presetId: 'mnist-vae-64-16-8', batchSize: 128, data: 'mnist', full: MNIST_FULL, quick: MNIST_QUICK, cpu: MNIST_CPU },
  {
    model: 'conv AE 32x32x3',
    presetId: 'cifar10-conv',
    batchSize: 128,
    data: 'cifar10',
    full: { train: 10_000, val: 2000, epochs: 4 },
    quick: { train: 1024, val: 256, epochs: 4 },
    // ~25 MFLOP per sample per step: the JavaScript cpu backend would take many minutes.
    cpu: null,
  },
];

/** The run config of a case: its preset's, at the case's batch size and workload. */
export function caseConfig(benchCase: BenchCase, workload: Workload): RunConfig {
  const preset = findPreset(benchCase.presetId);
  if (!preset) throw new Error(`bench/cases.ts: unknown preset "${benchCase.presetId}"`);
  const base = preset.config;
  return {
    ...base,
    dataset: { ...base.dataset, trainLimit: workload.train, valLimit: workload.val },
    training: {
      ...base.training,
      epochs: workload.epochs,
      batchSize: benchCase.batchSize,
      // Validate once, after the last epoch, so no epoch but the last pays for an evaluation.
      validationEvery: workload.epochs,
      checkpointEvery: workload.epochs,
      stopWhen: undefined,
    },
  };
}
