/**
 * Names of the temp files and folders written before an atomic rename: hidden (a leading dot, so
 * never a valid dataset or run name, and never listed), carrying the writer's pid so that a later
 * start can tell a temp left by a killed process from one a live process is still writing.
 *
 *   .<target>.tmp-<pid>-<hex>            this version (files, checkpoints, imports, exports)
 *   .<target>.<pid>.<ms>.tmp             writeFileAtomic before this version
 *   <target>.tmp-<hex>                   an import before this version (no pid: removed once an hour old)
 *   .staging-<id>-<hex>[-old]            a dataset cache fill before this version (same)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const CURRENT = /^\..+\.tmp-(\d+)-[0-9a-f]+(?:-old)?$/;
const OLD_ATOMIC = /^\..+\.(\d+)\.\d+\.tmp$/;
const OLD_WITHOUT_PID = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\.tmp-[0-9a-f]{8}|\.staging-.+-[0-9a-f]{8}(?:-old)?)$/;
const OLD_TEMP_AGE_MS = 60 * 60 * 1000;

/** A temp path next to `target`, in the same folder (so the final rename is atomic). */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** The pid of the process that wrote a temp of this name; undefined when the name is no temp; null when it carries no pid. */
export function tempOwner(name: string): number | null | undefined {
  const match = CURRENT.exec(name) ?? OLD_ATOMIC.exec(name);
  if (match) return Number(match[1]);
  return OLD_WITHOUT_PID.test(name) ? null : undefined;
}

/**
 * Remove the temps in `dir` whose writer is gone (`isAlive(pid)` false; a temp without a pid once
 * it is an hour old). Returns the removed paths. A missing folder is nothing to clean.
 */
export function removeStaleTemps(dir: string, isAlive: (pid: number) => boolean, now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = tempOwner(name);
    if (owner === undefined) continue;
    const full = path.join(dir, name);
    if (owner === null) {
      const mtime = fs.statSync(full, { throwIfNoEntry: false })?.mtimeMs ?? now;
      // An old import temp with meta.json in it was complete: it may be a dataset the user named so.
      if (now - mtime < OLD_TEMP_AGE_MS || (!name.startsWith('.') && fs.existsSync(path.join(full, 'meta.json')))) continue;
    } else if (owner === process.pid || isAlive(owner)) continue;
    fs.rmSync(full, { recursive: true, force: true });
    removed.push(full);
  }
  return removed;
}

/**
 * Remove stale temps everywhere Latent Lab writes them under a data directory: the directory
 * itself, datasets/ (cache fills), datasets/imported/ (imports), classifiers/ and every runs/<id>/
 * (checkpoints, galleries). Called once at start.
 */
export function removeStaleTempsUnder(dataDir: string, isAlive: (pid: number) => boolean): string[] {
  const runsDir = path.join(dataDir, 'runs');
  const runDirs = (() => {
    try {
      return fs.readdirSync(runsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(runsDir, e.name));
    } catch {
      return [];
    }
  })();
  const dirs = [dataDir, path.join(dataDir, 'datasets'), path.join(dataDir, 'datasets', 'imported'), path.join(dataDir, 'classifiers'), runsDir, ...runDirs];
  return dirs.flatMap((dir) => removeStaleTemps(dir, isAlive));
}
