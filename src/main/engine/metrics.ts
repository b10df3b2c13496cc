/**
 * Evaluation metrics, accumulated on the device across batches and read back once.
 *
 * mse, mae, bce: mean over every element. binaryAccuracy: fraction of elements whose
 * prediction and target fall on the same side of 0.5. psnr: mean over samples of
 * 10·log10(1 / mse_sample) (data range 1; an exact reconstruction counts as PSNR_CAP_DB).
 * Binary datasets add maxWrongPixels / meanWrongPixels: elements on the wrong side of 0.5,
 * per sample, maximum and mean over samples.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossName, MetricValues } from '../../shared/config.js';
import { BCE_EPSILON, elementwiseBce } from './losses.js';
import {
  RECONSTRUCTION_STATS_KERNEL,
  STAT_ABSOLUTE,
  STAT_BCE,
  STAT_SQUARED,
  STAT_WRONG,
  reconstructionStatsAvailable,
} from './wasm-kernels/reconstruction-stats.js';

/** Sample MSE floor, so that an exact reconstruction has a finite PSNR (100 dB). */
const PSNR_MSE_FLOOR = 1e-10;
export const PSNR_CAP_DB = 100;

// Order of the per-batch sums in the accumulator vector.
const SUM_SQUARED = 0;
const SUM_ABSOLUTE = 1;
const SUM_BCE = 2;
const SUM_CORRECT = 3;
const SUM_PSNR = 4;
const SUM_WRONG = 5;
const SUM_LOSS = 6;

/** Accumulates the metrics of a stream of batches without reading anything back until `read()`. */
export class MetricAccumulator {
  private sums: tf.Tensor1D | null = null;
  private maxWrong: tf.Scalar | null = null;
  private samples = 0;
  private elements = 0;

  constructor(
    private readonly loss: LossName,
    private readonly binary: boolean,
  ) {}

  /** Adds one batch of targets and predictions (shape [batch, ...sample]). Does not dispose them. */
  add(target: tf.Tensor, prediction: tf.Tensor): void {
    const batch = target.shape[0]!;
    const perSample = target.size / batch;
    const [sums, maxWrong] = tf.tidy(() => {
      const y = tf.reshape(target, [batch, perSample]) as tf.Tensor2D;
      const p = tf.reshape(prediction, [batch, perSample]) as tf.Tensor2D;
      const stats = sampleStats(y, p);
      const totals = tf.unstack(tf.sum(stats, 0)) as tf.Scalar[];
      const [squaredPerSample, wrongPerSample] = [STAT_SQUARED, STAT_WRONG].map((column) => tf.reshape(tf.slice(stats, [0, column], [batch, 1]), [batch]));
      const sampleMse = tf.maximum(tf.div(squaredPerSample!, perSample), PSNR_MSE_FLOOR);
      const psnr = tf.mul(tf.log(sampleMse), -10 / Math.LN10);
      const lossColumn = { mse: STAT_SQUARED, mae: STAT_ABSOLUTE, bce: STAT_BCE }[this.loss];
      const batchSums = tf.stack([
        totals[STAT_SQUARED]!,
        totals[STAT_ABSOLUTE]!,
        totals[STAT_BCE]!,
        tf.sub(y.size, totals[STAT_WRONG]!),
        tf.sum(psnr),
        totals[STAT_WRONG]!,
        totals[lossColumn]!,
      ]) as tf.Tensor1D;
      const batchMax = tf.max(wrongPerSample!) as tf.Scalar;
      return [
        this.sums ? tf.add(this.sums, batchSums) : batchSums,
        this.maxWrong ? tf.maximum(this.maxWrong, batchMax) : batchMax,
      ] as [tf.Tensor1D, tf.Scalar];
    });
    this.sums?.dispose();
    this.maxWrong?.dispose();
    // Kept: add() may run inside the caller's tidy, which must not free the running sums.
    this.sums = tf.keep(sums);
    this.maxWrong = tf.keep(maxWrong);
    this.samples += batch;
    this.elements += target.size;
  }

