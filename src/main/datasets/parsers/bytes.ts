/**
 * Shared low-level helpers of the binary parsers: bounded file reads and byte → [0,1] conversion.
 */
import { open, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DatasetError } from '../types.js';

const gunzipAsync = promisify(gunzip);
/**
 * Output chunk of the thread-pool gunzip, about the decoded size (gzip of images: 2–10×) within
 * 64 KiB–16 MiB. Each chunk is a round trip through the calling thread, so zlib's default 16 KiB
 * took MNIST's 47 MB in 267 ms instead of 151, and stalled while that thread was busy elsewhere.
 */
function gunzipChunkBytes(compressedBytes: number): number {
  return Math.min(Math.max(compressedBytes * 4, 64 * 1024), 16 * 1024 * 1024);
}

/** Default cap on the decoded size of one data file: far above MNIST (47 MB) and a CIFAR batch (30 MB). */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The lookup table makes the conversion one load per value, and exactly invertible (round(v × 255)). */
const UNIT_FROM_BYTE = Float32Array.from({ length: 256 }, (_, b) => b / 255);

/** Bytes 0..255 → float32 in [0, 1]. */
export function bytesToUnit(bytes: Uint8Array, out = new Float32Array(bytes.length), offset = 0): Float32Array {
  for (let i = 0; i < bytes.length; i++) out[offset + i] = UNIT_FROM_BYTE[bytes[i] as number] as number;
  return out;
}

/** Inverse of `bytesToUnit` for values that came from bytes (exact), clamped for any other value. */
export function unitToBytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i] * 255); // Uint8Array clamps
  return out;
}

/** True when the buffer starts with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Read the first `count` bytes of a file (fewer when it is shorter). */
export async function readHead(file: string, count: number): Promise<Buffer> {
  const handle = await openOrThrow(file);
  try {
    const buf = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buf, 0, count, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Size of a file in bytes, or a DatasetError naming it when it cannot be read. */
export async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new DatasetError(file, 'not a regular file');
    return info.size;
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(file, `cannot read: ${(error as Error).message}`);
  }
}

/**
 * Read a whole file, gunzipping it when it is gzip-compressed, never producing more than `maxBytes`.
 * For a raw file the size is checked with stat() before reading; for gzip the decoder stops at the cap.
 */
export async function readMaybeGzip(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<Buffer> {
  const size = await fileSize(file);
  const head = await readHead(file, 2);
  if (!isGzip(head)) {
    if (size > maxBytes) throw new DatasetError(file, `file is ${size} bytes, over the ${maxBytes}-byte limit`);
    return readWhole(file, size);
  }
  const compressed = await readWhole(file, size);
  try {
    return await gunzipAsync(compressed, { maxOutputLength: maxBytes, chunkSize: gunzipChunkBytes(compressed.length) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new DatasetError(file, `decompressed data exceeds the ${maxBytes}-byte limit`);
    }
    throw new DatasetError(file, `corrupt gzip data (${(error as Error).message})`);
  }
}

/**
 * The file's `size` bytes in one read where the system allows (readFile reads 512 KiB at a time, a
 * round trip through the calling thread each, so it stalls while that thread is busy elsewhere).
 */
async function readWhole(file: string, size: number): Promise<Buffer> {
  const handle = await openOrThrow(file);
  try {
    const buf = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(buf, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? buf : buf.subarray(0, at);
  } catch (error) {
    throw new DatasetError(file, `cannot read: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

async function openOrThrow(file: string) {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw new DatasetError(file, `cannot open: ${(error as Error).message}`);
  }
}

