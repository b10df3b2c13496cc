/**
 * File downloads for users who are online: streamed to a temp file beside the target while the
 * progress callback reports bytes, the checksum verified when one is published, then renamed into
 * place. A failed or mismatching download leaves nothing behind at the target.
 */
import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { DatasetError } from './types.js';

/** A file to download and, where its publisher gives one, its checksum. */
export interface RemoteFile {
  url: string;
  /** Name of the file in the cache folder. */
  name: string;
  /** Published MD5 (hex), or undefined when none is known: the caller then validates by parsing. */
  md5?: string;
  sha256?: string;
}

export interface DownloadOptions {
  fetch?: typeof fetch;
  onProgress?: (receivedBytes: number, totalBytes: number | null) => void;
  /** Refuse bodies larger than this (default 2 GiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** How often progress is reported at most while bytes arrive. */
const PROGRESS_INTERVAL_MS = 100;

/** Download `remote` to `target` (atomically). Throws a DatasetError naming the URL on any failure. */
export async function downloadFile(remote: RemoteFile, target: string, options: DownloadOptions = {}): Promise<void> {
  const fetchImpl = options.fetch ?? fetch;
  const maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  let response: Response;
  try {
    response = await fetchImpl(remote.url, { signal: options.signal });
  } catch (error) {
    throw new DatasetError(remote.url, `download failed: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    throw new DatasetError(remote.url, `download failed: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const lengthHeader = response.headers.get('content-length');
  const totalBytes = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  if (totalBytes !== null && totalBytes > maxBytes) {
    throw new DatasetError(remote.url, `download is ${totalBytes} bytes, over the ${maxBytes}-byte limit`);
  }

  const temp = `${target}.part-${randomBytes(4).toString('hex')}`;
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const handle = await open(temp, 'w');
  let received = 0;
  let lastReport = 0;
  try {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        received += chunk.length;
        if (received > maxBytes) throw new DatasetError(remote.url, `download exceeds the ${maxBytes}-byte limit`);
        md5.update(chunk);
        sha256.update(chunk);
        await handle.write(chunk);
        const now = Date.now();
        if (now - lastReport >= PROGRESS_INTERVAL_MS) {
          lastReport = now;
          options.onProgress?.(received, totalBytes);
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    options.onProgress?.(received, totalBytes);
    if (totalBytes !== null && received !== totalBytes) {
      throw new DatasetError(remote.url, `download truncated: received ${received} of ${totalBytes} bytes`);
    }
    verify(remote, 'md5', remote.md5, md5.digest('hex'));
    verify(remote, 'sha256', remote.sha256, sha256.digest('hex'));
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(remote.url, `download failed: ${(error as Error).message}`);
  }
}

function verify(remote: RemoteFile, algorithm: string, expected: string | undefined, actual: string): void {
  if (expected && expected.toLowerCase() !== actual) {
    throw new DatasetError(remote.url, `${algorithm} checksum mismatch for ${basename(remote.name)}: expected ${expected}, got ${actual}`);
  }
}
