/**
 * Reads the JSON artifacts of runs for LabApi's `runs.artifact(runId, kind)`: the files the
 * training worker wrote atomically and referenced in the store, typed by kind.
 */
import path from 'node:path';
import { artifactRefusal, type ArtifactPayloads, type JsonArtifactKind } from '../../shared/artifacts.js';
import { readArtifact } from '../store/artifact-files.js';
import type { Store } from '../store/index.js';

export class RunArtifacts {
  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
  ) {}

  /** The run's latest `kind` artifact; the kind's empty value (epoch null, empty lists) before the run wrote one. */
  read<K extends JsonArtifactKind>(runId: number, kind: K): ArtifactPayloads[K] {
    const config = this.store.runs.config(runId);
    const refusal = artifactRefusal(kind, config);
    if (refusal) throw new Error(`run ${runId} ${refusal}`);
    const artifact = this.store.runs.artifacts(runId).find((a) => a.kind === kind);
    return readArtifact(runId, kind, artifact ? path.join(this.dataDir, artifact.path) : null, config);
  }
}
