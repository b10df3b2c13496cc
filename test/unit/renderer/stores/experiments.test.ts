import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLab } from '../../../../src/renderer/src/services/lab.js';
import { useExperimentsStore } from '../../../../src/renderer/src/stores/experiments.js';
import { createMemoryLab, type MemoryLab } from './memory-lab.js';

describe('experiments store', () => {
  let memory: MemoryLab;
  beforeEach(() => {
    memory = createMemoryLab();
    setLab(memory.lab);
    setActivePinia(createPinia());
  });

  it('activates a newly created experiment', async () => {
    const store = useExperimentsStore();
    await store.create('A');
    const b = await store.create('B');
    expect(store.activeId).toBe(b.id);
    expect(store.openExperiments.map((e) => e.name)).toEqual(['A', 'B']);
  });

  it('closing the active tab activates its left neighbour; reopening brings it back active', async () => {
    const store = useExperimentsStore();
    const a = await store.create('A');
    const b = await store.create('B');
    const c = await store.create('C');
    store.activate(b.id);
    await store.close(b.id);
    expect(store.activeId).toBe(a.id);
    expect(store.closedExperiments.map((e) => e.id)).toEqual([b.id]);
    await store.close(a.id);
    expect(store.activeId).toBe(c.id);
    await store.reopen(b.id);
    expect(store.activeId).toBe(b.id);
    expect(memory.experiments.find((e) => e.id === b.id)?.closed).toBe(false);
  });

  it('loads the list and picks the first open experiment', async () => {
    memory.experiments.push({ id: 1, name: 'old', closed: true, createdAt: '' }, { id: 2, name: 'open', closed: false, createdAt: '' });
    const store = useExperimentsStore();
    await store.load();
    expect(store.activeId).toBe(2);
    await store.rename(2, 'renamed');
    expect(store.active?.name).toBe('renamed');
  });

  it('keeps a load failure for the view to show', async () => {
    memory.lab.experiments.list = async () => {
      throw new Error('database is locked');
    };
    const store = useExperimentsStore();
    await store.load();
    expect(store.error).toBe('database is locked');
    expect(store.loading).toBe(false);
  });
});
