/**
 * Runs store: run summaries, their per-epoch metrics, live progress and reconstructions.
 *
 * Loads with invoke, then stays current through pushed events (runEpoch, runProgress,
 * runStatus); views never poll. Reconstructions are refreshed after each epoch only for runs a
 * view is watching, since each refresh runs the model in the main process.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ArchitectureSummary, EpochMetrics, GeneratedSamples, LabEvents, ReconstructionSet, ResumeStart, RunDetail, RunSummary, Unsubscribe } from '../../../shared/api.js';
import { TERMINAL_STATUSES } from '../../../shared/api.js';
import type { RunConfig, RunConfigInput } from '../../../shared/config.js';
import { remainingMs, runFraction } from '../lib/eta.js';
import { eventBatch } from '../services/event-batch.js';
import { errorMessage, lab } from '../services/lab.js';
import { compareWithReference, referencePoints } from '../../../shared/reproduction.js';

/** Live progress of a running run. */
export interface RunProgress {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  /** Fraction of the whole run done, in [0, 1]. */
  fraction: number;
  /** Estimated remaining time, null until it can be estimated. */
  etaMs: number | null;
}

/** How many samples the live and compare galleries show. */
export const RECONSTRUCTION_COUNT = 8;

export const isTerminal = (run: Pick<RunSummary, 'status'>): boolean => TERMINAL_STATUSES.includes(run.status);

