/**
 * Per-step metrics store: the batch loss of a run every N steps. Loads a run's points with invoke,
 * then appends the batches the `runSteps` event pushes while it trains (applied a few times a second,
 * services/event-batch.ts: a fast run pushes one per epoch, and each redraws the step chart).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LabEvents, StepPoint, Unsubscribe } from '../../../shared/api.js';
import { eventBatch } from '../services/event-batch.js';
import { errorMessage, lab } from '../services/lab.js';

export const useStepsStore = defineStore('steps', () => {
  const points = ref<Record<number, StepPoint[]>>({});
  const error = ref<string | null>(null);
  const unsubscribers: Unsubscribe[] = [];

  /** Append pushed points after the last known step (a load racing with a push must not duplicate). */
  function onSteps(event: LabEvents['runSteps']): void {
    const list = points.value[event.runId];
    if (!list) return; // not loaded: a later load reads them from the store
    const last = list.at(-1)?.step ?? 0;
    list.push(...event.points.filter((p) => p.step > last));
  }

  const incoming = eventBatch<LabEvents['runSteps']>((events) => {
    for (const event of events) onSteps(event);
  });

  async function load(runId: number): Promise<void> {
    incoming.flush();
    try {
      const loaded = await lab().runs.steps(runId);
      const pushed = points.value[runId] ?? [];
      const last = loaded.at(-1)?.step ?? 0;
      points.value[runId] = [...loaded, ...pushed.filter((p) => p.step > last)];
      error.value = null;
    } catch (e) {
      error.value = errorMessage(e);
    }
  }

  function subscribe(): void {
    if (unsubscribers.length > 0) return;
    unsubscribers.push(lab().on('runSteps', (event) => incoming.push(event)));
  }

  function dispose(): void {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    incoming.flush();
  }

  return { points, error, load, subscribe, dispose };
});
