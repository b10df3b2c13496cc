import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLab } from '../../../../src/renderer/src/services/lab.js';
import { useStepsStore } from '../../../../src/renderer/src/stores/steps.js';
import { createMemoryLab, stepPoint, summary, type MemoryLab } from './memory-lab.js';

describe('steps store', () => {
  let memory: MemoryLab;
  beforeEach(() => {
    memory = createMemoryLab();
    memory.runs.push(summary(1));
    setLab(memory.lab);
    setActivePinia(createPinia());
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies pushed step batches a few times a second, not one redraw per batch, after the points it loaded', async () => {
    const store = useStepsStore();
    store.subscribe();
    await store.load(1);
    expect(store.points[1]?.map((p) => p.step)).toEqual([1, 2]);
    vi.useFakeTimers();
    // A fast run pushes a batch per epoch; one of them repeats a loaded step.
    for (let step = 2; step <= 30; step++) memory.emit('runSteps', { runId: 1, points: [stepPoint(step)] });
    expect(store.points[1]).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(store.points[1]?.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Points of a run that is not loaded are left to its load.
    memory.emit('runSteps', { runId: 2, points: [stepPoint(1)] });
    await vi.advanceTimersByTimeAsync(200);
    expect(store.points[2]).toBeUndefined();
    store.dispose();
    expect(memory.listenerCount()).toBe(0);
  });

  it('a dispose applies what is pending', async () => {
    const store = useStepsStore();
    store.subscribe();
    await store.load(1);
    vi.useFakeTimers();
    memory.emit('runSteps', { runId: 1, points: [stepPoint(3)] });
    store.dispose();
    expect(store.points[1]?.map((p) => p.step)).toEqual([1, 2, 3]);
  });
});