export const useRunsStore = defineStore('runs', () => {
  const runs = ref<Record<number, RunSummary>>({});
  const details = ref<Record<number, RunDetail>>({});
  const metrics = ref<Record<number, EpochMetrics[]>>({});
  const progress = ref<Record<number, RunProgress>>({});
  const reconstructions = ref<Record<number, ReconstructionSet>>({});
  const reconstructionErrors = ref<Record<number, string>>({});
  /** Fixed-seed prior samples of generative runs (VAE, GAN), refreshed like the reconstructions. */
  const samples = ref<Record<number, GeneratedSamples>>({});
  const sampleErrors = ref<Record<number, string>>({});
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Run shown in the live view. */
  const currentRunId = ref<number | null>(null);
  /** Client clock when each running run started, back-computed from the elapsed time it reports. */
  const startedAt = new Map<number, number>();
  const watched = new Map<number, number>();
  const reconstructionRequests = new Map<number, Promise<void>>();
  const sampleRequests = new Map<number, Promise<void>>();
  const unsubscribers: Unsubscribe[] = [];

  const all = computed(() => Object.values(runs.value).sort((a, b) => b.id - a.id));
  const forExperiment = (experimentId: number | null): RunSummary[] =>
    all.value.filter((run) => run.experimentId === experimentId);

  function put(run: RunSummary): void {
    runs.value[run.id] = run;
  }

  function onEpoch(event: LabEvents['runEpoch']): void {
    startedAt.set(event.runId, Date.now() - event.elapsedMs);
    const list = (metrics.value[event.runId] ??= []);
    list.push(...event.metrics);
    const run = runs.value[event.runId];
    if (run) {
      const finalMetrics = { ...run.finalMetrics };
      for (const record of event.metrics) finalMetrics[record.split] = { ...record.values };
      // The report's figure beside the run, updated as validation epochs arrive.
      const latest = run.reference ? compareWithReference(run.reference, referencePoints(run.reference, event.metrics)) : null;
      const referenceComparison = latest && (latest.atReferenceEpoch || !run.referenceComparison?.atReferenceEpoch) ? latest : run.referenceComparison;
      runs.value[event.runId] = { ...run, epochsDone: event.epoch, epochsPlanned: event.epochsPlanned, finalMetrics, referenceComparison };
    } else {
      void fetchSummary(event.runId);
    }
    const fraction = event.epochsPlanned > 0 ? event.epoch / event.epochsPlanned : 0;
    const previous = progress.value[event.runId];
    progress.value[event.runId] = {
      epoch: event.epoch,
      batch: previous?.batchesPerEpoch ?? 0,
      batchesPerEpoch: previous?.batchesPerEpoch ?? 0,
      loss: previous?.loss ?? Number.NaN,
      fraction,
      etaMs: remainingMs(event.elapsedMs, fraction),
    };
    if (watched.has(event.runId)) scheduleGalleryRefresh(event.runId);
  }

  /**
   * A fast run (the font trains ~30 epochs a second) must not flood the window with gallery
   * reloads, or it stops answering clicks (Cancel included): at most one refresh of a run's
   * reconstructions and samples per GALLERY_REFRESH_MS while epochs stream in, the latest epoch's.
   */
  const GALLERY_REFRESH_MS = 400;
  const galleryTimers = new Map<number, ReturnType<typeof setTimeout>>();
  function scheduleGalleryRefresh(runId: number): void {
    if (galleryTimers.has(runId)) return;
    galleryTimers.set(
      runId,
      setTimeout(() => {
        galleryTimers.delete(runId);
        if (!watched.has(runId)) return;
        void refreshReconstructions(runId);
        void refreshSamples(runId);
      }, GALLERY_REFRESH_MS),
    );
  }

  function onProgress(event: LabEvents['runProgress']): void {
    const run = runs.value[event.runId];
    if (!run) return;
    if (!startedAt.has(event.runId)) startedAt.set(event.runId, Date.now());
    const fraction = runFraction(event.epoch, event.batch, event.batchesPerEpoch, run.epochsPlanned);
    progress.value[event.runId] = {
      epoch: event.epoch,
      batch: event.batch,
      batchesPerEpoch: event.batchesPerEpoch,
      loss: event.loss,
      fraction,
      etaMs: remainingMs(Date.now() - (startedAt.get(event.runId) ?? Date.now()), fraction),
    };
  }

  function onStatus(event: LabEvents['runStatus']): void {
    const run = runs.value[event.runId];
    if (run) runs.value[event.runId] = { ...run, status: event.status, error: event.error };
    if (TERMINAL_STATUSES.includes(event.status)) {
      delete progress.value[event.runId];
      startedAt.delete(event.runId);
      // The summary's end time, final metrics and duration are only known to the service.
      void fetchSummary(event.runId);
      if (watched.has(event.runId)) void refreshReconstructions(event.runId);
      if (watched.has(event.runId)) void refreshSamples(event.runId);
    } else if (!run) {
      void fetchSummary(event.runId);
    }
  }

  /**
   * Epoch and progress events are applied in batches (services/event-batch.ts), in the order they came:
   * one re-render of the header, charts and tables per batch rather than one per epoch, so that a run
   * finishing dozens of epochs a second leaves the window responsive. A status change applies what is
   * pending first.
   */
  type RunEvent = { epoch: LabEvents['runEpoch'] } | { progress: LabEvents['runProgress'] };
  const runEvents = eventBatch<RunEvent>((events) => {
    for (const event of events) {
      if ('epoch' in event) onEpoch(event.epoch);
      else onProgress(event.progress);
    }
  });

  /** Listen to run events; safe to call more than once. */
  function subscribe(): void {
    if (unsubscribers.length > 0) return;
    unsubscribers.push(
      lab().on('runEpoch', (epoch) => runEvents.push({ epoch })),
      lab().on('runProgress', (progress) => runEvents.push({ progress })),
      lab().on('runStatus', (event) => {
        runEvents.flush();
        onStatus(event);
      }),
    );
  }

  function dispose(): void {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
    runEvents.flush();
    for (const timer of galleryTimers.values()) clearTimeout(timer);
    galleryTimers.clear();
  }

  async function fetchSummary(runId: number): Promise<void> {
    try {
      const detail = await lab().runs.get(runId);
      details.value[runId] = detail;
      const { backendReport: _report, durationMs: _duration, artifacts: _artifacts, architecture: _architecture, ...summary } = detail;
      put(summary);
    } catch (e) {
      // The run may have been deleted meanwhile; anything else is worth showing.
      if (runs.value[runId]) error.value = errorMessage(e);
    }
  }

  /** Load the runs of an experiment (all runs when omitted). */
  async function load(experimentId?: number): Promise<void> {
    subscribe();
    loading.value = true;
    error.value = null;
    try {
      const list = await lab().runs.list(experimentId);
      for (const run of list) put(run);
    } catch (e) {
      error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  /** Load a run's full record (config, backend report, architecture, artifacts). */
  async function loadDetail(runId: number): Promise<RunDetail> {
    const detail = await lab().runs.get(runId);
    details.value[runId] = detail;
    return detail;
  }

  /** Load the recorded metrics of a run (replacing what events appended so far). */
  async function loadMetrics(runId: number): Promise<EpochMetrics[]> {
    const list = await lab().runs.metrics(runId);
    // Epochs pushed while the request was in flight are newer than its answer: keep them.
    const lastLoaded = list.reduce((last, record) => Math.max(last, record.epoch), 0);
    const newer = (metrics.value[runId] ?? []).filter((record) => record.epoch > lastLoaded);
    metrics.value[runId] = [...list, ...newer];
    return metrics.value[runId];
  }

  /** Fetch reconstructions now; concurrent requests for one run share one call. */
  function refreshReconstructions(runId: number, count = RECONSTRUCTION_COUNT): Promise<void> {
    const pending = reconstructionRequests.get(runId);
    if (pending) return pending;
    const request = (async () => {
      try {
        const set = await lab().runs.artifact(runId, 'reconstructions');
        reconstructions.value[runId] = { ...set, inputs: set.inputs.slice(0, count), outputs: set.outputs.slice(0, count), labels: set.labels.slice(0, count) };
        delete reconstructionErrors.value[runId];
      } catch (e) {
        reconstructionErrors.value[runId] = errorMessage(e);
      } finally {
        reconstructionRequests.delete(runId);
      }
    })();
    reconstructionRequests.set(runId, request);
    return request;
  }

  /** Fetch a run's prior samples now (empty for runs that draw none); concurrent requests share one call. */
  function refreshSamples(runId: number): Promise<void> {
    const pending = sampleRequests.get(runId);
    if (pending) return pending;
    const request = (async () => {
      try {
        samples.value[runId] = await lab().runs.artifact(runId, 'samples');
        delete sampleErrors.value[runId];
      } catch (e) {
        sampleErrors.value[runId] = errorMessage(e);
      } finally {
        sampleRequests.delete(runId);
      }
    })();
    sampleRequests.set(runId, request);
    return request;
  }

  /** Keep a run's reconstructions (and prior samples) fresh while a view shows it; returns the function that stops. */
  function watchReconstructions(runId: number): () => void {
    watched.set(runId, (watched.get(runId) ?? 0) + 1);
    void refreshReconstructions(runId);
    void refreshSamples(runId);
    return () => {
      const count = (watched.get(runId) ?? 1) - 1;
      if (count <= 0) watched.delete(runId);
      else watched.set(runId, count);
    };
  }

  /** Validate a config with the service and describe its architecture; rejects with the service's message. */
  function validate(config: RunConfigInput): Promise<{ config: RunConfig; architecture: ArchitectureSummary }> {
    return lab().runs.validate(config);
  }

  /** Start a run; it becomes the current run of the live view. */
  async function start(experimentId: number, config: RunConfigInput, presetId?: string): Promise<RunSummary> {
    subscribe();
    const run = await lab().runs.start(experimentId, config, presetId);
    // An epoch event may have arrived before this reply: keep whatever is newer.
    const known = runs.value[run.id];
    if (!known || known.epochsDone <= run.epochsDone) put(run);
    metrics.value[run.id] ??= [];
    currentRunId.value = run.id;
    return run;
  }

  async function cancel(runId: number): Promise<void> {
    await lab().runs.cancel(runId);
  }

  /**
   * Resume an interrupted or cancelled run from its checkpoint; it becomes the current run. The
   * epochs recorded after the checkpoint are trained again, so they leave the cached curve now.
   */
  async function resume(runId: number): Promise<ResumeStart> {
    subscribe();
    const started = await lab().runs.resume(runId);
    metrics.value[runId] = (metrics.value[runId] ?? []).filter((m) => m.epoch <= started.fromEpoch);
    const known = runs.value[runId];
    if (!known || known.status !== 'running' || known.epochsDone <= started.run.epochsDone) put(started.run);
    currentRunId.value = runId;
    return started;
  }

  async function update(runId: number, patch: { name?: string; tags?: string[]; notes?: string }): Promise<RunSummary> {
    const updated = await lab().runs.update(runId, patch);
    put(updated);
    return updated;
  }

  async function remove(runId: number): Promise<void> {
    await lab().runs.delete(runId);
    delete runs.value[runId];
    delete details.value[runId];
    delete metrics.value[runId];
    delete progress.value[runId];
    delete reconstructions.value[runId];
    delete samples.value[runId];
    if (currentRunId.value === runId) currentRunId.value = null;
  }

  return {
    runs, details, metrics, progress, reconstructions, reconstructionErrors, loading, error, currentRunId, all,
    forExperiment, subscribe, dispose, load, loadDetail, loadMetrics, refreshReconstructions, watchReconstructions,
    samples, sampleErrors, refreshSamples,
    validate, start, cancel, resume, update, remove,
  };
});
