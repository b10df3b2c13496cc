/**
 * The normalised on-disk form of imported (and processed downloaded) datasets:
 *   meta.json, train-x.bin, train-y.bin, [test-x.bin, test-y.bin]
 * x is raw little-endian uint8 (value × 255, for data that came from bytes) or float32; y is int32.
 * Loading is one read per file, no parsing. A folder is written under a temp name, fsynced and
 * renamed, so a crash or a bad input never leaves a half-written dataset (a temp left by a kill is
 * hidden and removed at the next start; see store/temp-names.ts).
 */
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { bytesToUnit, unitToBytes } from './parsers/bytes.js';
import { tempPathFor } from '../store/temp-names.js';
import { DatasetError, type Split, type StoredDtype } from './types.js';

export const STORE_FORMAT_VERSION = 1;

const storedMetaSchema = z.object({
  formatVersion: z.literal(STORE_FORMAT_VERSION),
  title: z.string(),
  description: z.string(),
  sampleShape: z.array(z.number().int().positive()).min(1),
  binary: z.boolean(),
  classNames: z.array(z.string()),
  trainCount: z.number().int().positive(),
  testCount: z.number().int().min(0),
  labelled: z.boolean(),
  dtype: z.enum(['uint8', 'float32']),
  /** What it was made from (format and file names), for the user's reference. */
  origin: z.object({ format: z.string(), files: z.array(z.string()) }),
  createdAt: z.string(),
});
export type StoredMeta = z.infer<typeof storedMetaSchema>;

/** Contents to store: the meta fields the writer cannot derive, plus the splits. */
export interface StoredContent {
  title: string;
  description: string;
  sampleShape: number[];
  binary: boolean;
  classNames: string[];
  dtype: StoredDtype;
  origin: { format: string; files: string[] };
  train: Split;
  test: Split | null;
}

/** Write a dataset folder atomically at `dir` (which must not exist yet). */
export async function writeStoredDataset(dir: string, content: StoredContent): Promise<StoredMeta> {
  const meta: StoredMeta = {
    formatVersion: STORE_FORMAT_VERSION,
    title: content.title,
    description: content.description,
    sampleShape: content.sampleShape,
    binary: content.binary,
    classNames: content.classNames,
    trainCount: content.train.n,
    testCount: content.test?.n ?? 0,
    labelled: content.train.labels !== null,
    dtype: content.dtype,
    origin: content.origin,
    createdAt: new Date().toISOString(),
  };
  // The same checks a reader makes: never write a dataset that could not be loaded back.
  const checked = storedMetaSchema.safeParse(meta);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new DatasetError(content.origin.files[0] ?? null, `nothing importable: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''} (${content.train.n} training samples of shape ${content.sampleShape.join('x') || 'none'})`);
  }
  await mkdir(dirname(dir), { recursive: true });
  // Hidden, with our pid: never listed as a dataset, and removed at the next start if we are killed.
  const temp = tempPathFor(dir);
  await mkdir(temp);
  try {
    for (const [name, split] of [['train', content.train], ['test', content.test]] as const) {
      if (!split) continue;
      const x = content.dtype === 'uint8' ? unitToBytes(split.x) : split.x;
      await writeSynced(join(temp, `${name}-x.bin`), x);
      if (split.labels) await writeSynced(join(temp, `${name}-y.bin`), split.labels);
    }
    await writeSynced(join(temp, 'meta.json'), Buffer.from(JSON.stringify(meta, null, 2)));
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return meta;
}

/** Read and validate meta.json of a stored dataset. */
export async function readStoredMeta(dir: string): Promise<StoredMeta> {
  const file = join(dir, 'meta.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DatasetError(file, `cannot read dataset metadata: ${(error as Error).message}`);
  }
  const parsed = storedMetaSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DatasetError(file, `invalid dataset metadata: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

/** Load a stored dataset's splits, checking each file's size against the metadata before reading it. */
export async function readStoredDataset(dir: string): Promise<{ meta: StoredMeta; train: Split; test: Split | null }> {
  const meta = await readStoredMeta(dir);
  const sampleSize = meta.sampleShape.reduce((a, b) => a * b, 1);
  const readSplit = async (name: string, n: number): Promise<Split> => {
    const bytesPer = meta.dtype === 'uint8' ? 1 : 4;
    const xBytes = await readExact(join(dir, `${name}-x.bin`), n * sampleSize * bytesPer);
    const x = meta.dtype === 'uint8' ? bytesToUnit(xBytes) : new Float32Array(xBytes.buffer, xBytes.byteOffset, n * sampleSize).slice();
    let labels: Int32Array | null = null;
    if (meta.labelled) {
      const yBytes = await readExact(join(dir, `${name}-y.bin`), n * 4);
      labels = new Int32Array(yBytes.buffer, yBytes.byteOffset, n).slice();
      for (let i = 0; i < n; i++) {
        const label = labels[i] as number;
        if (label < 0 || label >= meta.classNames.length) {
          throw new DatasetError(join(dir, `${name}-y.bin`), `label ${label} at index ${i} is out of range 0..${meta.classNames.length - 1}`);
        }
      }
    }
    return { x, labels, n };
  };
  return {
    meta,
    train: await readSplit('train', meta.trainCount),
    test: meta.testCount > 0 ? await readSplit('test', meta.testCount) : null,
  };
}

async function readExact(file: string, bytes: number): Promise<Buffer> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new DatasetError(file, `missing data file: ${(error as Error).message}`);
  }
  if (size !== bytes) throw new DatasetError(file, `size ${size} bytes, metadata implies ${bytes}`);
  return readFile(file);
}

async function writeSynced(file: string, data: ArrayBufferView): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    await handle.sync();
  } finally {
    await handle.close();
  }
}
