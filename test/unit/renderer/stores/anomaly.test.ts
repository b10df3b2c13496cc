import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnomalyReport } from '../../../../src/shared/api.js';
import { setLab } from '../../../../src/renderer/src/services/lab.js';
import { thresholdOf, useAnomalyStore } from '../../../../src/renderer/src/stores/anomaly.js';
import { createMemoryLab, type MemoryLab } from './memory-lab.js';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const report = (epoch: number): AnomalyReport => ({
  epoch, sampleShape: [2], score: 'mse', normalClasses: [0], evaluationSplit: 'test',
  scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1], isAnomaly: [false, false, true, true],
  trainNormalErrors: [1, 2, 3, 4], threshold: { mode: 'meanStd', k: 2 }, thresholdValue: 2.5 + 2 * Math.sqrt(1.25),
  worst: [], normalExamples: [],
});

describe('anomaly store', () => {
  let memory: MemoryLab;
  let served: number[];
  beforeEach(() => {
    memory = createMemoryLab();
    served = [];
    // The in-memory LabApi has no anomaly reports: this one answers with a report per call, numbered by epoch.
    (memory.lab.runs as unknown as { artifact: (id: number, kind: 'anomaly') => Promise<AnomalyReport> }).artifact = async (id) => {
      served.push(id);
      return report(served.length);
    };
    setLab(memory.lab);
    setActivePinia(createPinia());
  });

  it('loads a watched run’s report and starts exploring at its configured threshold; reset goes back to it', async () => {
    const store = useAnomalyStore();
    store.watch(7);
    await flush();
    expect(store.reports[7]?.epoch).toBe(1);
    expect(store.choices[7]).toEqual({ mode: 'meanStd', k: 2, percentile: 95, value: 2.5 + 2 * Math.sqrt(1.25) });
    store.setChoice(7, { mode: 'manual', value: 0.3 });
    expect(thresholdOf(store.choices[7]!)).toEqual({ mode: 'manual', value: 0.3 });
    store.resetChoice(7);
    expect(thresholdOf(store.choices[7]!)).toEqual({ mode: 'meanStd', k: 2 });
  });

  it('reloads only after epochs that scored (AUROC in the val metrics) or when the run ends, and only while watched', async () => {
    const store = useAnomalyStore();
    const stop = store.watch(7);
    await flush();
    memory.emit('runEpoch', { runId: 7, epoch: 2, epochsPlanned: 4, elapsedMs: 1, metrics: [{ epoch: 2, split: 'train', values: { loss: 1 } }] });
    await flush();
    expect(served).toEqual([7]);
    memory.emit('runEpoch', { runId: 7, epoch: 3, epochsPlanned: 4, elapsedMs: 1, metrics: [{ epoch: 3, split: 'val', values: { loss: 1, auroc: 0.9 } }] });
    await flush();
    expect(store.reports[7]?.epoch).toBe(2);
    memory.emit('runStatus', { runId: 7, status: 'completed', error: null });
    await flush();
    expect(served).toEqual([7, 7, 7]);
    stop();
    memory.emit('runStatus', { runId: 7, status: 'completed', error: null });
    await flush();
    expect(served).toHaveLength(3);
  });

  it('keeps the service’s message when a report cannot load', async () => {
    (memory.lab.runs as unknown as { artifact: (id: number, kind: 'anomaly') => Promise<AnomalyReport> }).artifact = async (id) => {
      throw new Error(`run ${id} is not an anomaly-detection run`);
    };
    const store = useAnomalyStore();
    store.watch(3);
    await flush();
    expect(store.errors[3]).toBe('run 3 is not an anomaly-detection run');
    expect(store.reports[3]).toBeUndefined();
  });
});
