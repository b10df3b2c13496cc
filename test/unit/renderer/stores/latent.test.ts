import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LatentDecoded, OpenedModel } from '../../../../src/shared/api.js';
import type { LabContract } from '../../../../src/shared/api-schemas.js';
import { setLab } from '../../../../src/renderer/src/services/lab.js';
import { useLatentStore } from '../../../../src/renderer/src/stores/latent.js';
import { summary } from './memory-lab.js';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A LabApi with only what the latent store calls; each decode answers when the test says so. */
function latentLab() {
  const decodes: { points: number[][]; resolve: (value: LatentDecoded) => void }[] = [];
  const opened: number[] = [];
  const closed: number[] = [];
  let nextModel = 1;
  const model = (id: number): OpenedModel => ({ id, dir: `/runs/${id}`, parts: ['autoencoder', 'encoder', 'decoder'], inputShape: [7, 5, 1], codeSize: 2, conditionClasses: null, totalParams: 10 });
  const lab = {
    models: {
      openRun: async (runId: number) => {
        opened.push(runId);
        return model(nextModel++);
      },
      close: async (modelId: number) => void closed.push(modelId),
    },
    latent: {
      decode: (_modelId: number, points: number[][]) =>
        new Promise<LatentDecoded>((resolve) => decodes.push({ points, resolve })),
    },
  } as unknown as LabContract;
  const answer = (i: number) => decodes[i]!.resolve({ sampleShape: [1], images: [{ values: [i], code: decodes[i]!.points[0]! }], points: decodes[i]!.points as [number, number][] });
  return { lab, decodes, opened, closed, answer };
}

describe('latent store', () => {
  let fake: ReturnType<typeof latentLab>;
  beforeEach(() => {
    fake = latentLab();
    setLab(fake.lab);
    setActivePinia(createPinia());
  });

  it('keeps one decode in flight while the pointer moves, then sends only the latest point', async () => {
    const store = useLatentStore();
    await store.choose({ kind: 'run', runId: 4 }, summary(4, { epochsDone: 3 }));
    store.decodeAt([0, 0]);
    store.decodeAt([1, 1]);
    store.decodeAt([2, 2]);
    store.decodeAt([3, 3]);
    await flush();
    expect(fake.decodes.map((d) => d.points)).toEqual([[[0, 0]]]);
    fake.answer(0);
    await flush();
    expect(store.decoded?.point).toEqual([0, 0]);
    expect(fake.decodes.map((d) => d.points)).toEqual([[[0, 0]], [[3, 3]]]);
    fake.answer(1);
    await flush();
    expect(store.decoded?.point).toEqual([3, 3]);
    expect(store.decodeCount).toBe(2);
    expect(fake.decodes).toHaveLength(2);
  });

  it("opens a run's checkpoint once, and again (closing the old one) after the run trained further", async () => {
    const store = useLatentStore();
    await store.choose({ kind: 'run', runId: 4 }, summary(4, { epochsDone: 3 }));
    await store.choose({ kind: 'run', runId: 4 }, summary(4, { epochsDone: 3 }));
    expect(fake.opened).toEqual([4]);
    expect(store.datasetId).toBe('font5x7');
    await store.choose({ kind: 'run', runId: 4 }, summary(4, { epochsDone: 5 }));
    expect(fake.opened).toEqual([4, 4]);
    expect(fake.closed).toEqual([1]);
    expect(store.model?.id).toBe(2);
  });

  it('drops a decode answer about a model that is no longer chosen', async () => {
    const store = useLatentStore();
    await store.choose({ kind: 'run', runId: 4 }, summary(4, { epochsDone: 3 }));
    store.decodeAt([1, 2]);
    await flush();
    await store.choose({ kind: 'run', runId: 5 }, summary(5, { epochsDone: 3 }));
    fake.answer(0);
    await flush();
    expect(store.decoded).toBeNull();
  });
});
