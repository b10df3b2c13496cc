/**
 * Artifacts travel through the queue, inside the owner's event stream, base64-encoded. They are
 * small: a checkpoint of the built-in models is tens of kB to a few MB (weights in float32; the
 * MNIST dense AE, the largest preset, is about 1 MB), galleries and reports are JSON of a few kB.
 * That keeps workers free of any shared file system: Redis is all they share with the owner.
 * The owner writes them like a local run does: each file atomically, a folder swapped in whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import type { ArtifactFiles } from './protocol.js';

/** Refuse anything bigger: a stream entry this large would mean a model far beyond the presets. */
export const MAX_ARTIFACT_BYTES = 256 * 1024 * 1024;

function listFiles(root: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(root, rel) : entry.isFile() ? [rel] : [];
  });
}

/** Read the artifact at `absPath` (a file or a folder) whose path inside the run folder is `name`. */
export function packArtifact(absPath: string, name: string): ArtifactFiles {
  const isDirectory = fs.statSync(absPath).isDirectory();
  const paths = isDirectory ? listFiles(absPath) : [''];
  let bytes = 0;
  const files = paths.map((rel) => {
    const data = fs.readFileSync(rel ? path.join(absPath, rel) : absPath);
    bytes += data.length;
    return { path: rel.split(path.sep).join('/'), base64: data.toString('base64') };
  });
  if (bytes > MAX_ARTIFACT_BYTES) throw new Error(`artifact ${name} is ${bytes} bytes, more than the queue carries (${MAX_ARTIFACT_BYTES})`);
  return { name, isDirectory, files };
}

/** A name from the stream must stay inside the run folder. */
function safeJoin(root: string, rel: string): string {
  const target = path.resolve(root, rel);
  if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`artifact path ${JSON.stringify(rel)} leaves the run folder`);
  return target;
}

/** Write the artifact under `runFolder`; returns its absolute path. */
export function unpackArtifact(runFolder: string, artifact: ArtifactFiles): string {
  const root = path.resolve(runFolder);
  const target = safeJoin(root, artifact.name);
  if (!artifact.isDirectory) {
    writeFileAtomic(target, Buffer.from(artifact.files[0]?.base64 ?? '', 'base64'));
    return target;
  }
  // A folder (a checkpoint) is written beside its place, then swapped in; the old one is kept as
  // `.previous` until the new one is in place, as the engine does for local checkpoints.
  const incoming = `${target}.incoming`;
  const previous = `${target}.previous`;
  fs.rmSync(incoming, { recursive: true, force: true });
  for (const file of artifact.files) writeFileAtomic(safeJoin(incoming, file.path), Buffer.from(file.base64, 'base64'));
  fs.rmSync(previous, { recursive: true, force: true });
  if (fs.existsSync(target)) fs.renameSync(target, previous);
  fs.renameSync(incoming, target);
  fs.rmSync(previous, { recursive: true, force: true });
  return target;
}
