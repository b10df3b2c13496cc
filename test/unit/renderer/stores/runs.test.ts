import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLab } from '../../../../src/renderer/src/services/lab.js';
import { useRunsStore } from '../../../../src/renderer/src/stores/runs.js';
import { createMemoryLab, summary, type MemoryLab } from './memory-lab.js';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** Epoch events apply in batches (every 200 ms) and galleries refresh at most every 400 ms: run those timers. */
const settleEpochs = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(1000);
};

describe('runs store', () => {
  let memory: MemoryLab;
  beforeEach(() => {
    memory = createMemoryLab();
    memory.runs.push(summary(1), summary(2, { experimentId: 2, status: 'completed' }));
    setLab(memory.lab);
    setActivePinia(createPinia());
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads the runs of an experiment and subscribes once to the three run events', async () => {
    const store = useRunsStore();
    await store.load(1);
    await store.load(1);
    expect(store.forExperiment(1).map((r) => r.id)).toEqual([1]);
    expect(memory.listenerCount()).toBe(3);
    store.dispose();
    expect(memory.listenerCount()).toBe(0);
  });

  it('appends epoch metrics and moves the run’s epoch count and final metrics as epochs end', async () => {
    const store = useRunsStore();
    await store.load(1);
    vi.useFakeTimers();
    memory.emit('runEpoch', {
      runId: 1, epoch: 1, epochsPlanned: 4, elapsedMs: 2000,
      metrics: [{ epoch: 1, split: 'train', values: { loss: 0.5 } }, { epoch: 1, split: 'val', values: { loss: 0.6 } }],
    });
    expect(store.metrics[1]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(store.metrics[1]).toHaveLength(2);
    expect(store.runs[1]?.epochsDone).toBe(1);
    expect(store.runs[1]?.finalMetrics.val).toEqual({ loss: 0.6 });
    expect(store.progress[1]?.fraction).toBe(0.25);
    expect(store.progress[1]?.etaMs).toBe(6000);
  });

  it('applies a burst of epochs in one batch, and a status change applies the pending epochs before it', async () => {
    const store = useRunsStore();
    await store.load(1);
    vi.useFakeTimers();
    for (let epoch = 1; epoch <= 30; epoch++) {
      memory.emit('runEpoch', { runId: 1, epoch, epochsPlanned: 40, elapsedMs: epoch * 30, metrics: [{ epoch, split: 'train', values: { loss: 1 / epoch } }] });
    }
    expect(store.metrics[1]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(store.metrics[1]?.map((m) => m.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    memory.emit('runEpoch', { runId: 1, epoch: 31, epochsPlanned: 40, elapsedMs: 930, metrics: [{ epoch: 31, split: 'train', values: { loss: 0.03 } }] });
    memory.emit('runStatus', { runId: 1, status: 'cancelled', error: null });
    expect(store.metrics[1]).toHaveLength(31);
    expect(store.runs[1]?.status).toBe('cancelled');
  });

  it('tracks batch progress with the fraction of the whole run, applied with the epochs in the order they came', async () => {
    const store = useRunsStore();
    await store.load(1);
    vi.useFakeTimers();
    memory.emit('runProgress', { runId: 1, epoch: 2, batch: 5, batchesPerEpoch: 10, loss: 0.4, elapsedMs: 0 });
    expect(store.progress[1]).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(store.progress[1]).toMatchObject({ epoch: 2, batch: 5, fraction: 0.375, loss: 0.4 });
    memory.emit('runEpoch', { runId: 1, epoch: 2, epochsPlanned: 4, elapsedMs: 2000, metrics: [] });
    memory.emit('runProgress', { runId: 1, epoch: 3, batch: 1, batchesPerEpoch: 10, loss: 0.3, elapsedMs: 0 });
    await vi.advanceTimersByTimeAsync(200);
    expect(store.progress[1]).toMatchObject({ epoch: 3, batch: 1, loss: 0.3 });
  });

  it('on a terminal status clears progress and re-reads the run for its final record', async () => {
    const store = useRunsStore();
    await store.load(1);
    memory.emit('runProgress', { runId: 1, epoch: 1, batch: 1, batchesPerEpoch: 10, loss: 0.4, elapsedMs: 0 });
    // The status applies the pending progress first, then clears it.
    memory.runs[0]!.status = 'completed';
    memory.runs[0]!.epochsDone = 4;
    memory.emit('runStatus', { runId: 1, status: 'completed', error: null });
    expect(store.runs[1]?.status).toBe('completed');
    expect(store.progress[1]).toBeUndefined();
    await flush();
    expect(memory.calls).toContain('runs.get 1');
    expect(store.runs[1]?.epochsDone).toBe(4);
    expect(store.details[1]?.durationMs).toBe(1234);
  });

  it('refreshes reconstructions after each epoch only while a view watches the run', async () => {
    const store = useRunsStore();
    await store.load(1);
    const stop = store.watchReconstructions(1);
    await flush();
    vi.useFakeTimers();
    expect(store.reconstructions[1]?.outputs[0]?.[0]).toBeCloseTo(0.1);
    memory.emit('runEpoch', { runId: 1, epoch: 1, epochsPlanned: 4, elapsedMs: 10, metrics: [] });
    await settleEpochs();
    expect(memory.calls.filter((c) => c === 'runs.artifact 1 reconstructions')).toHaveLength(2);
    stop();
    memory.emit('runEpoch', { runId: 1, epoch: 2, epochsPlanned: 4, elapsedMs: 20, metrics: [] });
    await settleEpochs();
    expect(memory.calls.filter((c) => c === 'runs.artifact 1 reconstructions')).toHaveLength(2);
  });

  it('refreshes the prior samples with the reconstructions after each epoch while a view watches the run', async () => {
    const store = useRunsStore();
    await store.load(1);
    const stop = store.watchReconstructions(1);
    await flush();
    vi.useFakeTimers();
    expect(store.samples[1]?.samples).toHaveLength(2);
    memory.emit('runEpoch', { runId: 1, epoch: 1, epochsPlanned: 4, elapsedMs: 10, metrics: [] });
    await settleEpochs();
    expect(memory.calls.filter((c) => c === 'runs.artifact 1 samples')).toHaveLength(2);
    stop();
    memory.emit('runEpoch', { runId: 1, epoch: 2, epochsPlanned: 4, elapsedMs: 20, metrics: [] });
    await settleEpochs();
    expect(memory.calls.filter((c) => c === 'runs.artifact 1 samples')).toHaveLength(2);
    await store.remove(1);
    expect(store.samples[1]).toBeUndefined();
  });

  it('fetches a run it did not know when one of its events arrives (started elsewhere)', async () => {
    memory.runs.push(summary(7));
    const store = useRunsStore();
    await store.load(1);
    memory.emit('runStatus', { runId: 7, status: 'running', error: null });
    await flush();
    expect(store.runs[7]?.name).toBe('run 7');
  });

  it('edits tags and deletes runs through the service', async () => {
    const store = useRunsStore();
    await store.load();
    await store.update(2, { tags: ['best'] });
    expect(store.runs[2]?.tags).toEqual(['best']);
    store.currentRunId = 2;
    await store.remove(2);
    expect(store.runs[2]).toBeUndefined();
    expect(store.currentRunId).toBeNull();
    expect(memory.runs.map((r) => r.id)).toEqual([1]);
  });
});
