/**
 * Turn user files of each import format into the normalised content the store writes.
 * Which file is the test split: a name containing "test" or "t10k" (the conventions of the
 * formats' own distributions); everything else is training data.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ImportFormat } from '../../shared/datasets.js';
import { extractTarGz } from './archive.js';
import { bytesToUnit } from './parsers/bytes.js';
import { CIFAR_CLASS_NAMES, readCifarBatches } from './parsers/cifar10.js';
import { csvSplits, readCsv } from './parsers/csv.js';
import { readIdx } from './parsers/idx.js';
import { readImageFolder } from './parsers/images.js';
import { readUcr, ucrSplits } from './parsers/ucr.js';
import type { StoredContent } from './store.js';
import { DatasetError, type ImportOptions, type Split } from './types.js';

const TEST_NAME = /test|t10k/i;

/** Parse the files of one import; throws a DatasetError naming the first bad file. */
export async function parseImport(format: ImportFormat, paths: string[], name: string, options: ImportOptions = {}): Promise<StoredContent> {
  if (paths.length === 0) throw new DatasetError(null, `import ${format}: no files given`);
  const title = options.title ?? name;
  const origin = { format, files: paths.map((p) => basename(p)) };
  const reading = fileProgress(paths.length, options);
  switch (format) {
    case 'idx':
      return { ...(await importIdx(paths, reading)), title, description: `Imported from IDX files ${origin.files.join(', ')}`, origin };
    case 'cifar10': {
      const { train, test } = await importCifar(paths, options);
      return {
        title, description: 'Imported CIFAR-10 binary batches', origin, sampleShape: [32, 32, 3], binary: false,
        classNames: CIFAR_CLASS_NAMES, dtype: 'uint8', train, test,
      };
    }
    case 'ucr': {
      const [trainFile, testFile] = trainAndTest(paths, 2);
      const splits = ucrSplits(await reading(trainFile, readUcr), testFile ? await reading(testFile, readUcr) : null);
      return {
        title, description: 'Imported UCR time series (min-max scaled on the training split)', origin,
        sampleShape: splits.sampleShape, binary: false, classNames: splits.labelValues, dtype: 'float32', train: splits.train, test: splits.test,
      };
    }
    case 'csv': {
      const [trainFile, testFile] = trainAndTest(paths, 2);
      const { header, labelColumn, delimiter, decimal } = options;
      const read = (file: string) => readCsv(file, { header, labelColumn, delimiter, decimal });
      const splits = csvSplits(await reading(trainFile, read), testFile ? await reading(testFile, read) : null);
      return {
        title, description: 'Imported CSV (each column min-max scaled on the training split)', origin,
        sampleShape: splits.sampleShape, binary: false, classNames: splits.classNames, dtype: 'float32', train: splits.train, test: splits.test,
      };
    }
    case 'images':
      return { ...(await importImages(paths, options)), title, origin };
  }
}

type FileReading = <T>(file: string, read: (file: string) => Promise<T>) => Promise<T>;

/** Reads files one by one, telling `options.onProgress` which file is read and how many are done. */
function fileProgress(total: number, options: ImportOptions): FileReading {
  let done = 0;
  return async (file, read) => {
    options.onProgress?.({ stage: 'reading', file: basename(file), done, total });
    const result = await read(file);
    options.onProgress?.({ stage: 'reading', file: basename(file), done: ++done, total });
    return result;
  };
}

/** Split the paths into a training file and an optional test file (at most `max` files). */
function trainAndTest(paths: string[], max: number): [string, string | null] {
  if (paths.length > max) throw new DatasetError(paths[max] ?? null, `too many files: expected a training file and optionally a test file`);
  const test = paths.length === 2 ? (paths.find((p) => TEST_NAME.test(basename(p))) ?? paths[1]) : null;
  const train = paths.find((p) => p !== test) as string;
  return [train, test ?? null];
}

