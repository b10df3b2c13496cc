/** Models store: saving trained models to disk. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { lab } from '../services/lab.js';

export const useModelsStore = defineStore('models', () => {
  /** Paths written by the last save, by run id. */
  const saved = ref<Record<number, string[]>>({});

  /** Save the run's autoencoder, encoder and decoder under `dir`; rejects with the service's message. */
  async function exportModel(runId: number, dir: string): Promise<string[]> {
    const paths = await lab().models.export(runId, dir);
    saved.value[runId] = paths;
    return paths;
  }

  /** Desktop only: ask for a folder with the native dialog; null when cancelled. */
  function chooseFolder(defaultPath?: string): Promise<string | null> {
    return lab().dialogs.chooseFolder({ defaultPath });
  }

  return { saved, exportModel, chooseFolder };
});
