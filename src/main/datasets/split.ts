/**
 * Train/validation splits of a loaded dataset for one run: class filter, the dataset's own test
 * split as validation (or a seeded hold-out), then the sample limits. Deterministic for a seed.
 */
import type { DatasetRef } from '../../shared/config.js';
import { seededRandom, shuffleInPlace } from '../../shared/random.js';
import { DatasetError, type LoadedDataset, type Split } from './types.js';

/**
 * Build the splits a run trains and validates on.
 * - `classes`: keep only samples with these labels (both splits).
 * - validation: the dataset's test split when it has one; else `valFraction` of the training
 *   samples held out by a shuffle seeded with `seed`; `valFraction` 0 validates on the training set.
 * - `trainLimit` / `valLimit`: the first N samples (in dataset order) after the steps above.
 * - `normalClasses` (anomaly detection): train and validation keep only these classes, and
 *   `evaluation` is the whole validation source (test split or hold-out, every class) to score.
 */
export function prepareSplits(
  ds: LoadedDataset,
  ref: DatasetRef,
  seed: number,
  normalClasses?: readonly number[],
): { train: Split; val: Split; evaluation: Split | null } {
  const sampleSize = ds.sampleShape.reduce((a, b) => a * b, 1);
  if (ref.classes) {
    if (!ds.train.labels) throw new DatasetError(null, `dataset "${ds.info.id}" has no labels, so a class filter cannot apply`);
    const unknown = ref.classes.filter((c) => c >= ds.classNames.length);
    if (unknown.length > 0) {
      throw new DatasetError(null, `dataset "${ds.info.id}" has classes 0..${ds.classNames.length - 1}; no class ${unknown.join(', ')}`);
    }
  }
  const outside = normalClasses?.filter((c) => c >= ds.classNames.length || (ref.classes !== undefined && !ref.classes.includes(c))) ?? [];
  if (outside.length > 0) {
    throw new DatasetError(null, `anomaly.normalClasses: class ${outside.join(', ')} is not among the classes of "${ds.info.id}" the run uses`);
  }
  const trainPool = selectClasses(ds.train, ref.classes);
  if (trainPool.length === 0) throw new DatasetError(null, `dataset "${ds.info.id}": no training samples of classes ${ref.classes?.join(', ')}`);

  let trainIndices: Int32Array;
  let valSource: Split;
  let valIndices: Int32Array;
  const valFraction = ref.valFraction ?? 0.1;
  if (ds.test) {
    trainIndices = trainPool;
    valSource = ds.test;
    valIndices = selectClasses(ds.test, ref.classes);
  } else if (valFraction > 0 && trainPool.length > 1) {
    const holdOut = Math.min(trainPool.length - 1, Math.max(1, Math.round(trainPool.length * valFraction)));
    const shuffled = shuffleInPlace(trainPool.slice(), seededRandom(seed));
    // Sorted back into dataset order so that the limits mean "the first N" whatever the seed.
    valIndices = shuffled.slice(0, holdOut).sort();
    trainIndices = shuffled.slice(holdOut).sort();
    valSource = ds.train;
  } else {
    trainIndices = trainPool;
    valSource = ds.train;
    valIndices = trainPool;
  }
  if (valIndices.length === 0) throw new DatasetError(null, `dataset "${ds.info.id}": no validation samples of classes ${ref.classes?.join(', ')}`);
  let evaluation: Split | null = null;
  if (normalClasses) {
    evaluation = gather(valSource, valIndices, sampleSize);
    trainIndices = keepNormal(ds, ds.train, trainIndices, normalClasses, 'training');
    valIndices = keepNormal(ds, valSource, valIndices, normalClasses, 'validation');
  }
  if (ref.trainLimit !== undefined) trainIndices = trainIndices.subarray(0, ref.trainLimit);
  if (ref.valLimit !== undefined) valIndices = valIndices.subarray(0, ref.valLimit);
  return { train: gather(ds.train, trainIndices, sampleSize), val: gather(valSource, valIndices, sampleSize), evaluation };
}

/** The indices whose label is a normal class; an error naming the split when none is left. */
function keepNormal(ds: LoadedDataset, split: Split, indices: Int32Array, normalClasses: readonly number[], name: string): Int32Array {
  if (!split.labels) throw new DatasetError(null, `dataset "${ds.info.id}" has no labels, so no class can be normal for anomaly detection`);
  const normal = new Set(normalClasses);
  const kept = indices.filter((i) => normal.has((split.labels as Int32Array)[i] as number));
  if (kept.length === 0) throw new DatasetError(null, `dataset "${ds.info.id}": no ${name} samples of the normal classes ${normalClasses.join(', ')}`);
  return kept;
}

/** Indices (ascending) of the samples whose label is in `classes`; all samples when omitted. */
function selectClasses(split: Split, classes: number[] | undefined): Int32Array {
  if (!classes || !split.labels) return Int32Array.from({ length: split.n }, (_, i) => i);
  const keep = new Set(classes);
  const out: number[] = [];
  for (let i = 0; i < split.n; i++) if (keep.has(split.labels[i] as number)) out.push(i);
  return Int32Array.from(out);
}

/** Copy the selected samples; a contiguous run of indices becomes a view without copying (full MNIST: no 188 MB copy). */
function gather(split: Split, indices: Int32Array, sampleSize: number): Split {
  const n = indices.length;
  const first = n > 0 ? (indices[0] as number) : 0;
  if (n === 0 || indices[n - 1] === first + n - 1) {
    return {
      x: split.x.subarray(first * sampleSize, (first + n) * sampleSize),
      labels: split.labels ? split.labels.subarray(first, first + n) : null,
      n,
    };
  }
  const x = new Float32Array(n * sampleSize);
  const labels = split.labels ? new Int32Array(n) : null;
  for (let k = 0; k < n; k++) {
    const i = indices[k] as number;
    x.set(split.x.subarray(i * sampleSize, (i + 1) * sampleSize), k * sampleSize);
    if (labels) labels[k] = (split.labels as Int32Array)[i] as number;
  }
  return { x, labels, n };
}
