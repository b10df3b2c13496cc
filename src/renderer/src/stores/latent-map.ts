/**
 * The latent lab's nonlinear maps: a UMAP or t-SNE of the codes of the current projection,
 * computed in the main process's worker with progress pushed by `latentEmbedProgress`. Kept apart
 * from the latent store: a map is a view of the projection, not a plane one can decode from.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { LatentEmbedding, LatentProjection, Unsubscribe } from '../../../shared/api.js';
import type { EmbeddingMethod } from '../../../shared/embedding.js';
import { errorMessage, lab } from '../services/lab.js';
import { useLatentStore } from './latent.js';

export type MapMethod = 'pca' | EmbeddingMethod;

export const useLatentMapStore = defineStore('latentMap', () => {
  const latent = useLatentStore();
  const method = ref<MapMethod>('pca');
  const seed = ref(0);
  /** The map of the projection it was computed for (a new projection drops it). */
  const embedding = shallowRef<(LatentEmbedding & { projection: LatentProjection }) | null>(null);
  const progress = ref<number | null>(null);
  const error = ref<string | null>(null);
  let request = 0;
  let unsubscribe: Unsubscribe | null = null;

  async function compute(): Promise<void> {
    const projection = latent.projection;
    const model = latent.model;
    const datasetId = latent.datasetId;
    const chosen = method.value;
    if (chosen === 'pca' || !projection || !model || !datasetId || projection.points.length === 0) return;
    if (embedding.value?.projection === projection && embedding.value.method === chosen && embedding.value.seed === seed.value) return;
    const mine = ++request;
    unsubscribe ??= lab().on('latentEmbedProgress', (p) => {
      if (p.modelId === latent.model?.id && p.method === method.value) progress.value = p.fraction;
    });
    progress.value = 0;
    error.value = null;
    try {
      const result = await lab().latent.embed(model.id, datasetId, chosen, seed.value);
      if (mine === request && latent.projection === projection) embedding.value = { ...result, projection };
    } catch (e) {
      if (mine === request) error.value = errorMessage(e);
    } finally {
      if (mine === request) progress.value = null;
    }
  }

  watch(() => [method.value, seed.value, latent.projection] as const, () => void compute());

  function dispose(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  return { method, seed, embedding, progress, error, compute, dispose };
});
