/**
 * Dataset descriptions shared by the CLI, the services and the renderer.
 * Pure module: no Node, no DOM, no electron.
 */

/** File formats `import-dataset` understands. */
export const IMPORT_FORMATS = ['idx', 'cifar10', 'ucr', 'csv', 'images'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How a dataset of the registry can be had on this machine right now. */
export interface DatasetInfo {
  /** Registry id, e.g. `mnist`, or the name given to an imported dataset. */
  id: string;
  /** Display name, e.g. "Fashion-MNIST". */
  title: string;
  description: string;
  /** Shape of one sample, e.g. [28, 28, 1] for images, [140] for a series, [35] for the font. */
  sampleShape: number[];
  /** True when every value is 0 or 1 (wrong-pixel metrics apply). */
  binary: boolean;
  /** Class names indexed by label; empty when the data has no labels. */
  classNames: string[];
  /** Sample counts when known (train split, test split; 0 when the set has no test split). */
  trainCount: number | null;
  testCount: number | null;
  /** Where it comes from: built in, a system package, an npm package, the app cache, imported, downloadable. */
  source: 'builtin' | 'synthetic' | 'npm-package' | 'system' | 'cache' | 'imported' | 'download';
  /** True when it can be loaded now without network. */
  available: boolean;
  /** Where it was found (file or directory) when available. */
  location: string | null;
  /** When not available: how to get it (download command, apt package, import instructions). */
  howToGet: string | null;
  /** True when the app can download it (the user is online). */
  downloadable: boolean;
}

/** Progress of a dataset download, pushed while it runs. */
export interface DownloadProgress {
  datasetId: string;
  file: string;
  receivedBytes: number;
  /** Null when the server sent no length. */
  totalBytes: number | null;
}

/** Field delimiters of a CSV import ('\t' is a tab); 'auto' detects one from the first line. */
export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** Options of an import that the caller may set (the CLI's flags, the import form). */
export interface ImportFileOptions {
  /** csv: the field delimiter; default 'auto' (a tab, else ';', else ',', looking at the first line). */
  delimiter?: CsvDelimiter | 'auto';
  /** csv: the decimal separator; default 'auto' ('.', and ',' too when the delimiter is not a comma). */
  decimal?: '.' | ',' | 'auto';
}

/** Progress of a dataset import, pushed while it runs. */
export interface ImportProgress {
  /** The name the dataset is imported under. */
  name: string;
  /** Reading (and checking) the user's files, then writing the dataset store. */
  stage: 'reading' | 'writing';
  /** The file being read, when one is. */
  file: string | null;
  /** Units done of `total` in this stage: files, or images for an image folder. */
  done: number;
  total: number;
}
