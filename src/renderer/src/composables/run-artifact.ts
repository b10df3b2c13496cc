/**
 * Follows one artifact of one run: loads it through `runs.artifact(runId, kind)`, typed by kind,
 * and loads it again whenever `reloadKey` changes (an epoch ended, the run finished). The last
 * good value stays shown when a load fails; `error` says why.
 */
import { ref, watch, type Ref } from 'vue';
import type { ArtifactPayloads, JsonArtifactKind } from '../../../shared/artifacts.js';
import { errorMessage, lab } from '../services/lab.js';

export interface FollowedArtifact<K extends JsonArtifactKind> {
  /** The latest payload; undefined before the first load (or while no run is followed). */
  value: Ref<ArtifactPayloads[K] | undefined>;
  /** Why the last load failed; null after a good one. */
  error: Ref<string | null>;
}

/**
 * `runId()` names the run to follow (null: none, e.g. its kind writes no such artifact);
 * `reloadKey()` changes when the artifact may have changed.
 */
export function useRunArtifact<K extends JsonArtifactKind>(kind: K, runId: () => number | null, reloadKey: () => unknown): FollowedArtifact<K> {
  const value = ref<ArtifactPayloads[K]>();
  const error = ref<string | null>(null);
  let serial = 0;
  watch(
    [runId, reloadKey] as const,
    async ([id], [previousId]) => {
      if (id !== previousId) value.value = undefined;
      if (id === null) return;
      const request = ++serial;
      try {
        const payload = await lab().runs.artifact(id, kind);
        if (request !== serial) return;
        value.value = payload;
        error.value = null;
      } catch (e) {
        if (request === serial) error.value = errorMessage(e);
      }
    },
    { immediate: true },
  );
  return { value: value as Ref<ArtifactPayloads[K] | undefined>, error };
}
