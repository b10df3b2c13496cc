/**
 * In-memory dataset representation handed to the engine.
 * Values are float32 in [0, 1] (normalised by the loader), sample-major, channels last.
 */
import type { DatasetInfo, ImportFileOptions, ImportProgress } from '../../shared/datasets.js';

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

/** Options of `DatasetRegistry.import`; each applies to the formats named in its comment. */
export interface ImportOptions extends ImportFileOptions {
  /** Human-readable title stored with the dataset (all formats). Default: the name. */
  title?: string;
  /** csv: whether the first line is a header. Default 'auto' (a header when a first-line token is not a number). */
  header?: boolean | 'auto';
  /**
   * csv: where the label is. 'auto' (default): a column named `label` when the header has one, else none;
   * 'last': the last column; 'none': unlabelled.
   */
  labelColumn?: 'auto' | 'last' | 'none';
  /** images: output size in pixels (square unless `height` is given). Default 28. */
  size?: number;
  /** images: output height when not square. */
  height?: number;
  /** images: 1 = grayscale, 3 = RGB. Default 1. */
  channels?: 1 | 3;
  /** Told as each file (or image of a folder) is read, then when the store is written. */
  onProgress?: (progress: Omit<ImportProgress, 'name'>) => void;
}

/** How sample values are kept on disk by the dataset store (uint8 = value × 255, exactly). */
export type StoredDtype = 'uint8' | 'float32';
