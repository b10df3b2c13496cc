/**
 * The sweep service behind LabApi with real parts: SQLite in a temp data directory, real worker
 * threads, real training of tiny grids on the built-in font dataset.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunStatus } from '../../../../src/shared/api.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { peakConcurrency, type SweepSpecInput } from '../../../../src/shared/sweep.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';

let home: string;
let lab: Lab;

const fontSpec = (epochs: number): SweepSpecInput => {
  const base = structuredClone(findPreset('font5x7-2d')!.config);
  base.training = { ...base.training, epochs, validationEvery: 1, checkpointEvery: 1000 };
  delete base.training.stopWhen;
  return {
    name: 'font grid',
    base,
    grid: [
      { path: 'model.encoder', values: [[16, 2], [32, 2]] },
      { path: 'training.optimizer.learningRate', values: [0.01, 0.003] },
    ],
  };
};

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-sweeps-'));
  lab = await createLab({ home, mode: 'cli' });
  // The scheduler's automatic choice is one run per core; fix it so the test means the same everywhere.
  await lab.app.setSettings({ concurrency: 2 });
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('sweeps', () => {
  it('queues a 2x2 grid as four runs of one sweep, trains two at a time and reports each member', async () => {
    const experiment = await lab.experiments.create('Grid');
    const statuses: { runId: number; status: RunStatus }[] = [];
    lab.on('runStatus', (e) => statuses.push(e));

    const started = await lab.sweeps.start(experiment.id, fontSpec(3));
    expect(started).toMatchObject({ name: 'font grid', memberCount: 4, fields: ['model.encoder', 'training.optimizer.learningRate'] });
    expect(started.members.map((m) => m.overrides)).toEqual([
      { 'model.encoder': [16, 2], 'training.optimizer.learningRate': 0.01 },
      { 'model.encoder': [16, 2], 'training.optimizer.learningRate': 0.003 },
      { 'model.encoder': [32, 2], 'training.optimizer.learningRate': 0.01 },
      { 'model.encoder': [32, 2], 'training.optimizer.learningRate': 0.003 },
    ]);
    expect(started.members.map((m) => m.name)).toEqual([
      'font grid encoder=16-2 learningRate=0.01',
      'font grid encoder=16-2 learningRate=0.003',
      'font grid encoder=32-2 learningRate=0.01',
      'font grid encoder=32-2 learningRate=0.003',
    ]);

    expect(await lab.waitForSweep(started.id)).toBe('completed');
    const detail = await lab.sweeps.get(started.id);
    expect(detail.status).toBe('completed');
    expect(detail.statusCounts).toEqual({ completed: 4 });
    for (const member of detail.members) {
      expect(member).toMatchObject({ status: 'completed', epochsDone: 3, sweepId: started.id, experimentId: experiment.id });
      expect(member.finalMetrics.val.loss).toBeTypeOf('number');
      expect((await lab.runs.get(member.id)).config.model).toMatchObject({ encoder: member.overrides['model.encoder'] });
    }
    // Two members trained at the same time: the first two start together and overlap.
    expect(peakConcurrency(detail.members)).toBe(2);
    for (const member of detail.members) {
      expect(statuses.filter((s) => s.runId === member.id).map((s) => s.status)).toEqual(['queued', 'running', 'completed']);
    }
    expect(await lab.sweeps.list(experiment.id)).toEqual([
      expect.objectContaining({ id: started.id, memberCount: 4, status: 'completed' }),
    ]);
    // Plain runs stay outside any sweep.
    const plain = await lab.runs.start(experiment.id, { ...findPreset('font5x7-2d')!.config, training: { ...findPreset('font5x7-2d')!.config.training, epochs: 1 } });
    expect(plain.sweepId).toBeNull();
    await lab.waitForRun(plain.id);
  });

  it('cancels the queued and the running members of a sweep; the group reads cancelled', async () => {
    const experiment = await lab.experiments.create('Grid');
    const sweep = await lab.sweeps.start(experiment.id, fontSpec(5000));
    await new Promise<void>((resolve) => {
      const off = lab.on('runEpoch', () => {
        off();
        resolve();
      });
    });
    await lab.sweeps.cancel(sweep.id);
    expect(await lab.waitForSweep(sweep.id)).toBe('cancelled');
    const detail = await lab.sweeps.get(sweep.id);
    expect(detail.statusCounts).toEqual({ cancelled: 4 });
    expect(detail.members.filter((m) => m.startedAt === null)).toHaveLength(2);
    expect(detail.members.find((m) => m.epochsDone > 0)).toBeDefined();
  });

  it('queues nothing when one member is invalid, naming the member and the field', async () => {
    const experiment = await lab.experiments.create('Grid');
    const spec = fontSpec(1);
    spec.grid.push({ path: 'training.batchSize', values: [8, -1] });
    await expect(lab.sweeps.start(experiment.id, spec)).rejects.toThrow(/member 2 \(encoder=16-2 learningRate=0\.01 batchSize=-1\): training\.batchSize/);
    expect(await lab.sweeps.list()).toEqual([]);
    expect(await lab.runs.list()).toEqual([]);
  });

  it('queues nothing when a member does not fit its data or its dataset is missing', async () => {
    const experiment = await lab.experiments.create('Grid');
    const conv = fontSpec(1);
    // A conv model cannot read the 3-D points of the spiral.
    conv.base.dataset = { id: 'spiral3d', valFraction: 0.2 };
    conv.grid = [{ path: 'model', values: [{ kind: 'dense', encoder: [2] }, { kind: 'conv', blocks: [{ filters: 4 }] }] }];
    await expect(lab.sweeps.start(experiment.id, conv)).rejects.toThrow(/^invalid sweep: member 2 \(model=.*\): /);
    const cifar = fontSpec(1);
    cifar.grid = [{ path: 'dataset.id', values: ['font5x7', 'cifar10'] }];
    await expect(lab.sweeps.start(experiment.id, cifar)).rejects.toThrow(/dataset cifar10 is not available/);
    await expect(lab.sweeps.start(999, fontSpec(1))).rejects.toThrow(/experiment 999 does not exist/);
    expect(await lab.runs.list()).toEqual([]);
  });

  it('lists the dense-grid presets beside the unchanged run presets', async () => {
    expect((await lab.sweeps.presets()).map((p) => p.id)).toEqual(['mnist-dense-grid', 'fashion-mnist-dense-grid', 'mnist-dense-relu-decay-modes']);
    expect((await lab.presets.list()).some((p) => p.id.endsWith('-grid'))).toBe(false);
  });

  it('sets concurrency back to automatic (0)', async () => {
    expect(await lab.app.setSettings({ concurrency: 0 })).toMatchObject({ concurrency: 0 });
  });
});
