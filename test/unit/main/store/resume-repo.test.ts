/** RunsRepo.prepareResume: the run record a resume continues in (real SQLite). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { Store } from '../../../../src/main/store/index.js';

const config = parseRunConfig({
  dataset: { id: 'font5x7', valFraction: 0 },
  model: { kind: 'dense', encoder: [16, 2] },
  training: { epochs: 10, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01 } },
});

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-resume-repo-'));
  store = new Store(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A run that recorded `epochs` epochs of 4 steps (a point per step) and then stopped with `status`. */
function stoppedRun(epochs: number, status: 'interrupted' | 'cancelled' | 'completed'): number {
  const experiment = store.experiments.create('e');
  const run = store.runs.create({ experimentId: experiment.id, name: 'r', presetId: null, config });
  store.runs.markRunning(run.id);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    store.runs.recordEpoch(run.id, epoch, [{ epoch, split: 'train', values: { loss: 1 / epoch } }]);
    store.steps.append(run.id, [1, 2, 3, 4].map((batch) => ({ step: (epoch - 1) * 4 + batch, epoch, batch, batchesPerEpoch: 4, elapsedMs: 0, values: { loss: 1 } })));
  }
  store.runs.finish(run.id, status, status === 'completed' ? null : 'stopped');
  return run.id;
}

describe('RunsRepo.prepareResume', () => {
  it('queues the run again with the epochs and steps up to the checkpoint, dropping the later ones', () => {
    const id = stoppedRun(7, 'interrupted');
    store.runs.prepareResume(id, { epochs: 5, steps: 20 });
    const run = store.runs.summary(id);
    expect([run.status, run.epochsDone, run.error, run.endedAt]).toEqual(['queued', 5, null, null]);
    expect(store.runs.metrics(id).map((m) => m.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(store.steps.list(id).at(-1)!.step).toBe(20);
  });

  it('keeps the training time of a cancelled run and adds the resumed part to it', async () => {
    const experiment = store.experiments.create('e');
    const id = store.runs.create({ experimentId: experiment.id, name: 'r', presetId: null, config }).id;
    store.runs.markRunning(id);
    await new Promise((resolve) => setTimeout(resolve, 80));
    store.runs.finish(id, 'cancelled', null);
    const before = store.runs.detail(id).durationMs!;
    expect(before).toBeGreaterThanOrEqual(75);
    store.runs.prepareResume(id, { epochs: 0, steps: 0 });
    store.runs.markRunning(id);
    await new Promise((resolve) => setTimeout(resolve, 30));
    store.runs.finish(id, 'completed', null);
    // Without the earlier part it would read about 30 ms.
    expect(store.runs.detail(id).durationMs).toBeGreaterThanOrEqual(before + 25);
  });

  it('changes the planned epochs in the record and in the config when asked', () => {
    const id = stoppedRun(3, 'cancelled');
    store.runs.prepareResume(id, { epochs: 3, steps: 12 }, 25);
    expect(store.runs.summary(id).epochsPlanned).toBe(25);
    expect(store.runs.config(id).training.epochs).toBe(25);
  });

  it('refuses a run that is no longer interrupted or cancelled, and changes nothing', () => {
    const id = stoppedRun(4, 'completed');
    expect(() => store.runs.prepareResume(id, { epochs: 2, steps: 8 })).toThrow(`run ${id} is no longer interrupted or cancelled: it was resumed meanwhile`);
    expect(store.runs.metrics(id)).toHaveLength(4);
    expect(store.runs.summary(id).status).toBe('completed');
  });
});
