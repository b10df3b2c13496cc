/**
 * Anomaly store: the anomaly reports of runs with `config.anomaly`, and the threshold each is
 * being explored at. Reports are loaded on demand and reloaded when a shown run scores again
 * (an epoch with AUROC in it) or ends; the threshold maths runs in the view, live.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AnomalyReport, LabEvents, Unsubscribe } from '../../../shared/api.js';
import { TERMINAL_STATUSES } from '../../../shared/api.js';
import type { AnomalyThreshold } from '../../../shared/config.js';
import { errorMessage, lab } from '../services/lab.js';

/** The threshold the user explores: every mode's parameter is kept, so switching back restores it. */
export interface ThresholdChoice {
  mode: AnomalyThreshold['mode'];
  k: number;
  percentile: number;
  /** The manual error value (what the slider sets). */
  value: number;
}

/** The threshold a choice stands for, as the shared schema spells it. */
export function thresholdOf(choice: ThresholdChoice): AnomalyThreshold {
  if (choice.mode === 'meanStd') return { mode: 'meanStd', k: choice.k };
  if (choice.mode === 'percentile') return { mode: 'percentile', percentile: choice.percentile };
  return { mode: 'manual', value: choice.value };
}

/** A choice starting at the run's configured threshold. */
export function choiceFrom(report: AnomalyReport): ThresholdChoice {
  const t = report.threshold;
  return {
    mode: t.mode,
    k: t.mode === 'meanStd' ? t.k : 3,
    percentile: t.mode === 'percentile' ? t.percentile : 95,
    value: Number.isFinite(report.thresholdValue) ? report.thresholdValue : 0,
  };
}

export const useAnomalyStore = defineStore('anomaly', () => {
  const reports = ref<Record<number, AnomalyReport>>({});
  const errors = ref<Record<number, string>>({});
  const choices = ref<Record<number, ThresholdChoice>>({});
  /** Run shown in the Anomaly view. */
  const selectedRunId = ref<number | null>(null);
  /** The histogram shows each group's share rather than counts (groups differ in size). */
  const showShares = ref(true);
  const watched = new Set<number>();
  const unsubscribers: Unsubscribe[] = [];

  async function load(runId: number): Promise<void> {
    try {
      const report = await lab().runs.artifact(runId, 'anomaly');
      reports.value[runId] = report;
      delete errors.value[runId];
      if (!choices.value[runId] && report.epoch !== null) choices.value[runId] = choiceFrom(report);
    } catch (e) {
      errors.value[runId] = errorMessage(e);
    }
  }

  function onEpoch(event: LabEvents['runEpoch']): void {
    const scored = event.metrics.some((m) => m.split === 'val' && m.values.auroc !== undefined);
    if (scored && watched.has(event.runId)) void load(event.runId);
  }

  function onStatus(event: LabEvents['runStatus']): void {
    if (TERMINAL_STATUSES.includes(event.status) && watched.has(event.runId)) void load(event.runId);
  }

  /** Load a run's report and keep it current while shown; returns the function that stops. */
  function watch(runId: number): () => void {
    if (unsubscribers.length === 0) unsubscribers.push(lab().on('runEpoch', onEpoch), lab().on('runStatus', onStatus));
    watched.add(runId);
    void load(runId);
    return () => void watched.delete(runId);
  }

  function setChoice(runId: number, patch: Partial<ThresholdChoice>): void {
    const current = choices.value[runId];
    if (current) choices.value[runId] = { ...current, ...patch };
  }

  /** Back to the run's configured threshold. */
  function resetChoice(runId: number): void {
    const report = reports.value[runId];
    if (report && report.epoch !== null) choices.value[runId] = choiceFrom(report);
  }

  function dispose(): void {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    watched.clear();
  }

  return { reports, errors, choices, selectedRunId, showShares, load, watch, setChoice, resetChoice, dispose };
});
