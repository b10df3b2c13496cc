/**
 * Compare store: which runs are compared and how the comparison is drawn. The run data itself
 * (metrics, configs, reconstructions) lives in the runs store and is loaded through it.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunDetail, RunSummary } from '../../../shared/api.js';
import type { Split } from '../../../shared/figures/curves.js';
import { errorMessage } from '../services/lab.js';
import { useRunsStore } from './runs.js';

export const useCompareStore = defineStore('compare', () => {
  const runsStore = useRunsStore();
  /** Compared run ids, in the order they were picked (the order of columns and legend). */
  const selectedIds = ref<number[]>([]);
  const metric = ref('loss');
  const splits = ref<Split[]>(['val']);
  const smoothing = ref(0);
  const logScale = ref(false);
  const onlyDiffering = ref(true);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const selectedRuns = computed(() =>
    selectedIds.value.map((id) => runsStore.runs[id]).filter((run): run is RunSummary => run !== undefined),
  );
  const selectedDetails = computed(() =>
    selectedIds.value.map((id) => runsStore.details[id]).filter((detail): detail is RunDetail => detail !== undefined),
  );

  function setSelection(ids: number[]): void {
    selectedIds.value = [...new Set(ids)];
  }

  function toggle(id: number): void {
    setSelection(selectedIds.value.includes(id) ? selectedIds.value.filter((x) => x !== id) : [...selectedIds.value, id]);
  }

  /** Load metrics, configs and reconstructions of every compared run. */
  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      await Promise.all(
        selectedIds.value.flatMap((id) => [
          runsStore.loadMetrics(id),
          runsStore.loadDetail(id),
          runsStore.refreshReconstructions(id),
        ]),
      );
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  return { selectedIds, metric, splits, smoothing, logScale, onlyDiffering, loading, error, selectedRuns, selectedDetails, setSelection, toggle, load };
});
