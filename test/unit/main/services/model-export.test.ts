import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportModel } from '../../../../src/main/services/model-export.js';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'model-export-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A checkpoint folder holding these parts (model.json + weights.bin each). */
function checkpoint(parts: string[]): string {
  const dir = path.join(root, 'model');
  for (const part of parts) {
    fs.mkdirSync(path.join(dir, part), { recursive: true });
    fs.writeFileSync(path.join(dir, part, 'model.json'), `{"part":"${part}"}`);
    fs.writeFileSync(path.join(dir, part, 'weights.bin'), part);
  }
  return dir;
}

describe('exportModel', () => {
  it('copies a GAN checkpoint: its generator as decoder/ and its discriminator/', () => {
    const files = exportModel(checkpoint(['decoder', 'discriminator']), path.join(root, 'out'));
    expect(files.map((f) => path.relative(path.join(root, 'out'), f)).sort()).toEqual([
      'decoder/model.json', 'decoder/weights.bin', 'discriminator/model.json', 'discriminator/weights.bin',
    ]);
    expect(fs.readFileSync(path.join(root, 'out', 'discriminator', 'model.json'), 'utf8')).toBe('{"part":"discriminator"}');
  });

  it('copies the three parts of an autoencoder checkpoint', () => {
    const files = exportModel(checkpoint(['autoencoder', 'encoder', 'decoder']), path.join(root, 'out'));
    expect(files.filter((f) => f.endsWith('model.json'))).toHaveLength(3);
  });

  it('refuses an incomplete checkpoint, naming the missing part, and writes nothing', () => {
    expect(() => exportModel(checkpoint(['autoencoder', 'decoder']), path.join(root, 'out'))).toThrow(/encoder: the checkpoint has no encoder model.json/);
    expect(fs.readdirSync(path.join(root, 'out'))).toEqual([]);
  });
});
