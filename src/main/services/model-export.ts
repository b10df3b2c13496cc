/**
 * Copies a run's checkpoint (autoencoder/, encoder/, decoder/ in the TF.js layers format) to a
 * folder the user chose. Each model folder is copied to a temp sibling first and renamed into
 * place, so an interrupted export never leaves a half-written model.json next to old weights.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODEL_PARTS } from '../engine/model-parts.js';

export function exportModel(checkpointDir: string, targetDir: string): string[] {
  const target = path.resolve(targetDir);
  fs.mkdirSync(target, { recursive: true });
  const written: string[] = [];
  for (const part of MODEL_PARTS) {
    const source = path.join(checkpointDir, part);
    if (!fs.existsSync(path.join(source, 'model.json'))) {
      throw new Error(`${source}: the checkpoint has no ${part} model.json`);
    }
    const destination = path.join(target, part);
    const tmp = `${destination}.tmp-${process.pid}-${Date.now()}`;
    fs.cpSync(source, tmp, { recursive: true });
    fs.rmSync(destination, { recursive: true, force: true });
    fs.renameSync(tmp, destination);
    for (const file of fs.readdirSync(destination)) written.push(path.join(destination, file));
  }
  return written;
}
