/**
 * Copies a run's checkpoint (autoencoder/, encoder/, decoder/ in the TF.js layers format; a GAN's
 * decoder/ and discriminator/) to a folder the user chose.
 *
 * - The checkpoint read is the run's `model/` when it is complete, else `model.previous/` (what a
 *   crash in the middle of replacing a checkpoint leaves; see engine/persistence.ts).
 * - A target folder that holds anything is refused unless `force` is set: an export never deletes
 *   the user's files without being asked. With `force`, only the model folders it writes are
 *   replaced; other files in the target stay.
 * - Everything is first copied into a hidden temp folder next to the target and fsynced; a new (or
 *   empty) target is then one rename, and with `force` each model folder is swapped in by rename.
 *   An interrupted export never leaves a half-written model.json next to old weights.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tempPathFor } from '../store/temp-names.js';
import { ALL_MODEL_PARTS, isCompleteCheckpoint, MODEL_PARTS, type ModelPart } from '../engine/model-parts.js';

export interface ExportOptions {
  /** Replace the model folders of a target that already holds files. */
  force?: boolean;
}

/** Thrown when the target holds files and `force` was not given. */
export class TargetNotEmptyError extends Error {
  readonly code = 'target_not_empty';
  constructor(message: string) {
    super(message);
    this.name = 'TargetNotEmptyError';
  }
}

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8, string: 0 };

interface ManifestEntry {
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}

/**
 * Why a model part folder cannot be used (model.json missing or not JSON, weights missing or of
 * the wrong size), or null when it is complete.
 */
function partProblem(partDir: string): string | null {
  const jsonPath = path.join(partDir, 'model.json');
  let json: { modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: ManifestEntry[] }[] };
  try {
    json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${jsonPath} is missing` : `${jsonPath} is damaged (${(error as Error).message})`;
  }
  if (!json || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) return `${jsonPath} is not a TF.js layers model`;
  for (const group of json.weightsManifest) {
    const expected = group.weights.reduce(
      (sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * (BYTES_PER_DTYPE[w.quantization?.dtype ?? w.dtype] ?? 4),
      0,
    );
    let present = 0;
    for (const file of group.paths) {
      const size = fs.statSync(path.join(partDir, file), { throwIfNoEntry: false })?.size;
      if (size === undefined) return `${path.join(partDir, file)} is missing`;
      present += size;
    }
    if (present !== expected) return `${path.join(partDir, group.paths.join(', '))}: ${present} bytes of weights, model.json describes ${expected}`;
  }
  return null;
}

/** The parts of a checkpoint folder and what is wrong with it (null when it can be exported). */
function inspectCheckpoint(dir: string): { parts: ModelPart[]; problem: string | null } {
  const parts = ALL_MODEL_PARTS.filter((part) => fs.existsSync(path.join(dir, part, 'model.json')));
  if (!isCompleteCheckpoint(parts)) {
    const missing = MODEL_PARTS.find((part) => !parts.includes(part))!;
    return { parts, problem: `${path.join(dir, missing)}: the checkpoint has no ${missing} model.json` };
  }
  for (const part of parts) {
    const problem = partProblem(path.join(dir, part));
    if (problem) return { parts, problem };
  }
  return { parts, problem: null };
}

/**
 * The checkpoint folder to read: `dir` when complete, else `dir.previous` when that one is.
 * Throws naming what is wrong with both.
 */
export function usableCheckpoint(dir: string): { dir: string; parts: ModelPart[] } {
  const current = inspectCheckpoint(dir);
  if (!current.problem) return { dir, parts: current.parts };
  const previousDir = `${dir}.previous`;
  if (fs.existsSync(previousDir)) {
    const previous = inspectCheckpoint(previousDir);
    if (!previous.problem) return { dir: previousDir, parts: previous.parts };
    throw new Error(`${current.problem}; the previous checkpoint cannot be used either: ${previous.problem}`);
  }
  throw new Error(current.problem);
}

function fsyncPath(target: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Copy a folder's files (one level, as a model part holds) and fsync each. */
function copyPartDurably(source: string, destination: string): void {
  fs.mkdirSync(destination);
  for (const name of fs.readdirSync(source)) {
    fs.copyFileSync(path.join(source, name), path.join(destination, name));
    fsyncPath(path.join(destination, name));
  }
  fsyncPath(destination);
}

export function exportModel(checkpointDir: string, targetDir: string, options: ExportOptions = {}): string[] {
  const target = path.resolve(targetDir);
  const source = usableCheckpoint(checkpointDir);
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing && !existing.isDirectory()) throw new Error(`${target} exists and is not a folder`);
  const entries = existing ? fs.readdirSync(target) : [];
  if (entries.length > 0 && !options.force) {
    const shown = entries.slice(0, 4).join(', ') + (entries.length > 4 ? `, … (${entries.length} entries)` : '');
    throw new TargetNotEmptyError(
      `${target} is not empty (it holds ${shown}): export into a new or empty folder, or pass --force to replace the model folders in it`,
    );
  }

  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const temp = tempPathFor(target);
  try {
    fs.mkdirSync(temp);
    for (const part of source.parts) copyPartDurably(path.join(source.dir, part), path.join(temp, part));
    fsyncPath(temp);
    if (entries.length === 0) {
      // A new or empty target: one rename puts the whole export in place.
      if (existing) fs.rmdirSync(target);
      fs.renameSync(temp, target);
    } else {
      // --force: swap each model folder in by rename; the old one goes into the temp folder and is removed last.
      const old = path.join(temp, '.replaced');
      fs.mkdirSync(old);
      for (const part of source.parts) {
        const destination = path.join(target, part);
        if (fs.existsSync(destination)) fs.renameSync(destination, path.join(old, part));
        fs.renameSync(path.join(temp, part), destination);
      }
      fsyncPath(target);
    }
    fsyncPath(parent);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return source.parts.flatMap((part) => fs.readdirSync(path.join(target, part)).map((file) => path.join(target, part, file)));
}
