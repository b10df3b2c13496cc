/**
 * Datasets Latent Lab does not ship: CIFAR-10, ECG5000 and CartoonSet. Each lives in the app cache
 * once downloaded (for users who are online) or imported from the user's own copy of the files.
 */
import { access, copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { extractTarGz, extractZip } from '../archive.js';
import { downloadFile } from '../download.js';
import { importCifar } from '../importers.js';
import { CIFAR_CLASS_NAMES, CIFAR_RECORD_BYTES, readCifarBatches } from '../parsers/cifar10.js';
import { readImageFolder } from '../parsers/images.js';
import { readUcr, ucrSplits } from '../parsers/ucr.js';
import { readStoredDataset, readStoredMeta, writeStoredDataset } from '../store.js';
import { DatasetError } from '../types.js';
import type { DatasetSource, SourceContext } from './source.js';

const CIFAR_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

async function fetchAll(ctx: SourceContext, staging: string): Promise<string[]> {
  const files: string[] = [];
  for (const remote of ctx.remoteFiles) {
    const target = join(staging, remote.name);
    await downloadFile(remote, target, { fetch: ctx.fetch, onProgress: (r, t) => ctx.onProgress(remote.name, r, t) });
    files.push(target);
  }
  return files;
}

export const cifar10Source: DatasetSource = {
  id: 'cifar10',
  title: 'CIFAR-10',
  description: '32x32 colour images in 10 classes: 50,000 training and 10,000 test images.',
  sampleShape: [32, 32, 3],
  binary: false,
  classNames: CIFAR_CLASS_NAMES,
  trainCount: 50000,
  testCount: 10000,
  // MD5 published on https://www.cs.toronto.edu/~kriz/cifar.html for the binary version.
  remoteFiles: [{ name: 'cifar-10-binary.tar.gz', url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz', md5: 'c32a1d4ab5d03f1284b67883e8d87530' }],
  howToGet: (ctx) =>
    `Download it from the app (about 162 MB), or import cifar-10-binary.tar.gz or its batch files: latent-lab import-dataset cifar10 FILE… --name cifar10. Files go to ${ctx.cacheDir}.`,
  async locate(ctx) {
    const all = await Promise.all(CIFAR_FILES.map((name) => exists(join(ctx.cacheDir, name))));
    if (!all.every(Boolean)) return null;
    // Count records from the file sizes, so an import of partial batches reports what it holds.
    const records = await Promise.all(CIFAR_FILES.map(async (name) => Math.floor((await stat(join(ctx.cacheDir, name))).size / CIFAR_RECORD_BYTES)));
    const testCount = records.at(-1)!;
    return { source: 'cache', location: ctx.cacheDir, info: { trainCount: records.reduce((a, b) => a + b, 0) - testCount, testCount } };
  },
  async load(_ctx, found) {
    const train = await readCifarBatches(CIFAR_FILES.slice(0, 5).map((name) => join(found.location, name)));
    const test = await readCifarBatches([join(found.location, 'test_batch.bin')]);
    return { train, test };
  },
  async download(ctx, staging) {
    const [tarball] = await fetchAll(ctx, staging);
    await extractTarGz(tarball as string, (entry) => (CIFAR_FILES.includes(basename(entry)) ? join(staging, basename(entry)) : null));
    await rm(tarball as string);
    await checkCifarComplete(staging);
  },
  install: {
    format: 'cifar10',
    async run(_ctx, paths, staging) {
      for (const path of paths) {
        if (/\.(tar\.gz|tgz)$/i.test(path)) {
          await extractTarGz(path, (entry) => (CIFAR_FILES.includes(basename(entry)) ? join(staging, basename(entry)) : null));
        } else if (CIFAR_FILES.includes(basename(path))) await copyFile(path, join(staging, basename(path)));
        else throw new DatasetError(path, `not one of ${CIFAR_FILES.join(', ')} or cifar-10-binary.tar.gz`);
      }
      await checkCifarComplete(staging);
    },
  },
};

async function checkCifarComplete(dir: string): Promise<void> {
  for (const name of CIFAR_FILES) {
    if (!(await exists(join(dir, name)))) throw new DatasetError(name, 'missing from the CIFAR-10 files');
  }
  await importCifar([dir]); // strict parse of every batch: sizes and labels
}

const ECG_FILES = ['ECG5000_TRAIN.txt', 'ECG5000_TEST.txt'];

export const ecg5000Source: DatasetSource = {
  id: 'ecg5000',
  title: 'ECG5000',
  description: 'Heartbeats of 140 samples from the UCR archive, 5 classes; min-max scaled on the training split.',
  sampleShape: [140],
  binary: false,
  classNames: ['Normal', 'R-on-T PVC', 'PVC', 'SP or EB', 'Unclassified beat'],
  trainCount: 500,
  testCount: 4500,
  // The UCR archive publishes no checksum for this zip: the download is validated by parsing both files strictly.
  remoteFiles: [{ name: 'ECG5000.zip', url: 'https://www.timeseriesclassification.com/aeon-toolkit/ECG5000.zip' }],
  howToGet: (ctx) =>
    `Download it from the app, or import ECG5000_TRAIN.txt and ECG5000_TEST.txt from the UCR archive: latent-lab import-dataset ucr ECG5000_TRAIN.txt ECG5000_TEST.txt --name ecg5000 (stored in ${ctx.cacheDir}).`,
  async locate(ctx) {
    const all = await Promise.all(ECG_FILES.map((name) => exists(join(ctx.cacheDir, name))));
    return all.every(Boolean) ? { source: 'cache', location: ctx.cacheDir } : null;
  },
  async load(_ctx, found) {
    return loadEcg(found.location);
  },
  async download(ctx, staging) {
    const [zip] = await fetchAll(ctx, staging);
    await extractZip(zip as string, (entry) => (ECG_FILES.includes(basename(entry)) ? join(staging, basename(entry)) : null));
    await rm(zip as string);
    await loadEcg(staging);
  },
  install: {
    format: 'ucr',
    async run(_ctx, paths, staging) {
      for (const name of ECG_FILES) {
        const match = paths.find((p) => basename(p).toUpperCase() === name.toUpperCase());
        if (!match) throw new DatasetError(null, `ecg5000 import needs ${ECG_FILES.join(' and ')}; ${name} is missing`);
        await copyFile(match, join(staging, name));
      }
      await loadEcg(staging);
    },
  },
};

async function loadEcg(dir: string) {
  const [trainFile, testFile] = ECG_FILES.map((name) => join(dir, name)) as [string, string];
  const train = await readUcr(trainFile);
  if (train.width !== 140) throw new DatasetError(trainFile, `series have ${train.width} values, ECG5000 has 140`);
  const splits = ucrSplits(train, await readUcr(testFile));
  if (splits.labelValues.join() !== '1,2,3,4,5') {
    throw new DatasetError(trainFile, `labels ${splits.labelValues.join(', ')} found, ECG5000 has 1..5`);
  }
  return { train: splits.train, test: splits.test };
}

const CARTOON_SIZE = 64;

export const cartoonsetSource: DatasetSource = {
  id: 'cartoonset',
  title: 'CartoonSet 10k',
  description: `Google's CartoonSet: 10,000 cartoon faces, resized to ${CARTOON_SIZE}x${CARTOON_SIZE} RGB, unlabelled.`,
  sampleShape: [CARTOON_SIZE, CARTOON_SIZE, 3],
  binary: false,
  classNames: [],
  trainCount: 10000,
  testCount: 0,
  // No checksum is published for the tarball: the download is validated by decoding every image.
  remoteFiles: [{ name: 'cartoonset10k.tgz', url: 'https://storage.googleapis.com/cartoonset_public_files/cartoonset10k.tgz' }],
  howToGet: (ctx) =>
    `Download it from the app (about 450 MB), or import a folder of its PNG files: latent-lab import-dataset images FOLDER --name cartoonset (stored in ${ctx.cacheDir}).`,
  async locate(ctx) {
    if (!(await exists(join(ctx.cacheDir, 'meta.json')))) return null;
    const meta = await readStoredMeta(ctx.cacheDir);
    return {
      source: 'cache',
      location: ctx.cacheDir,
      info: { sampleShape: meta.sampleShape, trainCount: meta.trainCount, testCount: meta.testCount, description: meta.description },
    };
  },
  async load(_ctx, found) {
    const { meta, train, test } = await readStoredDataset(found.location);
    return { train, test, sampleShape: meta.sampleShape };
  },
  async download(ctx, staging) {
    const [tarball] = await fetchAll(ctx, staging);
    const pngDir = await mkdtemp(join(tmpdir(), 'latent-lab-cartoonset-'));
    try {
      await extractTarGz(tarball as string, (entry) => (/\.png$/i.test(entry) ? join(pngDir, basename(entry)) : null));
      await rm(tarball as string);
      await storeCartoons(pngDir, staging, CARTOON_SIZE, 3);
    } finally {
      await rm(pngDir, { recursive: true, force: true });
    }
  },
  install: {
    format: 'images',
    async run(_ctx, paths, staging, options) {
      if (paths.length !== 1) throw new DatasetError(null, 'cartoonset import takes one folder of PNG files');
      const onProgress = (done: number, total: number) => options.onProgress?.({ stage: 'reading', file: basename(paths[0] as string), done, total });
      await storeCartoons(paths[0] as string, staging, options.size ?? CARTOON_SIZE, options.channels ?? 3, onProgress);
    },
  },
};

/** Decode a folder of cartoons into the store format inside `staging` (which exists and is empty). */
async function storeCartoons(dir: string, staging: string, size: number, channels: 1 | 3, onProgress?: (done: number, total: number) => void): Promise<void> {
  const images = await readImageFolder(dir, { width: size, height: size, channels, onProgress });
  await rm(staging, { recursive: true });
  await writeStoredDataset(staging, {
    title: cartoonsetSource.title,
    description: `Google's CartoonSet: ${images.n} cartoon faces, resized to ${size}x${size} ${channels === 3 ? 'RGB' : 'grayscale'}, unlabelled.`,
    sampleShape: images.sampleShape,
    binary: false,
    classNames: [],
    dtype: 'uint8',
    origin: { format: 'images', files: [basename(dir)] },
    train: { x: images.x, labels: null, n: images.n },
    test: null,
  });
}
