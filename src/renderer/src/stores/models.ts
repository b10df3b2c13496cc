/**
 * Models store: saving a trained run's model to a folder, and opening saved models to use them
 * (reconstruct, encode) without retraining. Opened models live in the main process until closed.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { OpenedModel, ReconstructionSet } from '../../../shared/api.js';
import { lab } from '../services/lab.js';

/** Codes of dataset samples under an opened model's encoder. */
export interface EncodedSamples {
  datasetId: string;
  codes: number[][];
  labels: (number | null)[];
}

export const useModelsStore = defineStore('models', () => {
  /** Paths written by the last save, by run id. */
  const saved = ref<Record<number, string[]>>({});
  /** The folder of the last save: what the user most likely opens next. */
  const lastSavedDir = ref<string | null>(null);
  const opened = ref<OpenedModel[]>([]);
  const currentId = ref<number | null>(null);
  const reconstructions = ref<Record<number, ReconstructionSet & { datasetId: string }>>({});
  const encodings = ref<Record<number, EncodedSamples>>({});

  const current = computed(() => opened.value.find((model) => model.id === currentId.value) ?? null);

  /** Save the run's autoencoder, encoder and decoder under `dir`; rejects with the service's message. */
  /** `force`: replace the model folders of a folder that holds files (asked of the user first). */
  async function exportModel(runId: number, dir: string, options: { force?: boolean } = {}): Promise<string[]> {
    const paths = await lab().models.export(runId, dir, options.force ? { force: true } : undefined);
    saved.value[runId] = paths;
    lastSavedDir.value = dir;
    return paths;
  }

  /** Open a saved model folder; it becomes the current model. Rejects with the service's message. */
  async function open(dir: string): Promise<OpenedModel> {
    const model = await lab().models.open(dir);
    opened.value.push(model);
    currentId.value = model.id;
    return model;
  }

  /** Reconstruct the first `count` samples of a dataset with an opened model. */
  async function reconstruct(modelId: number, datasetId: string, count: number): Promise<void> {
    const set = await lab().models.reconstruct(modelId, datasetId, count);
    reconstructions.value[modelId] = { ...set, datasetId };
  }

  /** Encode the first `count` samples of a dataset with an opened model's encoder. */
  async function encode(modelId: number, datasetId: string, count: number): Promise<void> {
    const { codes, labels } = await lab().models.encode(modelId, datasetId, count);
    encodings.value[modelId] = { datasetId, codes, labels };
  }

  /** Release an opened model in the main process. */
  async function close(modelId: number): Promise<void> {
    await lab().models.close(modelId);
    opened.value = opened.value.filter((model) => model.id !== modelId);
    delete reconstructions.value[modelId];
    delete encodings.value[modelId];
    if (currentId.value === modelId) currentId.value = opened.value.at(-1)?.id ?? null;
  }

  /** Desktop only: ask for a folder with the native dialog; null when cancelled. */
  function chooseFolder(defaultPath?: string): Promise<string | null> {
    return lab().dialogs.chooseFolder({ defaultPath });
  }

  return { saved, lastSavedDir, opened, currentId, current, reconstructions, encodings, exportModel, open, reconstruct, encode, close, chooseFolder };
});
