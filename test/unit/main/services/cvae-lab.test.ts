/**
 * The `mnist-cvae` preset on real MNIST (a few hundred samples, 1 epoch) through the services, then
 * the latent lab on its checkpoint: the class selector's "decode as class k", the class-conditional
 * prior samples, and the run's class grid of prior samples.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedModel } from '../../../../src/shared/api.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';

let home: string;
let lab: Lab;
let runId: number;
let model: OpenedModel;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-lab-cvae-'));
  lab = await createLab({ home, mode: 'cli' });
  const config = structuredClone(findPreset('mnist-cvae')!.config);
  config.dataset.trainLimit = 400;
  config.dataset.valLimit = 100;
  config.training.epochs = 1;
  const experiment = await lab.experiments.create('cVAE');
  const run = await lab.runs.start(experiment.id, config, 'mnist-cvae');
  runId = run.id;
  expect(await lab.waitForRun(run.id)).toBe('completed');
  model = await lab.models.openRun(run.id);
}, 180_000);

afterAll(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

const difference = (a: number[], b: number[]): number => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('the mnist-cvae preset', () => {
  it('trains on MNIST and records the VAE metrics on both splits', async () => {
    const metrics = await lab.runs.metrics(runId);
    for (const split of ['train', 'val'] as const) {
      const values = metrics.find((m) => m.split === split)!.values;
      for (const name of ['loss', 'reconstruction', 'kl', 'activeUnits', 'bce', 'mse'] as const) expect(Number.isFinite(values[name])).toBe(true);
    }
  });

  it('draws its prior samples as a class grid: 10 rows named by class, 8 codes each', async () => {
    const samples = await lab.runs.artifact(runId, 'samples');
    expect(samples).toMatchObject({ epoch: 1, columns: 8, rowLabels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], sampleShape: [28, 28, 1] });
    expect(samples.samples).toHaveLength(80);
  });

  it('opens as a conditional model and reconstructs each sample as its own class', async () => {
    expect(model).toMatchObject({ parts: ['autoencoder', 'encoder', 'decoder'], codeSize: 2, conditionClasses: 10, inputShape: [28, 28, 1] });
    const set = await lab.models.reconstruct(model.id, 'mnist', 4);
    expect(set.outputs).toHaveLength(4);
    expect(set.labels).toHaveLength(4);
  });
  it('exports its three parts, which open again as a conditional model', async () => {
    const dir = path.join(home, 'exported-cvae');
    const written = await lab.models.export(runId, dir);
    expect(written.some((file) => file.includes(`${path.sep}decoder${path.sep}`))).toBe(true);
    const opened = await lab.models.open(dir);
    expect(opened).toMatchObject({ parts: ['autoencoder', 'encoder', 'decoder'], codeSize: 2, conditionClasses: 10 });
    const asOne = await lab.latent.decode(opened.id, [[0, 0]], 'code', 1);
    const fromRun = await lab.latent.decode(model.id, [[0, 0]], 'code', 1);
    asOne.images[0]!.values.forEach((v, i) => expect(v).toBeCloseTo(fromRun.images[0]!.values[i]!, 5));
    await lab.models.close(opened.id);
  });
});

describe('the latent lab on a conditional VAE', () => {
  it('encodes with the labels, and decodes one plane point as the class asked for', async () => {
    const projection = await lab.latent.project(model.id, 'mnist', 200);
    expect(projection).toMatchObject({ method: 'none', codeSize: 2 });
    const point = [[0.1, -0.2]];
    const asThree = await lab.latent.decode(model.id, point, 'plane', 3);
    const asSeven = await lab.latent.decode(model.id, point, 'plane', 7);
    const asThreeAgain = await lab.latent.decode(model.id, point, 'plane', 3);
    expect(asThree.images[0]!.values).toEqual(asThreeAgain.images[0]!.values);
    expect(asThree.images[0]!.code).toEqual(asSeven.images[0]!.code);
    expect(difference(asThree.images[0]!.values, asSeven.images[0]!.values)).toBeGreaterThan(0.01);
    await expect(lab.latent.decode(model.id, point, 'plane')).rejects.toThrow('conditioned on a class label (10 classes), and none was given');
  });

  it('draws class-conditional prior samples: the same codes down every column, one row per class', async () => {
    const grid = await lab.latent.classSamples(model.id, 4, 11);
    expect(grid.classes).toBe(10);
    expect(grid.images).toHaveLength(40);
    expect(grid.images[0]!.code).toEqual(grid.images[4]!.code);
    expect(grid.images[0]!.code).not.toEqual(grid.images[1]!.code);
    expect(difference(grid.images[0]!.values, grid.images[4]!.values)).toBeGreaterThan(0.01);
  });

  it('runs the other tools with the labels: grid as a class, interpolation, perturbation, fitted samples, activations', async () => {
    expect((await lab.latent.grid(model.id, 3, null, 5)).images).toHaveLength(9);
    expect((await lab.latent.interpolate(model.id, 'mnist', 0, 1, 4)).images).toHaveLength(4);
    expect((await lab.latent.perturb(model.id, 'mnist', 0, 0.5, 1, 3, 1)).images).toHaveLength(4);
    expect((await lab.latent.sampleFitted(model.id, 'mnist', 6, 1)).images).toHaveLength(6);
    expect((await lab.latent.activations(model.id, 'mnist', 1)).rows).toHaveLength(10);
  });
});
