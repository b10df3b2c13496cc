/**
 * Per-step metrics end to end: a real worker trains the font (one batch per epoch, so every step is
 * a point at the default cadence), the scheduler stores the points in batches and pushes them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvents } from '../../../../src/shared/api.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';

let home: string;
let lab: Lab;

const fontConfig = (epochs: number) => {
  const config = structuredClone(findPreset('font5x7-2d')!.config);
  config.training.epochs = epochs;
  return config;
};

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-steps-'));
  lab = await createLab({ home, mode: 'cli' });
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('per-step metrics', () => {
  it('records the batch loss of every step of a one-batch-per-epoch run, stores it and pushes it in batches', async () => {
    const experiment = await lab.experiments.create('Font');
    const pushed: LabEvents['runSteps'][] = [];
    lab.on('runSteps', (e) => pushed.push(e));
    const run = await lab.runs.start(experiment.id, fontConfig(6), 'font5x7-2d');
    expect(await lab.waitForRun(run.id)).toBe('completed');

    const points = await lab.runs.steps(run.id);
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(points.every((p) => p.batch === 1 && p.batchesPerEpoch === 1 && p.values.loss! > 0)).toBe(true);
    expect(points.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    // Wall time grows with the steps.
    expect(points.map((p) => p.elapsedMs)).toEqual([...points.map((p) => p.elapsedMs)].sort((a, b) => a - b));
    // What was pushed is what was stored, each point once.
    expect(pushed.filter((e) => e.runId === run.id).flatMap((e) => e.points.map((p) => p.step))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records nothing when the setting is 0', async () => {
    await lab.app.setSettings({ stepPointsPerEpoch: 0 });
    const experiment = await lab.experiments.create('Font');
    const run = await lab.runs.start(experiment.id, fontConfig(2), 'font5x7-2d');
    expect(await lab.waitForRun(run.id)).toBe('completed');
    expect(await lab.runs.steps(run.id)).toEqual([]);

    await lab.app.setSettings({ stepPointsPerEpoch: 50 });
    const second = await lab.runs.start(experiment.id, fontConfig(2), 'font5x7-2d');
    expect(await lab.waitForRun(second.id)).toBe('completed');
    expect(await lab.runs.steps(second.id)).toHaveLength(2);
  });
});
