/** Presets store: the named run configs a new run can start from. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Preset } from '../../../shared/api.js';
import { errorMessage, lab } from '../services/lab.js';

export const usePresetsStore = defineStore('presets', () => {
  const presets = ref<Preset[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let loaded = false;

  /** Load once; `force` reloads. */
  async function load(force = false): Promise<void> {
    if (loaded && !force) return;
    loading.value = true;
    error.value = null;
    try {
      presets.value = await lab().presets.list();
      loaded = true;
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  const byId = (id: string): Preset | undefined => presets.value.find((p) => p.id === id);

  return { presets, loading, error, load, byId };
});