async function importIdx(paths: string[], reading: FileReading): Promise<Omit<StoredContent, 'title' | 'description' | 'origin'>> {
  const images: { file: string; n: number; shape: number[]; data: Buffer }[] = [];
  const labels: { file: string; data: Buffer }[] = [];
  for (const file of paths) {
    const { header, data } = await reading(file, readIdx);
    if (header.dtype !== 0x08) throw new DatasetError(file, `IDX values must be unsigned bytes (0x08), got 0x${header.dtype.toString(16)}`);
    if (header.dims.length === 1) labels.push({ file, data });
    else if (header.dims.length === 3 || header.dims.length === 4) {
      const [n, rows, cols, channels = 1] = header.dims as [number, number, number, number?];
      images.push({ file, n, shape: [rows, cols, channels], data });
    } else throw new DatasetError(file, `expected 1 (labels) or 3-4 (images) dimensions, got ${header.dims.length}`);
  }
  if (images.length === 0 || images.length > 2) throw new DatasetError(paths[0] ?? null, `expected 1 or 2 IDX image files, got ${images.length}`);
  if (labels.length !== 0 && labels.length !== images.length) {
    throw new DatasetError(labels[0]?.file ?? null, `${labels.length} label file(s) for ${images.length} image file(s)`);
  }
  const byRole = <T extends { file: string }>(list: T[]): [T, T | null] => {
    if (list.length === 1) return [list[0] as T, null];
    const test = list.find((e) => TEST_NAME.test(basename(e.file))) ?? (list[1] as T);
    return [list.find((e) => e !== test) as T, test];
  };
  const [trainImages, testImages] = byRole(images);
  const [trainLabels, testLabels] = labels.length > 0 ? byRole(labels) : [null, null];
  if (testImages && testImages.shape.join() !== trainImages.shape.join()) {
    throw new DatasetError(testImages.file, `image shape ${testImages.shape.join('x')} differs from ${trainImages.file} (${trainImages.shape.join('x')})`);
  }
  let classCount = 0;
  const split = (img: typeof trainImages, lab: { file: string; data: Buffer } | null): Split => {
    if (lab && lab.data.length !== img.n) throw new DatasetError(lab.file, `has ${lab.data.length} labels but ${img.file} has ${img.n} images`);
    if (lab) for (const value of lab.data) classCount = Math.max(classCount, value + 1);
    return { x: bytesToUnit(img.data), labels: lab ? Int32Array.from(lab.data) : null, n: img.n };
  };
  const train = split(trainImages, trainLabels);
  const test = testImages ? split(testImages, testLabels) : null;
  return {
    sampleShape: trainImages.shape, binary: false, dtype: 'uint8', train, test,
    classNames: Array.from({ length: classCount }, (_, i) => String(i)),
  };
}

/** CIFAR-10 from batch files, folders holding them, or the published .tar.gz. */
export async function importCifar(paths: string[], options: ImportOptions = {}): Promise<{ train: Split; test: Split | null }> {
  const files: string[] = [];
  const temps: string[] = [];
  try {
    for (const path of paths) {
      if ((await stat(path).catch(() => null))?.isDirectory()) {
        const names = (await readdir(path)).filter((n) => /^(data_batch_\d+|test_batch)\.bin$/.test(n)).sort();
        if (names.length === 0) throw new DatasetError(path, 'folder holds no data_batch_N.bin / test_batch.bin files');
        files.push(...names.map((n) => join(path, n)));
      } else if (/\.(tar\.gz|tgz)$/i.test(path)) {
        const dir = await mkdtemp(join(tmpdir(), 'latent-lab-cifar-'));
        temps.push(dir);
        const written = await extractTarGz(path, (entry) => {
          const file = basename(entry);
          return /^(data_batch_\d+|test_batch)\.bin$/.test(file) ? join(dir, file) : null;
        });
        if (written.length === 0) throw new DatasetError(path, 'archive holds no CIFAR-10 batch files');
        files.push(...written.map((e) => join(dir, basename(e))).sort());
      } else files.push(path);
    }
    const testFiles = files.filter((f) => TEST_NAME.test(basename(f)));
    const trainFiles = files.filter((f) => !TEST_NAME.test(basename(f)));
    if (trainFiles.length === 0) throw new DatasetError(paths[0] ?? null, 'no training batch (data_batch_N.bin) among the files');
    // Progress counts the training batches as one unit and the test batch as another.
    const reading = fileProgress(testFiles.length > 0 ? 2 : 1, options);
    const train = await reading(trainFiles[0] as string, () => readCifarBatches(trainFiles));
    const test = testFiles.length > 0 ? await reading(testFiles[0] as string, () => readCifarBatches(testFiles)) : null;
    return { train, test };
  } finally {
    for (const dir of temps) await rm(dir, { recursive: true, force: true });
  }
}

async function importImages(paths: string[], options: ImportOptions): Promise<Omit<StoredContent, 'title' | 'origin'>> {
  const [trainDir, testDir] = trainAndTest(paths, 2);
  const width = options.size ?? 28;
  const decode = { width, height: options.height ?? width, channels: options.channels ?? 1 };
  const folderProgress = (dir: string) => (done: number, total: number) => options.onProgress?.({ stage: 'reading', file: basename(dir), done, total });
  const train = await readImageFolder(trainDir, { ...decode, onProgress: folderProgress(trainDir) });
  const test = testDir ? await readImageFolder(testDir, { ...decode, onProgress: folderProgress(testDir) }) : null;
  if (test && test.classNames.join('\n') !== train.classNames.join('\n')) {
    throw new DatasetError(testDir, `class folders (${test.classNames.join(', ')}) differ from ${trainDir} (${train.classNames.join(', ')})`);
  }
  const ignored = [...train.ignored, ...(test?.ignored ?? [])];
  const note = ignored.length > 0 ? ` ${ignored.length} non-image file(s) not imported, e.g. ${ignored.slice(0, 3).join(', ')}.` : '';
  return {
    description: `Imported image folder, resized to ${decode.width}x${decode.height}, ${decode.channels === 1 ? 'grayscale' : 'RGB'}.${note}`,
    sampleShape: train.sampleShape, binary: false, classNames: train.classNames, dtype: 'uint8',
    train: { x: train.x, labels: train.labels, n: train.n },
    test: test ? { x: test.x, labels: test.labels, n: test.n } : null,
  };
}
