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

  it('records a VAE\'s reconstruction and KL parts and a GAN\'s two losses at each step beside the loss', async () => {
    const experiment = await lab.experiments.create('Parts');
    const font = fontConfig(3);
    const vae = await lab.runs.start(experiment.id, {
      ...font, name: 'vae parts',
      model: { kind: 'vae', encoder: [16], latent: 2, activation: 'relu', outputActivation: 'sigmoid', beta: 1 },
      training: { ...font.training, stopWhen: undefined },
    });
    const gan = await lab.runs.start(experiment.id, {
      ...font, name: 'gan losses',
      model: { kind: 'gan', latent: 4, prior: 'normal', generator: [16], discriminator: [16] },
      training: { ...font.training, stopWhen: undefined },
    });
    expect(await lab.waitForRun(vae.id)).toBe('completed');
    expect(await lab.waitForRun(gan.id)).toBe('completed');

    const vaePoints = await lab.runs.steps(vae.id);
    expect(vaePoints).toHaveLength(3);
    for (const { values } of vaePoints) {
      expect(values.reconstruction).toBeGreaterThan(0);
      expect(values.kl).toBeGreaterThanOrEqual(0);
      // β = 1: the loss is the sum of its parts (float32 sums, hence the tolerance).
      expect(values.loss).toBeCloseTo(values.reconstruction! + values.kl!, 3);
    }
    const ganPoints = await lab.runs.steps(gan.id);
    expect(ganPoints).toHaveLength(3);
    for (const { values } of ganPoints) {
      expect(values.discriminatorLoss).toBeGreaterThan(0);
      expect(values.generatorLoss).toBe(values.loss);
    }
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
