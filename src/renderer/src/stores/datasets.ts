/**
 * Datasets store: what the registry offers, download progress pushed by the main process,
 * imports, and the per-class sample gallery.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Unsubscribe } from '../../../shared/api.js';
import type { DatasetInfo, DownloadProgress, ImportFormat } from '../../../shared/datasets.js';
import { errorMessage, lab } from '../services/lab.js';

/** What `datasets.samples` returns. */
export type DatasetSamples = Awaited<ReturnType<ReturnType<typeof lab>['datasets']['samples']>>;

export const useDatasetsStore = defineStore('datasets', () => {
  const datasets = ref<DatasetInfo[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Latest progress of each running download, by dataset id. */
  const downloads = ref<Record<string, DownloadProgress | null>>({});
  /** Last download failure by dataset id. */
  const downloadErrors = ref<Record<string, string>>({});
  const samples = ref<Record<string, DatasetSamples>>({});
  const samplesLoading = ref<Record<string, boolean>>({});
  const samplesErrors = ref<Record<string, string>>({});
  const importing = ref(false);
  const importError = ref<string | null>(null);
  const unsubscribers: Unsubscribe[] = [];

  function replace(info: DatasetInfo): void {
    const index = datasets.value.findIndex((d) => d.id === info.id);
    if (index === -1) datasets.value.push(info);
    else datasets.value.splice(index, 1, info);
  }

  /** Listen to download progress; safe to call more than once. */
  function subscribe(): void {
    if (unsubscribers.length > 0) return;
    unsubscribers.push(
      lab().on('datasetDownload', (progress) => {
        if (progress.datasetId in downloads.value) downloads.value[progress.datasetId] = progress;
      }),
    );
  }

  function dispose(): void {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
  }

  async function load(): Promise<void> {
    subscribe();
    loading.value = true;
    error.value = null;
    try {
      datasets.value = await lab().datasets.list();
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  /** Download a dataset; progress arrives through `downloads`, failures land in `downloadErrors`. */
  async function download(id: string): Promise<boolean> {
    downloads.value[id] = null;
    delete downloadErrors.value[id];
    try {
      replace(await lab().datasets.download(id));
      return true;
    } catch (e) {
      downloadErrors.value[id] = errorMessage(e);
      return false;
    } finally {
      delete downloads.value[id];
    }
  }

  /** Import files as a new dataset; the parser's message (file and problem) lands in `importError`. */
  async function importFiles(format: ImportFormat, paths: string[], name: string): Promise<DatasetInfo | null> {
    importing.value = true;
    importError.value = null;
    try {
      const info = await lab().datasets.import(format, paths, name);
      replace(info);
      return info;
    } catch (e) {
      importError.value = errorMessage(e);
      return null;
    } finally {
      importing.value = false;
    }
  }

  /** Load (once per dataset and size) up to `perClass` samples of each class. */
  async function loadSamples(id: string, perClass: number, force = false): Promise<void> {
    if (!force && samples.value[id] && samples.value[id].samples.length > 0) return;
    samplesLoading.value[id] = true;
    delete samplesErrors.value[id];
    try {
      samples.value[id] = await lab().datasets.samples(id, perClass);
    } catch (e) {
      samplesErrors.value[id] = errorMessage(e);
    } finally {
      samplesLoading.value[id] = false;
    }
  }

  /** Desktop only: pick files to import with the native dialog; null when cancelled. */
  function chooseFiles(): Promise<string[] | null> {
    return lab().dialogs.chooseFiles({ multiple: true });
  }

  const byId = (id: string): DatasetInfo | undefined => datasets.value.find((d) => d.id === id);

  return {
    datasets, loading, error, downloads, downloadErrors, samples, samplesLoading, samplesErrors, importing, importError,
    subscribe, dispose, load, download, importFiles, chooseFiles, loadSamples, byId,
  };
});
