/**
 * The worker's anomaly step: after each validation epoch of a run with `config.anomaly`, score
 * every evaluation sample (all classes) and the normal training samples by reconstruction error,
 * add AUROC and AUPRC to the epoch's validation metrics, and write the `anomaly` artifact.
 */
import type * as tf from '@tensorflow/tfjs';
import { anomalyThreshold, prCurve, rocCurve } from '../../shared/anomaly.js';
import type { AnomalyExample, AnomalyReport, EpochMetrics } from '../../shared/api.js';
import type { RunConfig } from '../../shared/config.js';
import { seededRandom, shuffleInPlace } from '../../shared/random.js';
import type { LoadedDataset, Split } from '../datasets/types.js';
import { perSampleErrors } from '../engine/anomaly.js';
import { reconstruct } from '../engine/inference.js';
import { publishArtifact } from './artifact-writers.js';
import type { RunWorkerMessage } from './run-protocol.js';

/** Gallery sizes. */
export const WORST_COUNT = 12;
export const NORMAL_EXAMPLE_COUNT = 4;
/** The threshold modes see at most this many normal training errors. */
export const TRAIN_ERROR_LIMIT = 10_000;

export interface AnomalyScoringArgs {
  config: RunConfig;
  dataset: LoadedDataset;
  /** The normal training samples the model trains on. */
  train: Split;
  /** Every sample to score (prepareSplits' `evaluation`); null when the run has no anomaly settings. */
  evaluation: Split | null;
  /** The run's folder, absolute and relative to the data directory. */
  dir: string;
  relDir: string;
  post(message: RunWorkerMessage): void;
}

/** Scores as JSON numbers: 9 significant digits round-trip a float32 exactly, so no ties appear. */
const exact = (value: number): number => Number(value.toPrecision(9));
const pixel = (value: number): number => Math.round(value * 1e4) / 1e4;

/** At most `limit` samples of `split`, a seeded random subset kept in dataset order (a class-sorted file still mixes its classes). */
export function sampleSubset(split: Split, sampleSize: number, limit: number | undefined, seed: number): Split {
  if (limit === undefined || limit >= split.n) return split;
  const chosen = shuffleInPlace(Int32Array.from({ length: split.n }, (_, i) => i), seededRandom(seed)).slice(0, limit).sort();
  const x = new Float32Array(limit * sampleSize);
  const labels = split.labels ? new Int32Array(limit) : null;
  chosen.forEach((i, k) => {
    x.set(split.x.subarray(i * sampleSize, (i + 1) * sampleSize), k * sampleSize);
    if (labels) labels[k] = (split.labels as Int32Array)[i] as number;
  });
  return { x, labels, n: limit };
}

/** Indices of the gallery: the highest scores, and normal samples at evenly spaced ranks. */
function galleryIndices(scores: Float32Array, isAnomaly: boolean[]): { worst: number[]; normal: number[] } {
  const order = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const normals = order.filter((i) => !isAnomaly[i]).reverse();
  const count = Math.min(NORMAL_EXAMPLE_COUNT, normals.length);
  const normal = Array.from({ length: count }, (_, k) => normals[Math.floor(((k + 0.5) / count) * normals.length)] as number);
  return { worst: order.slice(0, WORST_COUNT), normal };
}

/**
 * The function the worker calls with each epoch's metrics: identity for runs without
 * `config.anomaly`; otherwise it scores at validation epochs and returns the metrics with
 * `auroc` and `auprc` added to the validation values.
 */
export function anomalyScorer(args: AnomalyScoringArgs): (epoch: number, metrics: EpochMetrics[], autoencoder: tf.LayersModel) => Promise<EpochMetrics[]> {
  const { config, dataset, dir, relDir, post } = args;
  const settings = config.anomaly;
  if (!settings || !args.evaluation) return async (_epoch, metrics) => metrics;
  const sampleShape = dataset.sampleShape;
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const evaluation = sampleSubset(args.evaluation, size, settings.evalLimit, config.training.seed);
  const trainNormal = args.train.x.subarray(0, Math.min(args.train.n, TRAIN_ERROR_LIMIT) * size);
  const normal = new Set(settings.normalClasses);
  const labels = Array.from(evaluation.labels ?? []);
  const isAnomaly = labels.map((label) => !normal.has(label));
  const evaluationSplit: AnomalyReport['evaluationSplit'] = dataset.test ? 'test' : config.dataset.valFraction > 0 ? 'holdOut' : 'train';

  const examples = async (indices: number[], scores: Float32Array, autoencoder: tf.LayersModel): Promise<AnomalyExample[]> => {
    const x = new Float32Array(indices.length * size);
    indices.forEach((i, k) => x.set(evaluation.x.subarray(i * size, (i + 1) * size), k * size));
    const { inputs, outputs } = await reconstruct(autoencoder, x, sampleShape, indices.length);
    return indices.map((index, k) => ({
      index,
      label: labels[index] as number,
      isAnomaly: isAnomaly[index] as boolean,
      score: exact(scores[index] as number),
      input: (inputs[k] as number[]).map(pixel),
      output: (outputs[k] as number[]).map(pixel),
    }));
  };

  return async (epoch, metrics, autoencoder) => {
    const val = metrics.find((m) => m.split === 'val');
    if (!val) return metrics;
    const scores = await perSampleErrors(autoencoder, evaluation.x, sampleShape, settings.score);
    const trainErrors = Array.from(await perSampleErrors(autoencoder, trainNormal, sampleShape, settings.score), exact);
    const scoreList = Array.from(scores, exact);
    const gallery = galleryIndices(scores, isAnomaly);
    const report: AnomalyReport = {
      epoch,
      sampleShape,
      score: settings.score,
      normalClasses: settings.normalClasses,
      evaluationSplit,
      scores: scoreList,
      labels,
      isAnomaly,
      trainNormalErrors: trainErrors,
      threshold: settings.threshold,
      thresholdValue: anomalyThreshold(trainErrors, settings.threshold),
      worst: await examples(gallery.worst, scores, autoencoder),
      normalExamples: await examples(gallery.normal, scores, autoencoder),
    };
    publishArtifact({ dir, relDir, post }, 'anomaly', epoch, report);
    const values = { ...val.values, auroc: rocCurve(scoreList, isAnomaly).auc, auprc: prCurve(scoreList, isAnomaly).averagePrecision };
    return metrics.map((m) => (m === val ? { ...m, values } : m));
  };
}
