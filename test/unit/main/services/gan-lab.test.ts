/**
 * A GAN run through the real services: SQLite in a temp data directory, a real worker thread,
 * real training on the built-in font; then its samples, its checkpoint export and models.open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';
import { GAN_SAMPLE_COUNT } from '../../../../src/main/engine/kinds/gan/index.js';

let home: string;
let lab: Lab;

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-gan-'));
  lab = await createLab({ home, mode: 'cli' });
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

const fontGan = (prior: 'normal' | 'uniform') =>
  parseRunConfig({
    name: `font-gan-${prior}`,
    dataset: { id: 'font5x7', valFraction: 0 },
    model: { kind: 'gan', latent: 8, prior, generator: [32], discriminator: [32] },
    training: { epochs: 3, batchSize: 16, optimizer: { name: 'adam', learningRate: 2e-3, beta1: 0.5 }, checkpointEvery: 2 },
  });

describe('a GAN run', () => {
  it('records D and G losses, writes the sample grid every epoch and a decoder + discriminator checkpoint that exports and opens', async () => {
    const experiment = await lab.experiments.create('GAN');
    const validated = await lab.runs.validate(fontGan('normal'));
    expect(validated.architecture.layers.map((l) => l.name)).toContain('disc_logit');
    const sampleEpochs: number[] = [];
    lab.on('runEpoch', () => void lab.runs.artifact(run.id, 'samples').then((s) => s.epoch !== null && sampleEpochs.push(s.epoch)));
    const run = await lab.runs.start(experiment.id, fontGan('normal'));
    expect(await lab.waitForRun(run.id)).toBe('completed');

    const metrics = await lab.runs.metrics(run.id);
    expect(metrics.filter((m) => m.split === 'train').map((m) => m.epoch)).toEqual([1, 2, 3]);
    for (const { values } of metrics) {
      expect(Number.isFinite(values.discriminatorLoss)).toBe(true);
      expect(Number.isFinite(values.generatorLoss)).toBe(true);
    }
    const samples = await lab.runs.artifact(run.id, 'samples');
    expect(samples).toMatchObject({ sampleShape: [7, 5, 1], epoch: 3 });
    expect(samples.samples).toHaveLength(GAN_SAMPLE_COUNT);
    expect(samples.samples.flat().every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(sampleEpochs.length).toBeGreaterThan(0);
    expect(await lab.runs.artifact(run.id, 'reconstructions')).toMatchObject({ inputs: [] });
    const detail = await lab.runs.get(run.id);
    expect(detail.artifacts.map((a) => a.kind).sort()).toEqual(['model', 'samples']);

    const target = path.join(home, 'export');
    const files = await lab.models.export(run.id, target);
    expect(files.filter((f) => f.endsWith('model.json')).map((f) => path.basename(path.dirname(f))).sort()).toEqual(['decoder', 'discriminator']);
    const opened = await lab.models.open(target);
    expect(opened).toMatchObject({ parts: ['decoder', 'discriminator'], codeSize: 8, inputShape: [7, 5, 1] });
    await lab.models.close(opened.id);
  });

  it('draws the same first sample grid for the same seed, and another for the other prior', async () => {
    const experiment = await lab.experiments.create('GAN');
    const grids = [];
    for (const prior of ['normal', 'normal', 'uniform'] as const) {
      const config = fontGan(prior);
      config.training.epochs = 1;
      const run = await lab.runs.start(experiment.id, config);
      expect(await lab.waitForRun(run.id)).toBe('completed');
      grids.push((await lab.runs.artifact(run.id, 'samples')).samples);
    }
    expect(grids[1]).toEqual(grids[0]);
    expect(grids[2]).not.toEqual(grids[0]);
  });
});
