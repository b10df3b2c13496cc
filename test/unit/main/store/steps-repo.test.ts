import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StepPoint } from '../../../../src/shared/api.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { Store } from '../../../../src/main/store/index.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-steps-repo-'));
  store = new Store(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const point = (step: number, values: Record<string, number>): StepPoint => ({ step, epoch: 1, batch: step, batchesPerEpoch: 10, elapsedMs: step * 5, values });

describe('steps repository', () => {
  it('keeps points of several values in step order, NaN for a non-finite value, and drops them with their run', () => {
    const experiment = store.experiments.create('E');
    const run = store.runs.create({ experimentId: experiment.id, name: 'r', presetId: null, config: findPreset('font5x7-2d')!.config });
    store.steps.append(run.id, [point(2, { loss: 0.5, kl: 0.1 }), point(1, { loss: Number.POSITIVE_INFINITY })]);
    store.steps.append(run.id, [point(3, { loss: 0.25 })]);
    const points = store.steps.list(run.id);
    expect(points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(points[0]!.values.loss).toBeNaN();
    expect(points[1]).toEqual({ step: 2, epoch: 1, batch: 2, batchesPerEpoch: 10, elapsedMs: 10, values: { kl: 0.1, loss: 0.5 } });
    store.runs.delete(run.id);
    expect(store.steps.list(run.id)).toEqual([]);
  });
});
