/**
 * Copies a run's checkpoint (autoencoder/, encoder/, decoder/ in the TF.js layers format; a GAN's
 * decoder/ and discriminator/) to a
 * folder the user chose. Each model folder is copied to a temp sibling first and renamed into
 * place, so an interrupted export never leaves a half-written model.json next to old weights.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ALL_MODEL_PARTS, isCompleteCheckpoint, MODEL_PARTS } from '../engine/model-parts.js';

export function exportModel(checkpointDir: string, targetDir: string): string[] {
  const target = path.resolve(targetDir);
  fs.mkdirSync(target, { recursive: true });
  const present = ALL_MODEL_PARTS.filter((part) => fs.existsSync(path.join(checkpointDir, part, 'model.json')));
  if (!isCompleteCheckpoint(present)) {
    const missing = MODEL_PARTS.find((part) => !present.includes(part))!;
    throw new Error(`${path.join(checkpointDir, missing)}: the checkpoint has no ${missing} model.json`);
  }
  const written: string[] = [];
  for (const part of present) {
    const source = path.join(checkpointDir, part);
    const destination = path.join(target, part);
    const tmp = `${destination}.tmp-${process.pid}-${Date.now()}`;
    fs.cpSync(source, tmp, { recursive: true });
    fs.rmSync(destination, { recursive: true, force: true });
    fs.renameSync(tmp, destination);
    for (const file of fs.readdirSync(destination)) written.push(path.join(destination, file));
  }
  return written;
}
