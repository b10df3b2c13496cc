/**
 * CIFAR-10 binary batches: records of 3073 bytes, a label 0..9 then 1024 red, 1024 green and
 * 1024 blue bytes (32×32, row-major). Converted to channels-last [32, 32, 3] float32 in [0, 1].
 */
import { readFile } from 'node:fs/promises';
import { DatasetError } from '../types.js';
import { DEFAULT_MAX_FILE_BYTES, fileSize } from './bytes.js';

export const CIFAR_SIDE = 32;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
export const CIFAR_RECORD_BYTES = 1 + 3 * PLANE;
export const CIFAR_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

export interface CifarBatch {
  n: number;
  x: Float32Array;
  labels: Int32Array;
}

/** Read one CIFAR-10 batch file, checking its size and every label before converting. */
export async function readCifarBatch(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<CifarBatch> {
  const size = await fileSize(file);
  checkCifarSize(size, file, maxBytes);
  return parseCifarBatch(await readFile(file), file);
}

/** Read several batches into one split (e.g. data_batch_1..5). */
export async function readCifarBatches(files: string[], maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<CifarBatch> {
  let total = 0;
  for (const file of files) {
    const size = await fileSize(file);
    checkCifarSize(size, file, maxBytes);
    total += size / CIFAR_RECORD_BYTES;
  }
  const x = new Float32Array(total * 3 * PLANE);
  const labels = new Int32Array(total);
  let at = 0;
  for (const file of files) {
    const batch = parseCifarBatch(await readFile(file), file);
    x.set(batch.x, at * 3 * PLANE);
    labels.set(batch.labels, at);
    at += batch.n;
  }
  return { n: total, x, labels };
}

/** Parse the bytes of one batch file (`file` names it in errors). */
export function parseCifarBatch(buf: Uint8Array, file: string): CifarBatch {
  checkCifarSize(buf.length, file, Infinity);
  const n = buf.length / CIFAR_RECORD_BYTES;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = buf[i * CIFAR_RECORD_BYTES] as number;
    if (label > 9) throw new DatasetError(file, `record ${i} has label ${label}, expected 0..9`);
    labels[i] = label;
  }
  const x = new Float32Array(n * 3 * PLANE);
  const scale = 1 / 255;
  for (let i = 0; i < n; i++) {
    const src = i * CIFAR_RECORD_BYTES + 1;
    const dst = i * 3 * PLANE;
    // Planar RGB (CHW) → interleaved (HWC): the engine and tfjs expect channels last.
    for (let p = 0; p < PLANE; p++) {
      x[dst + 3 * p] = (buf[src + p] as number) * scale;
      x[dst + 3 * p + 1] = (buf[src + PLANE + p] as number) * scale;
      x[dst + 3 * p + 2] = (buf[src + 2 * PLANE + p] as number) * scale;
    }
  }
  return { n, x, labels };
}

function checkCifarSize(size: number, file: string, maxBytes: number): void {
  if (size === 0) throw new DatasetError(file, 'empty file (expected 3073-byte CIFAR-10 records)');
  if (size % CIFAR_RECORD_BYTES !== 0) {
    throw new DatasetError(
      file,
      `size ${size} is not a multiple of the 3073-byte CIFAR-10 record (${Math.floor(size / CIFAR_RECORD_BYTES)} records + ${size % CIFAR_RECORD_BYTES} bytes); truncated or not a CIFAR-10 binary batch`,
    );
  }
  if (size > maxBytes) throw new DatasetError(file, `file is ${size} bytes, over the ${maxBytes}-byte limit`);
}
