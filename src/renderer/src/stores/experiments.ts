/** Experiments store: the tabs. Closed experiments stay in the list and can be reopened. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Experiment } from '../../../shared/api.js';
import { errorMessage, lab } from '../services/lab.js';

export const useExperimentsStore = defineStore('experiments', () => {
  const experiments = ref<Experiment[]>([]);
  const activeId = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const openExperiments = computed(() => experiments.value.filter((e) => !e.closed));
  const closedExperiments = computed(() => experiments.value.filter((e) => e.closed));
  const active = computed(() => openExperiments.value.find((e) => e.id === activeId.value) ?? null);

  function replace(updated: Experiment): void {
    const index = experiments.value.findIndex((e) => e.id === updated.id);
    if (index === -1) experiments.value.push(updated);
    else experiments.value.splice(index, 1, updated);
  }

  /** Keep the active tab on an open experiment (the first one when the active one went away). */
  function ensureActive(): void {
    if (!openExperiments.value.some((e) => e.id === activeId.value)) {
      activeId.value = openExperiments.value[0]?.id ?? null;
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      experiments.value = await lab().experiments.list();
      ensureActive();
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  /** Create an experiment and make it the active tab. */
  async function create(name: string): Promise<Experiment> {
    const created = await lab().experiments.create(name);
    replace(created);
    activeId.value = created.id;
    return created;
  }

  async function rename(id: number, name: string): Promise<Experiment> {
    const renamed = await lab().experiments.rename(id, name);
    replace(renamed);
    return renamed;
  }

  /** Close a tab; the neighbour to its left (or the first tab) becomes active. */
  async function close(id: number): Promise<void> {
    const index = openExperiments.value.findIndex((e) => e.id === id);
    replace(await lab().experiments.setClosed(id, true));
    if (activeId.value === id) {
      const open = openExperiments.value;
      activeId.value = open[Math.max(0, Math.min(index - 1, open.length - 1))]?.id ?? null;
    }
  }

  /** Reopen a closed experiment as the active tab. */
  async function reopen(id: number): Promise<void> {
    replace(await lab().experiments.setClosed(id, false));
    activeId.value = id;
  }

  function activate(id: number): void {
    activeId.value = id;
  }

  return { experiments, activeId, loading, error, openExperiments, closedExperiments, active, load, create, rename, close, reopen, activate };
});
