/**
 * Crash-safe file writes: write to a temp path, fsync, rename, fsync the directory.
 * A reader (or the database) never sees a half-written file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempPathFor } from './temp-names.js';

function fsyncDir(dir: string): void {
  // Directory fsync makes the rename durable; not supported on Windows, where rename is enough.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = tempPathFor(file);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(dir);
}
