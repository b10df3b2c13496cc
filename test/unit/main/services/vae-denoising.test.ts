/**
 * VAE and denoising runs through the real services: SQLite, worker threads, the built-in font.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';
import { PRIOR_SAMPLE_COUNT } from '../../../../src/main/engine/kinds/vae/index.js';

let home: string;
let lab: Lab;

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-vae-'));
  lab = await createLab({ home, mode: 'cli' });
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

const fontVae = (model: Partial<Extract<RunConfigInput['model'], { kind: 'vae' }>> = {}) =>
  parseRunConfig({
    dataset: { id: 'font5x7', valFraction: 0 },
    model: { kind: 'vae', encoder: [32], latent: 3, ...model },
    training: { epochs: 3, batchSize: 32, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 } },
  });

describe('VAE runs', () => {
  it('write prior samples and the KL per dimension, and open, export and reconstruct like any autoencoder', async () => {
    const experiment = await lab.experiments.create('VAE');
    const before = await lab.runs.artifact((await lab.runs.start(experiment.id, fontVae())).id, 'latent-kl');
    expect(before.epoch === null || before.epoch >= 1).toBe(true);
    const run = (await lab.runs.list(experiment.id))[0]!;
    expect(await lab.waitForRun(run.id)).toBe('completed');

    const detail = await lab.runs.get(run.id);
    expect(detail.artifacts.map((a) => a.kind).sort()).toEqual(['latent-kl', 'model', 'reconstructions', 'samples']);
    expect(detail.architecture?.layers.map((l) => l.name)).toContain('z_log_var');
    const samples = await lab.runs.artifact(run.id, 'samples');
    expect(samples).toMatchObject({ sampleShape: [7, 5, 1], epoch: 3 });
    expect(samples.samples).toHaveLength(PRIOR_SAMPLE_COUNT);
    expect(samples.samples[0]).toHaveLength(35);
    const kl = await lab.runs.artifact(run.id, 'latent-kl');
    expect(kl.epoch).toBe(3);
    expect(kl.klPerDimension).toHaveLength(3);
    expect(kl.activeUnits).toBe(detail.finalMetrics.val.activeUnits);
    expect((await lab.runs.artifact(run.id, 'denoising')).epoch).toBeNull();

    const files = await lab.models.export(run.id, path.join(home, 'export'));
    expect(files.filter((f) => f.endsWith('model.json'))).toHaveLength(3);
    const opened = await lab.models.open(path.join(home, 'export'));
    expect(opened).toMatchObject({ parts: ['autoencoder', 'encoder', 'decoder'], inputShape: [7, 5, 1], codeSize: 3 });
    const recon = await lab.models.reconstruct(opened.id, 'font5x7', 4);
    expect(recon.outputs).toHaveLength(4);
    const { codes } = await lab.models.encode(opened.id, 'font5x7', 4);
    expect(codes[0]).toHaveLength(3);
  });

  it('stores the posterior-collapse warning of a VAE whose β is huge', async () => {
    const experiment = await lab.experiments.create('Collapse');
    const config = fontVae({ beta: 1000 });
    config.training.epochs = 6;
    config.training.batchSize = 4;
    const run = await lab.runs.start(experiment.id, config);
    expect(await lab.waitForRun(run.id)).toBe('completed');
    const kl = await lab.runs.artifact(run.id, 'latent-kl');
    expect(kl.collapsed).toBe(true);
    expect(kl.activeUnits).toBe(0);
    expect(kl.warning).toMatch(/^posterior collapse: none of the 3 latent dimensions/);
  });
});

describe('denoising runs', () => {
  it('sweep the noise levels once training ended, with noisy | denoised | clean galleries', async () => {
    const experiment = await lab.experiments.create('Denoising');
    const config = structuredClone(findPreset('font5x7-denoising-flip2')!.config);
    config.training.epochs = 40;
    config.training.validationEvery = 20;
    const run = await lab.runs.start(experiment.id, config);
    expect(await lab.waitForRun(run.id)).toBe('completed');
    const report = await lab.runs.artifact(run.id, 'denoising');
    expect(report).toMatchObject({ corruption: 'bitFlip', trainingLevel: 2, epoch: 40, sampleShape: [7, 5, 1] });
    expect(report.levels.map((l) => l.level)).toEqual([0, 1, 2, 3, 4, 6, 8]);
    expect(report.levels.map((l) => l.noisy.meanWrongPixels)).toEqual([0, 1, 2, 3, 4, 6, 8]);
    expect(report.levels.every((l) => typeof l.denoised.maxWrongPixels === 'number')).toBe(true);
    expect(report.galleries[2]!.noisy).toHaveLength(8);
    const metrics = await lab.runs.metrics(run.id);
    expect(metrics.some((m) => m.split === 'val' && m.values.meanWrongPixels !== undefined)).toBe(true);
  });

  it('answer an empty report for a run that is not a denoising run, and not-found for a missing run', async () => {
    await expect(lab.runs.artifact(999, 'denoising')).rejects.toThrow(/999/);
    await expect(lab.runs.artifact(999, 'latent-kl')).rejects.toThrow(/999/);
  });
});