  /**
   * Reads the metrics back (one transfer) and frees the accumulators.
   * `regularization` is added to the loss (the weight penalty at the current weights).
   */
  async read(regularization = 0): Promise<MetricValues> {
    if (!this.sums || !this.maxWrong) throw new Error('no batch was evaluated: the split is empty');
    const [sums, maxWrong] = await Promise.all([this.sums.data(), this.maxWrong.data()]);
    this.dispose();
    const n = this.elements;
    const values: MetricValues = {
      loss: sums[SUM_LOSS]! / n + regularization,
      mse: sums[SUM_SQUARED]! / n,
      mae: sums[SUM_ABSOLUTE]! / n,
      bce: sums[SUM_BCE]! / n,
      binaryAccuracy: sums[SUM_CORRECT]! / n,
      psnr: sums[SUM_PSNR]! / this.samples,
    };
    if (this.binary) {
      values.maxWrongPixels = maxWrong[0]!;
      values.meanWrongPixels = sums[SUM_WRONG]! / this.samples;
    }
    return values;
  }

  dispose(): void {
    this.sums?.dispose();
    this.maxWrong?.dispose();
    this.sums = null;
    this.maxWrong = null;
  }
}

/**
 * Each sample's Σ (y − p)², Σ |y − p|, Σ binary cross-entropy and count of values on the wrong
 * side of 0.5, as [batch, 4] (columns STAT_*): one native pass where the backend has it
 * (wasm-kernels/reconstruction-stats.ts), the element-wise ops otherwise.
 */
function sampleStats(y: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor2D {
  if (reconstructionStatsAvailable() && y.dtype === 'float32' && p.dtype === 'float32') {
    return tf.engine().runKernel(RECONSTRUCTION_STATS_KERNEL, { y, p }, { lo: BCE_EPSILON, hi: 1 - BCE_EPSILON }) as tf.Tensor2D;
  }
  const wrong = tf.cast(tf.notEqual(tf.greater(y, 0.5), tf.greater(p, 0.5)), 'float32');
  return tf.stack([tf.sum(tf.squaredDifference(y, p), 1), tf.sum(tf.abs(tf.sub(y, p)), 1), tf.sum(elementwiseBce(y, p), 1), tf.sum(wrong, 1)], 1) as tf.Tensor2D;
}

/** Sum of the model's weight penalties (L2 regularisers) as a number; 0 when it has none. */
export async function regularizationPenalty(model: tf.LayersModel): Promise<number> {
  const penalties = model.calculateLosses();
  if (penalties.length === 0) return 0;
  const total = tf.tidy(() => tf.addN(penalties));
  tf.dispose(penalties);
  const value = (await total.data())[0]!;
  total.dispose();
  return value;
}

/**
 * Evaluates `model` (inference mode) on the first `limit` samples of `x` in batches.
 * `x` has shape [n, ...sample]; targets are the inputs themselves. `inputOf` turns a clean batch
 * into the model's input (denoising: a corrupted copy); the target stays the clean batch.
 */
export async function evaluateReconstruction(
  model: tf.LayersModel,
  x: tf.Tensor,
  options: { loss: LossName; binary: boolean; batchSize: number; limit?: number; inputOf?: (clean: tf.Tensor, batchIndex: number) => tf.Tensor },
): Promise<MetricValues> {
  const n = Math.min(x.shape[0]!, options.limit ?? Infinity);
  const accumulator = new MetricAccumulator(options.loss, options.binary);
  try {
    for (let start = 0, index = 0; start < n; start += options.batchSize, index++) {
      const size = Math.min(options.batchSize, n - start);
      tf.tidy(() => {
        const batch = tf.slice(x, start, size);
        const input = options.inputOf ? options.inputOf(batch, index) : batch;
        accumulator.add(batch, model.apply(input, { training: false }) as tf.Tensor);
      });
    }
    return await accumulator.read(await regularizationPenalty(model));
  } finally {
    accumulator.dispose();
  }
}
