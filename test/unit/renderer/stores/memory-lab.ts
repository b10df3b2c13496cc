/**
 * An in-memory LabApi for store tests: experiments and runs kept in arrays, and an `emit` that
 * pushes events the way the transports do. The real services need SQLite, workers and datasets,
 * which these tests of renderer state do not exercise.
 */
import type { EpochMetrics, Experiment, LabEventName, LabEvents, ReconstructionSet, RunDetail, RunSummary, StepPoint } from '../../../../src/shared/api.js';
import type { LabContract } from '../../../../src/shared/api-schemas.js';
import { FONT_CONFIG } from '../../shared/run-fixture.js';
import type { ArtifactPayloads, JsonArtifactKind } from '../../../../src/shared/artifacts.js';

export interface MemoryLab {
  lab: LabContract;
  emit<E extends LabEventName>(event: E, payload: LabEvents[E]): void;
  listenerCount(): number;
  calls: string[];
  runs: RunSummary[];
  experiments: Experiment[];
}

export function summary(id: number, patch: Partial<RunSummary> = {}): RunSummary {
  return {
    id, experimentId: 1, name: `run ${id}`, status: 'running', presetId: null, datasetId: 'font5x7', modelKind: 'dense',
    backend: 'wasm', epochsDone: 0, epochsPlanned: 4, createdAt: '', startedAt: null, endedAt: null,
    finalMetrics: { train: {}, val: {} }, error: null, tags: [], notes: '', sweepId: null, reference: null, referenceComparison: null, config: FONT_CONFIG, ...patch,
  };
}

/** A per-step point of epoch 1 (4 steps an epoch). */
export function stepPoint(step: number, loss = 1 / step): StepPoint {
  return { step, epoch: 1 + Math.floor((step - 1) / 4), batch: 1 + ((step - 1) % 4), batchesPerEpoch: 4, elapsedMs: step * 10, values: { loss } };
}

export function createMemoryLab(): MemoryLab {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: string[] = [];
  const runs: RunSummary[] = [];
  const metrics = new Map<number, EpochMetrics[]>();
  const experiments: Experiment[] = [];
  const findRun = (id: number): RunSummary => {
    const run = runs.find((r) => r.id === id);
    if (!run) throw new Error(`run ${id} not found`);
    return run;
  };
  const setExperiment = (id: number, patch: Partial<Experiment>): Experiment => {
    const index = experiments.findIndex((e) => e.id === id);
    if (index === -1) throw new Error(`experiment ${id} not found`);
    const updated = { ...experiments[index]!, ...patch };
    experiments[index] = updated;
    return updated;
  };
  const reconstruction = (runId: number): ReconstructionSet => ({
    sampleShape: [2], inputs: [[0, 1]], outputs: [[runId / 10, 1]], labels: [null],
  });
  const unsupported = (): never => {
    throw new Error('not part of the in-memory LabApi');
  };

  const lab = {
    app: { info: unsupported, getSettings: unsupported, setSettings: unsupported },
    experiments: {
      list: async () => experiments.map((e) => ({ ...e })),
      create: async (name: string) => {
        const created = { id: experiments.length + 1, name, closed: false, createdAt: '' };
        experiments.push(created);
        return { ...created };
      },
      rename: async (id: number, name: string) => setExperiment(id, { name }),
      setClosed: async (id: number, closed: boolean) => setExperiment(id, { closed }),
    },
    runs: {
      list: async (experimentId?: number) => runs.filter((r) => experimentId === undefined || r.experimentId === experimentId).map((r) => ({ ...r })),
      get: async (id: number): Promise<RunDetail> => {
        calls.push(`runs.get ${id}`);
        return { ...findRun(id), config: {} as RunDetail['config'], backendReport: null, durationMs: 1234, artifacts: [], architecture: null };
      },
      metrics: async (id: number) => [...(metrics.get(id) ?? [])],
      steps: async (id: number) => (id === 1 ? [stepPoint(1), stepPoint(2)] : []),
      artifact: async <K extends JsonArtifactKind>(id: number, kind: K): Promise<ArtifactPayloads[K]> => {
        calls.push(`runs.artifact ${id} ${kind}`);
        const payloads: Partial<ArtifactPayloads> = {
          reconstructions: reconstruction(id),
          samples: { sampleShape: [2], samples: [[id / 10, 0], [0, id / 10]], epoch: findRun(id).epochsDone },
        };
        const payload = payloads[kind];
        if (!payload) throw new Error(`the memory lab has no ${kind} artifact`);
        return payload as ArtifactPayloads[K];
      },
      update: async (id: number, patch: Partial<RunSummary>) => Object.assign(findRun(id), patch),
      delete: async (id: number) => {
        runs.splice(runs.indexOf(findRun(id)), 1);
      },
      cancel: async () => {},
      start: unsupported,
      validate: unsupported,
    },
    on: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };

  return {
    lab: lab as unknown as LabContract,
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
    calls,
    runs,
    experiments,
  };
}
