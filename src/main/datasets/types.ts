/**
 * In-memory dataset representation handed to the engine.
 * Values are float32 in [0, 1] (normalised by the loader), sample-major, channels last.
 */
import type { DatasetInfo } from '../../shared/datasets.js';

export interface Split {
  /** n × prod(sampleShape) values, row-major, channels last. */
  x: Float32Array;
  /** n labels, or null for unlabelled data. */
  labels: Int32Array | null;
  /** Number of samples. */
  n: number;
}

export interface LoadedDataset {
  info: DatasetInfo;
  sampleShape: number[];
  binary: boolean;
  classNames: string[];
  train: Split;
  /** The dataset's own test split when it has one, else null (the caller holds out a fraction). */
  test: Split | null;
}

/** Typed error thrown by every parser and loader: names the file and what is wrong. */
export class DatasetError extends Error {
  readonly file: string | null;
  constructor(file: string | null, problem: string) {
    super(file ? `${file}: ${problem}` : problem);
    this.name = 'DatasetError';
    this.file = file;
  }
}
