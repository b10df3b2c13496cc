/**
 * The bench's data, prepared once per invocation and written to raw float32 files that every
 * measured process (ours on each backend, PyTorch) reads, so all of them train on identical
 * samples in an identical order.
 *
 * File format: little-endian float32, sample-major, channels last (the engine's Split layout);
 * the order file is little-endian int32, one permutation of the training indices per epoch.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetRegistry } from '../src/main/datasets/registry.js';
import { prepareSplits } from '../src/main/datasets/split.js';
import type { Split } from '../src/main/datasets/types.js';
import { permutation, seededRandom } from '../src/shared/random.js';
import { resolveDataDir } from '../src/main/store/paths.js';
import type { BenchDataId } from './cases.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One dataset as written for the measured processes. */
export interface PreparedData {
  id: BenchDataId;
  sampleShape: number[];
  binary: boolean;
  /** Raw float32 files and how many samples each holds. */
  trainFile: string;
  valFile: string;
  trainCount: number;
  valCount: number;
  /** Where the samples came from, for the notes under the table. */
  source: string;
}

/** Writes a typed array's bytes (host order: little-endian on every platform Node supports here). */
function writeArray(file: string, values: Float32Array | Int32Array): Promise<void> {
  return writeFile(file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** The first `n` samples of a split, written to `file`. */
async function writeSplit(file: string, split: Split, n: number, sampleSize: number): Promise<number> {
  const count = Math.min(n, split.n);
  await writeArray(file, split.x.subarray(0, count * sampleSize));
  return count;
}

/**
 * Smooth random RGB images in [0, 1]: a coarse random 5x5 grid per channel, bilinearly upsampled,
 * plus faint pixel noise. Deterministic for a seed. Throughput does not depend on the values; the
 * smoothness keeps the loss curve meaningful (an autoencoder can learn them, unlike white noise).
 */
export function syntheticImages(count: number, size: number, seed: number): Float32Array {
  const grid = 5;
  const random = seededRandom(seed);
  const out = new Float32Array(count * size * size * 3);
  const coarse = new Float32Array(grid * grid * 3);
  const scale = (grid - 1) / (size - 1);
  let o = 0;
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < coarse.length; k++) coarse[k] = random();
    for (let y = 0; y < size; y++) {
      const gy = y * scale;
      const y0 = Math.min(grid - 2, Math.floor(gy));
      const fy = gy - y0;
      for (let x = 0; x < size; x++) {
        const gx = x * scale;
        const x0 = Math.min(grid - 2, Math.floor(gx));
        const fx = gx - x0;
        for (let c = 0; c < 3; c++) {
          const at = (yy: number, xx: number): number => coarse[(yy * grid + xx) * 3 + c]!;
          const top = at(y0, x0) * (1 - fx) + at(y0, x0 + 1) * fx;
          const bottom = at(y0 + 1, x0) * (1 - fx) + at(y0 + 1, x0 + 1) * fx;
          const v = top * (1 - fy) + bottom * fy + (random() - 0.5) * 0.04;
          out[o++] = Math.min(1, Math.max(0, v));
        }
      }
    }
  }
  return out;
}

async function prepareMnist(dir: string, train: number, val: number, seed: number): Promise<PreparedData> {
  const registry = new DatasetRegistry({ dataDir: join(dir, 'home'), resourcesDir: join(REPO_ROOT, 'resources') });
  const dataset = await registry.load('mnist');
  const splits = prepareSplits(dataset, { id: 'mnist', valFraction: 0.1 }, seed);
  const sampleSize = dataset.sampleShape.reduce((a, b) => a * b, 1);
  const trainFile = join(dir, 'mnist-train.f32');
  const valFile = join(dir, 'mnist-val.f32');
  return {
    id: 'mnist',
    sampleShape: dataset.sampleShape,
    binary: dataset.binary,
    trainFile,
    valFile,
    trainCount: await writeSplit(trainFile, splits.train, train, sampleSize),
    valCount: await writeSplit(valFile, splits.val, val, sampleSize),
    source: `MNIST (${dataset.info.location ?? 'registry'})`,
  };
}

/** Real CIFAR-10 when the user's Latent Lab data directory has it, else synthetic images of its shape. */
async function prepareCifar(dir: string, train: number, val: number, seed: number): Promise<PreparedData> {
  const trainFile = join(dir, 'cifar-train.f32');
  const valFile = join(dir, 'cifar-val.f32');
  const sampleShape = [32, 32, 3];
  const sampleSize = 32 * 32 * 3;
  const registry = new DatasetRegistry({ dataDir: resolveDataDir(), resourcesDir: join(REPO_ROOT, 'resources') });
  const available = await registry.info('cifar10').then((info) => info.available, () => false);
  if (available) {
    const dataset = await registry.load('cifar10');
    const splits = prepareSplits(dataset, { id: 'cifar10', valFraction: 0.1 }, seed);
    return {
      id: 'cifar10',
      sampleShape: dataset.sampleShape,
      binary: dataset.binary,
      trainFile,
      valFile,
      trainCount: await writeSplit(trainFile, splits.train, train, sampleSize),
      valCount: await writeSplit(valFile, splits.val, val, sampleSize),
      source: `CIFAR-10 (${dataset.info.location ?? resolveDataDir()})`,
    };
  }
  await writeArray(trainFile, syntheticImages(train, 32, seed));
  await writeArray(valFile, syntheticImages(val, 32, seed + 1));
  return {
    id: 'cifar10',
    sampleShape,
    binary: false,
    trainFile,
    valFile,
    trainCount: train,
    valCount: val,
    source: 'SYNTHETIC smooth random 32x32x3 images of CIFAR-10 size (CIFAR-10 is not in the Latent Lab data directory; speed does not depend on the pixel values, losses are not CIFAR losses)',
  };
}

/** Prepares one dataset with at least `train` / `val` samples (fewer when the dataset has fewer). */
export function prepareData(id: BenchDataId, dir: string, train: number, val: number, seed: number): Promise<PreparedData> {
  return id === 'mnist' ? prepareMnist(dir, train, val, seed) : prepareCifar(dir, train, val, seed);
}

/**
 * Writes the batch order of a run: the permutation the engine's trainer draws at each epoch
 * (seededRandom(seed), one permutation(n) per epoch), or the identity when shuffling is off.
 */
export async function writeOrder(file: string, n: number, epochs: number, seed: number, shuffle: boolean): Promise<void> {
  const order = new Int32Array(n * epochs);
  const random = seededRandom(seed);
  for (let e = 0; e < epochs; e++) {
    if (shuffle) order.set(permutation(n, random), e * n);
    else for (let i = 0; i < n; i++) order[e * n + i] = i;
  }
  await writeArray(file, order);
}

/** Reads the first `n` samples of a file written by prepareData. */
export async function readSamples(file: string, n: number, sampleSize: number): Promise<Split> {
  const bytes = await readFile(file);
  const needed = n * sampleSize * 4;
  if (bytes.byteLength < needed) throw new Error(`${file}: holds ${bytes.byteLength} bytes, expected at least ${needed}`);
  // A Buffer may start at any offset of a shared pool: view it when aligned (large files are), else copy.
  const x =
    bytes.byteOffset % 4 === 0
      ? new Float32Array(bytes.buffer, bytes.byteOffset, n * sampleSize)
      : new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + needed));
  return { x, labels: null, n };
}

/** A fresh temporary folder for one bench invocation. */
export function makeWorkDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'latent-lab-bench-'));
}

export function removeWorkDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}
