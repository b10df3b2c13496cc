/**
 * Resume through the services (LabApi) with real parts: a sweep cancelled while its first member
 * trains (the second never started) is resumed as a whole: the first member continues from its
 * checkpoint, the second starts over, both complete with every epoch once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPreset } from '../../../../src/shared/presets.js';
import type { SweepSpecInput } from '../../../../src/shared/sweep.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';

let home: string;
let lab: Lab;
const EPOCHS = 40;

const spec = (): SweepSpecInput => {
  const base = structuredClone(findPreset('font5x7-2d')!.config);
  base.training = { ...base.training, epochs: EPOCHS, validationEvery: 5, checkpointEvery: 5 };
  delete base.training.stopWhen;
  return { name: 'resume grid', base, grid: [{ path: 'training.optimizer.learningRate', values: [0.01, 0.003] }] };
};

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-sweep-resume-'));
  lab = await createLab({ home, mode: 'cli' });
  await lab.app.setSettings({ concurrency: 1 });
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('sweeps.resume', () => {
  it('continues the cancelled member from its checkpoint and starts the one that never ran', async () => {
    const experiment = await lab.experiments.create('Resume');
    const sweep = await lab.sweeps.start(experiment.id, spec());
    const [first, second] = sweep.members.map((m) => m.id) as [number, number];
    await new Promise<void>((resolve) => {
      const off = lab.on('runEpoch', (e) => {
        if (e.runId === first && e.epoch >= 12) {
          off();
          resolve();
        }
      });
    });
    await lab.sweeps.cancel(sweep.id);
    await lab.waitForSweep(sweep.id);

    const before = await lab.runs.list(experiment.id);
    const a = before.find((r) => r.id === first)!;
    const b = before.find((r) => r.id === second)!;
    expect([a.status, b.status]).toEqual(['cancelled', 'cancelled']);
    expect(a.resume).toMatchObject({ resumable: true, restart: false, fromEpoch: a.epochsDone });
    expect(a.epochsDone).toBeGreaterThanOrEqual(12);
    expect(b.resume).toEqual({ resumable: true, restart: true, fromEpoch: 0, fromBatch: 0 });

    const resumed = await lab.sweeps.resume(sweep.id);
    expect(resumed.members.every((m) => m.status === 'queued' || m.status === 'running')).toBe(true);
    expect(await lab.waitForSweep(sweep.id)).toBe('completed');
    for (const id of [first, second]) {
      const run = await lab.runs.get(id);
      expect([run.status, run.epochsDone]).toEqual(['completed', EPOCHS]);
      const epochs = (await lab.runs.metrics(id)).filter((m) => m.split === 'train').map((m) => m.epoch);
      expect(epochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    }
    await expect(lab.sweeps.resume(sweep.id)).rejects.toThrow(`sweep ${sweep.id} has no interrupted or cancelled member to resume (completed, completed)`);
    await expect(lab.runs.resume(first)).rejects.toThrow(`run ${first} is completed: only interrupted or cancelled runs can be resumed`);
  });
});
