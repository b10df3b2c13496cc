/**
 * Quality store: which runs the generative-quality view evaluates, the last report and the
 * progress of the evaluation in flight (pushed as `qualityProgress` events).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LabEvents, QualityReport, Unsubscribe } from '../../../shared/api.js';
import type { ModelKind } from '../../../shared/config.js';
import { KIND_SPECS, MODEL_KINDS } from '../../../shared/kinds/registry.js';
import { errorMessage, lab } from '../services/lab.js';

/** Model kinds that can be sampled: from their own prior, or from a Gaussian fitted to the codes their encoder gives. */
export const GENERATIVE_KINDS: readonly ModelKind[] = MODEL_KINDS.filter((kind) => KIND_SPECS[kind].prior !== null || KIND_SPECS[kind].capabilities.encodes);

export const useQualityStore = defineStore('quality', () => {
  const selectedIds = ref<number[]>([]);
  const samples = ref(1000);
  const seed = ref(0);
  const report = ref<QualityReport | null>(null);
  const running = ref(false);
  const error = ref<string | null>(null);
  const progress = ref<LabEvents['qualityProgress'] | null>(null);
  let unsubscribe: Unsubscribe | null = null;

  function setSelection(ids: number[]): void {
    selectedIds.value = [...new Set(ids)];
  }

  async function evaluate(): Promise<void> {
    if (running.value || selectedIds.value.length === 0) return;
    running.value = true;
    error.value = null;
    progress.value = null;
    unsubscribe ??= lab().on('qualityProgress', (event) => (progress.value = event));
    try {
      report.value = await lab().quality.evaluate([...selectedIds.value], { samples: samples.value, seed: seed.value });
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      running.value = false;
      progress.value = null;
    }
  }

  function dispose(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  return { selectedIds, samples, seed, report, running, error, progress, setSelection, evaluate, dispose };
});
