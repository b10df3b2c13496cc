/**
 * Sweeps store: the sweeps of the experiments, the sweep presets, and which sweep the view shows.
 * Member runs live in the runs store (they are runs), so their statuses and metrics stay live
 * through the run events; this store keeps what only a sweep knows: its spec, swept fields and
 * each member's values.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunStatus, SweepDetail, SweepStatus, SweepMember, SweepPreset, SweepSummary } from '../../../shared/api.js';
import { sweepStatus, type SweepSpecInput } from '../../../shared/sweep.js';
import { errorMessage, lab } from '../services/lab.js';
import { useRunsStore } from './runs.js';

export const useSweepsStore = defineStore('sweeps', () => {
  const runsStore = useRunsStore();
  const sweeps = ref<Record<number, SweepSummary>>({});
  const details = ref<Record<number, SweepDetail>>({});
  const presets = ref<SweepPreset[]>([]);
  const currentId = ref<number | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const forExperiment = (experimentId: number | null): SweepSummary[] =>
    Object.values(sweeps.value)
      .filter((s) => s.experimentId === experimentId)
      .sort((a, b) => b.id - a.id);

  /** Members of a sweep with their live run state (status, epochs, final metrics) from the runs store. */
  function members(sweepId: number): SweepMember[] {
    return (details.value[sweepId]?.members ?? []).map((member) => ({ ...member, ...runsStore.runs[member.id], overrides: member.overrides }));
  }

  /** The sweep's status from its members' live statuses. */
  function status(sweepId: number): SweepStatus {
    const counts: Partial<Record<RunStatus, number>> = {};
    for (const member of members(sweepId)) counts[member.status] = (counts[member.status] ?? 0) + 1;
    return members(sweepId).length > 0 ? sweepStatus(counts) : (sweeps.value[sweepId]?.status ?? 'queued');
  }

  const current = computed(() => (currentId.value === null ? null : (details.value[currentId.value] ?? null)));

  async function load(experimentId: number): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      for (const sweep of await lab().sweeps.list(experimentId)) sweeps.value[sweep.id] = sweep;
      if (currentId.value === null || sweeps.value[currentId.value]?.experimentId !== experimentId) {
        currentId.value = forExperiment(experimentId)[0]?.id ?? null;
      }
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  async function loadPresets(): Promise<void> {
    if (presets.value.length > 0) return;
    try {
      presets.value = await lab().sweeps.presets();
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  /** Load a sweep's spec and members, and the members' recorded metrics (for the curves). */
  async function open(sweepId: number): Promise<void> {
    currentId.value = sweepId;
    try {
      const detail = await lab().sweeps.get(sweepId);
      details.value[sweepId] = detail;
      sweeps.value[sweepId] = detail;
      await runsStore.load(detail.experimentId);
      await Promise.all(detail.members.map((m) => runsStore.loadMetrics(m.id)));
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  /** Queue a sweep; rejects with the service's message (e.g. the invalid member) and queues nothing then. */
  async function start(experimentId: number, spec: SweepSpecInput, presetId?: string): Promise<SweepDetail> {
    runsStore.subscribe();
    const detail = await lab().sweeps.start(experimentId, spec, presetId);
    details.value[detail.id] = detail;
    sweeps.value[detail.id] = detail;
    currentId.value = detail.id;
    await runsStore.load(experimentId);
    for (const member of detail.members) runsStore.metrics[member.id] ??= [];
    return detail;
  }

  async function cancel(sweepId: number): Promise<void> {
    await lab().sweeps.cancel(sweepId);
  }

  /** Resume the sweep's interrupted and cancelled members (from their checkpoints, or from the start). */
  async function resume(sweepId: number): Promise<SweepDetail> {
    runsStore.subscribe();
    const detail = await lab().sweeps.resume(sweepId);
    details.value[detail.id] = detail;
    sweeps.value[detail.id] = detail;
    await runsStore.load(detail.experimentId);
    // Resumed members train their epochs after the checkpoint again: reload their curves.
    for (const member of detail.members) delete runsStore.metrics[member.id];
    return detail;
  }

  return { sweeps, details, presets, currentId, current, loading, error, forExperiment, members, status, load, loadPresets, open, start, cancel, resume };
});
