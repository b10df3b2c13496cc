/**
 * The training state (loop/training-state.ts) on disk, inside the checkpoint folder beside the
 * model parts: `training-state.json` (the loop position, shapes, optimizer classes and step counts)
 * and `training-state.bin` (every float32 value, little-endian, in manifest order). saveModels
 * writes them into the same temp folder as the models, so models and state are replaced together
 * by one rename: a checkpoint is resumable as a whole or not at all.
 *
 * No tfjs here: the services read the manifest to say whether and from where a run can resume.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OptimizerState } from './optimizers.js';
import type { TrainingState } from './loop/training-state.js';

/** Format of the training state; a reader refuses any other. */
export const TRAINING_STATE_VERSION = 1;
export const TRAINING_STATE_JSON = 'training-state.json';
export const TRAINING_STATE_BIN = 'training-state.bin';

interface Span {
  shape: number[];
  /** Offset and length in float32 values. */
  offset: number;
  length: number;
}

/** The JSON manifest: the state without its values, which are spans of the .bin file. */
interface Manifest extends Omit<TrainingState, 'variables' | 'optimizers'> {
  values: number;
  variables: Span[];
  optimizers: (Omit<OptimizerState, 'slots'> & { slots: (Span & { name: string })[] })[];
}

/** What a resume needs to know before loading anything: where the state stands. */
export type TrainingStateHeader = Pick<TrainingState, 'version' | 'epoch' | 'batch' | 'step'>;

/** The two files of `state`, by name. */
export function encodeTrainingState(state: TrainingState): Record<string, Uint8Array | string> {
  let offset = 0;
  const chunks: Float32Array[] = [];
  const span = (shape: number[], values: Float32Array): Span => {
    chunks.push(values);
    const s = { shape, offset, length: values.length };
    offset += values.length;
    return s;
  };
  const { variables, optimizers, ...position } = state;
  const manifest: Manifest = {
    ...position,
    values: 0,
    variables: variables.map((v) => span(v.shape, v.values)),
    optimizers: optimizers.map(({ slots, ...rest }) => ({ ...rest, slots: slots.map((s) => ({ name: s.name, ...span(s.shape, s.values) })) })),
  };
  manifest.values = offset;
  const all = new Float32Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  const bytes = new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  if (!littleEndian()) throw new Error('training states are written little-endian; this machine is big-endian');
  return { [TRAINING_STATE_JSON]: JSON.stringify(manifest), [TRAINING_STATE_BIN]: bytes };
}

const littleEndian = (): boolean => new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readManifest(dir: string): Manifest | null {
  const file = path.join(dir, TRAINING_STATE_JSON);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: cannot read the training state (${(error as Error).message})`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new Error(`${file}: the training state is damaged (${(error as Error).message})`);
  }
  if (manifest?.version !== TRAINING_STATE_VERSION) {
    throw new Error(`${file}: training state version ${String(manifest?.version)}, this version reads ${TRAINING_STATE_VERSION}`);
  }
  return manifest;
}

/** The header of the training state in checkpoint folder `dir`; null when the checkpoint has none (written before resume existed). */
export function readTrainingStateHeader(dir: string): TrainingStateHeader | null {
  const manifest = readManifest(dir);
  return manifest && { version: manifest.version, epoch: manifest.epoch, batch: manifest.batch, step: manifest.step };
}

/** The whole training state in checkpoint folder `dir`; null when the checkpoint has none. */
export function readTrainingState(dir: string): TrainingState | null {
  const manifest = readManifest(dir);
  if (!manifest) return null;
  const file = path.join(dir, TRAINING_STATE_BIN);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read the training state values (${(error as Error).message})`);
  }
  if (bytes.length !== manifest.values * 4) throw new Error(`${file}: ${bytes.length} bytes, the manifest describes ${manifest.values * 4}`);
  // A copy: the file buffer may not be 4-byte aligned.
  const all = new Float32Array(manifest.values);
  new Uint8Array(all.buffer).set(bytes);
  const values = (s: Span): Float32Array => all.slice(s.offset, s.offset + s.length);
  const { variables, optimizers, values: _count, ...position } = manifest;
  return {
    ...position,
    variables: variables.map((s) => ({ shape: s.shape, values: values(s) })),
    optimizers: optimizers.map(({ slots, ...rest }) => ({ ...rest, slots: slots.map((s) => ({ name: s.name, shape: s.shape, values: values(s) })) })),
  };
}
