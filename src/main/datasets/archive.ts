/**
 * Minimal readers for the archives datasets are published in: .tar.gz (CIFAR-10, CartoonSet) and
 * .zip (the UCR archive's ECG5000). Only regular files are extracted, only those the caller selects,
 * and only to paths the caller chooses, so an entry name can never escape the target folder.
 * Written here rather than taken from npm because the project may not add dependencies for it.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createGunzip, inflateRaw } from 'node:zlib';
import { DatasetError } from './types.js';

const inflateRawAsync = promisify(inflateRaw);
const BLOCK = 512;

/** Decides where an archive entry goes: an absolute output path, or null to skip it. */
export type EntrySelector = (entryName: string) => string | null;

/**
 * Stream a .tar.gz archive, writing the selected regular files. Stops with a DatasetError when the
 * archive is corrupt or truncated, or when more than `maxBytes` would be written.
 * Returns the entry names that were written.
 */
export async function extractTarGz(file: string, select: EntrySelector, maxBytes = 8 * 1024 ** 3): Promise<string[]> {
  const written: string[] = [];
  let header = Buffer.alloc(0);
  let remaining = 0; // data bytes left in the current entry
  let padding = 0; // bytes to skip up to the next 512-byte boundary
  let out: FileHandle | null = null;
  let meta: Buffer[] | null = null; // collects a GNU long name or a pax header
  let nextName: string | null = null;
  let total = 0;
  let ended = false;
  try {
    for await (const chunk of createReadStream(file).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      let pos = 0;
      while (pos < chunk.length && !ended) {
        if (remaining > 0) {
          const piece = chunk.subarray(pos, pos + Math.min(remaining, chunk.length - pos));
          if (out) await out.write(piece);
          if (meta) meta.push(Buffer.from(piece));
          remaining -= piece.length;
          pos += piece.length;
          if (remaining === 0) {
            if (out) await out.close();
            out = null;
          }
          continue;
        }
        if (padding > 0) {
          const skip = Math.min(padding, chunk.length - pos);
          padding -= skip;
          pos += skip;
          continue;
        }
        if (meta) {
          nextName = parseMetaName(Buffer.concat(meta), nextName);
          meta = null;
        }
        const need = BLOCK - header.length;
        header = Buffer.concat([header, chunk.subarray(pos, pos + need)]);
        pos += Math.min(need, chunk.length - pos);
        if (header.length < BLOCK) continue;
        const block = header;
        header = Buffer.alloc(0);
        if (block.every((b) => b === 0)) {
          ended = true; // end-of-archive marker
          break;
        }
        const entry = parseTarHeader(block, file);
        const name = nextName ?? entry.name;
        nextName = null;
        remaining = entry.size;
        padding = (BLOCK - (entry.size % BLOCK)) % BLOCK;
        if (entry.type === 'L' || entry.type === 'x') {
          if (entry.size > 1024 * 1024) throw new DatasetError(file, `oversized tar metadata entry (${entry.size} bytes)`);
          meta = [];
        } else if (entry.type === '0' || entry.type === '\0') {
          const target = select(name);
          if (target) {
            total += entry.size;
            if (total > maxBytes) throw new DatasetError(file, `archive expands to more than ${maxBytes} bytes`);
            out = await open(target, 'w');
            written.push(name);
            if (remaining === 0) {
              await out.close();
              out = null;
            }
          }
        }
      }
    }
  } catch (error) {
    await out?.close();
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(file, `corrupt archive (${(error as Error).message})`);
  }
  if (remaining > 0 || header.length > 0) {
    await out?.close();
    throw new DatasetError(file, 'truncated tar archive');
  }
  return written;
}

function parseTarHeader(block: Buffer, file: string): { name: string; size: number; type: string } {
  const field = (start: number, length: number) => block.subarray(start, start + length).toString('latin1').replace(/\0.*$/s, '');
  let checksum = 0;
  for (let i = 0; i < BLOCK; i++) checksum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  const stored = parseInt(field(148, 8).trim(), 8);
  if (stored !== checksum) throw new DatasetError(file, 'bad tar header checksum (not a tar archive, or corrupt)');
  const size = parseInt(field(124, 12).trim() || '0', 8);
  if (!Number.isFinite(size) || size < 0) throw new DatasetError(file, 'bad tar entry size');
  const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
  const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
  return { name, size, type: String.fromCharCode(block[156] as number) };
}

/** A GNU long-name entry holds the name itself; a pax header holds "len path=value\n" records. */
function parseMetaName(data: Buffer, fallback: string | null): string | null {
  const text = data.toString('utf8');
  const pax = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text);
  if (pax) return pax[1] as string;
  if (!/^\d+ \w+=/.test(text)) return text.replace(/\0.*$/s, '');
  return fallback;
}

/** Read the selected files of a .zip archive (stored or deflated entries; no zip64). */
export async function extractZip(file: string, select: EntrySelector, maxEntryBytes = 1024 ** 3): Promise<string[]> {
  const buf = await readFile(file);
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) throw new DatasetError(file, 'not a zip archive (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const written: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw new DatasetError(file, 'corrupt zip central directory');
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const target = name.endsWith('/') ? null : select(name);
    if (!target) continue;
    if (size > maxEntryBytes || compressed === 0xffffffff) throw new DatasetError(file, `entry ${name} is too large (${size} bytes)`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new DatasetError(file, `corrupt local header of ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new DatasetError(file, `truncated entry ${name}`);
    const raw = buf.subarray(start, start + compressed);
    let data: Buffer;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = await inflateRawAsync(raw, { maxOutputLength: Math.max(size, 1) });
      } catch (error) {
        throw new DatasetError(file, `corrupt entry ${name} (${(error as Error).message})`);
      }
    } else throw new DatasetError(file, `entry ${name} uses unsupported compression method ${method}`);
    if (data.length !== size) throw new DatasetError(file, `entry ${name} inflates to ${data.length} bytes, header says ${size}`);
    const handle = await open(target, 'w');
    try {
      await handle.write(data);
    } finally {
      await handle.close();
    }
    written.push(name);
  }
  return written;
}

function findEndOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}
