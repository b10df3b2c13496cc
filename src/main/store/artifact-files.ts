/**
 * The one write and the one read of a run's JSON artifacts (src/shared/artifacts.ts): written
 * atomically under the run folder by the training worker, then referenced in the store; read back
 * typed, with the kind's empty value while the run has not written it yet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { artifactFile, emptyArtifact, type ArtifactPayloads, type JsonArtifactKind } from '../../shared/artifacts.js';
import type { RunConfig } from '../../shared/config.js';
import { writeFileAtomic } from './atomic.js';

/** Writes `value` as the `kind` artifact in the run folder `dir`; returns its file name (relative to `dir`). */
export function writeArtifact<K extends JsonArtifactKind>(dir: string, kind: K, value: ArtifactPayloads[K]): string {
  const file = artifactFile(kind);
  writeFileAtomic(path.join(dir, file), JSON.stringify(value));
  return file;
}

/**
 * Reads the `kind` artifact of run `runId` from `file` (absolute; null when the store references
 * none yet, which gives the kind's empty value). Throws one message naming the run, the kind and
 * the file when it cannot be read or parsed.
 */
export function readArtifact<K extends JsonArtifactKind>(runId: number, kind: K, file: string | null, config: RunConfig): ArtifactPayloads[K] {
  if (file === null) return emptyArtifact(kind, config);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ArtifactPayloads[K];
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`run ${runId}: cannot read its ${kind} artifact ${file}: ${reason}`);
  }
}
