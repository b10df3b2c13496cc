import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportModel, TargetNotEmptyError } from '../../../../src/main/services/model-export.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'model-export-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A model part in the layers format: model.json describing `floats` float32 weights, and weights.bin of that size. */
function writePart(dir: string, tag: string, floats = 4): void {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = [{ paths: ['./weights.bin'], weights: [{ name: 'w', shape: [floats], dtype: 'float32' }] }];
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: { tag }, weightsManifest: manifest }));
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.alloc(floats * 4, tag.length));
}

/** A checkpoint folder (`model`, or `model.previous`) holding these parts. */
function checkpoint(parts: string[], folder = 'model', tag = 'current'): string {
  const dir = path.join(root, 'run', folder);
  for (const part of parts) writePart(path.join(dir, part), `${tag}:${part}`);
  return path.join(root, 'run', 'model');
}

const tagOf = (dir: string): string => (JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { modelTopology: { tag: string } }).modelTopology.tag;
const AE = ['autoencoder', 'encoder', 'decoder'];

describe('exportModel', () => {
  it('copies a GAN checkpoint: its generator as decoder/ and its discriminator/', () => {
    const files = exportModel(checkpoint(['decoder', 'discriminator']), path.join(root, 'out'));
    expect(files.map((f) => path.relative(path.join(root, 'out'), f)).sort()).toEqual([
      'decoder/model.json', 'decoder/weights.bin', 'discriminator/model.json', 'discriminator/weights.bin',
    ]);
    expect(tagOf(path.join(root, 'out', 'discriminator'))).toBe('current:discriminator');
  });

  it('copies the three parts of an autoencoder checkpoint into a new folder, leaving no temp behind', () => {
    const files = exportModel(checkpoint(AE), path.join(root, 'out'));
    expect(files.filter((f) => f.endsWith('model.json'))).toHaveLength(3);
    expect(fs.readdirSync(root).sort()).toEqual(['out', 'run']);
  });

  it('refuses an incomplete checkpoint, naming the missing part, and writes nothing', () => {
    expect(() => exportModel(checkpoint(['autoencoder', 'decoder']), path.join(root, 'out'))).toThrow(/encoder: the checkpoint has no encoder model.json/);
    expect(fs.existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('refuses a folder that holds files unless forced, and then replaces only the model folders', () => {
    const source = checkpoint(AE);
    const out = path.join(root, 'out');
    writePart(path.join(out, 'autoencoder'), 'the user:autoencoder');
    fs.writeFileSync(path.join(out, 'notes.txt'), 'my notes');
    let refusal: unknown;
    try {
      exportModel(source, out);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TargetNotEmptyError);
    expect((refusal as Error).message).toBe(`${out} is not empty (it holds autoencoder, notes.txt): export into a new or empty folder, or pass --force to replace the model folders in it`);
    expect(tagOf(path.join(out, 'autoencoder'))).toBe('the user:autoencoder');
    expect(fs.readdirSync(out).sort()).toEqual(['autoencoder', 'notes.txt']);

    exportModel(source, out, { force: true });
    expect(tagOf(path.join(out, 'autoencoder'))).toBe('current:autoencoder');
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(fs.readdirSync(out).sort()).toEqual(['autoencoder', 'decoder', 'encoder', 'notes.txt']);
    expect(fs.readdirSync(root).sort()).toEqual(['out', 'run']);
  });

  it('exports into an existing empty folder', () => {
    fs.mkdirSync(path.join(root, 'out'));
    expect(exportModel(checkpoint(AE), path.join(root, 'out'))).toHaveLength(6);
  });

  it('uses model.previous when a crash left model missing or damaged', () => {
    // Killed between "model -> model.previous" and "temp -> model": only the previous checkpoint exists.
    const dir = checkpoint(AE, 'model.previous', 'previous');
    exportModel(dir, path.join(root, 'a'));
    expect(tagOf(path.join(root, 'a', 'encoder'))).toBe('previous:encoder');
    // A current checkpoint whose weights are truncated is not exported over a good previous one.
    checkpoint(AE, 'model', 'current');
    fs.truncateSync(path.join(dir, 'decoder', 'weights.bin'), 3);
    exportModel(dir, path.join(root, 'b'));
    expect(tagOf(path.join(root, 'b', 'decoder'))).toBe('previous:decoder');
    // Both unusable: both problems are named.
    fs.truncateSync(path.join(`${dir}.previous`, 'decoder', 'weights.bin'), 1);
    expect(() => exportModel(dir, path.join(root, 'c'))).toThrow(
      /model[/\\]decoder[/\\]weights\.bin: 3 bytes of weights, model\.json describes 16; the previous checkpoint cannot be used either: .*model\.previous[/\\]decoder[/\\]weights\.bin: 1 bytes/,
    );
    expect(fs.existsSync(path.join(root, 'c'))).toBe(false);
  });
});
