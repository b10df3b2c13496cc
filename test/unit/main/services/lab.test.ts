/**
 * The services behind LabApi with real parts: SQLite in a temp data directory, real worker threads,
 * real training on the built-in font dataset.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvents, RunStatus } from '../../../../src/shared/api.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';

let home: string;
let lab: Lab;

const fontConfig = (epochs: number) => {
  const config = structuredClone(findPreset('font5x7-2d')!.config);
  config.training.epochs = epochs;
  config.training.validationEvery = 1;
  config.training.checkpointEvery = 1;
  return config;
};

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-services-'));
  lab = await createLab({ home, mode: 'cli' });
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('createLab', () => {
  it('runs a training in a worker, persisting and pushing every epoch', async () => {
    const experiment = await lab.experiments.create('Font');
    const epochs: LabEvents['runEpoch'][] = [];
    const statuses: RunStatus[] = [];
    lab.on('runEpoch', (e) => epochs.push(e));
    lab.on('runStatus', (e) => statuses.push(e.status));

    const run = await lab.runs.start(experiment.id, fontConfig(4), 'font5x7-2d');
    expect(await lab.waitForRun(run.id)).toBe('completed');

    expect(statuses).toEqual(['queued', 'running', 'completed']);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    const detail = await lab.runs.get(run.id);
    expect(detail).toMatchObject({ status: 'completed', epochsDone: 4, presetId: 'font5x7-2d', backend: 'wasm' });
    expect(detail.architecture?.totalParams).toBeGreaterThan(0);
    expect(detail.artifacts.map((a) => a.kind).sort()).toEqual(['model', 'reconstructions']);
    expect(await lab.runs.metrics(run.id)).toHaveLength(8);

    const recon = await lab.runs.artifact(run.id, 'reconstructions');
    expect(recon.sampleShape).toEqual([7, 5, 1]);
    expect(recon.inputs).toHaveLength(8); // the gallery: the first validation samples, up to the gallery size
    expect(recon.outputs[0]).toHaveLength(35);

    const files = await lab.models.export(run.id, path.join(home, 'export'));
    expect(files.filter((f) => f.endsWith('model.json'))).toHaveLength(3);
  });

  it('cancels a running training at a batch boundary and keeps its finished epochs', async () => {
    const experiment = await lab.experiments.create('Font');
    const run = await lab.runs.start(experiment.id, fontConfig(5000));
    await new Promise<void>((resolve) => {
      const off = lab.on('runEpoch', (e) => {
        if (e.runId === run.id && e.epoch >= 2) {
          off();
          resolve();
        }
      });
    });
    await lab.runs.cancel(run.id);
    expect(await lab.waitForRun(run.id)).toBe('cancelled');
    const summary = (await lab.runs.list(experiment.id))[0]!;
    expect(summary.status).toBe('cancelled');
    expect(summary.epochsDone).toBeGreaterThanOrEqual(2);
  });

  it('refuses to start a run on a dataset that is not available, saying how to get it', async () => {
    const experiment = await lab.experiments.create('CIFAR');
    const config = structuredClone(findPreset('cifar10-conv')!.config);
    await expect(lab.runs.start(experiment.id, config)).rejects.toThrow(/cifar10 is not available: .*import/);
    expect(await lab.runs.list()).toHaveLength(0);
  });

  it('rejects an invalid config with the field path and queues nothing', async () => {
    const experiment = await lab.experiments.create('Bad');
    const config = { ...fontConfig(1), training: { ...fontConfig(1).training, batchSize: 0 } };
    await expect(lab.runs.start(experiment.id, config)).rejects.toThrow(/training\.batchSize/);
    expect(await lab.runs.list()).toHaveLength(0);
  });

  it('describes the architecture of a config without training it', async () => {
    const { architecture } = await lab.runs.validate(fontConfig(1));
    expect(architecture.inputShape).toEqual([7, 5, 1]);
    expect(architecture.layers.length).toBeGreaterThan(2);
  });

  it("tells the Settings view this machine's memory and what a memory limit of 0 resolves to (75% of it)", async () => {
    const { memory } = await lab.app.info();
    expect(memory.totalMb).toBe(Math.floor(os.totalmem() / 2 ** 20));
    expect(memory.defaultLimitMb).toBe(Math.floor((os.totalmem() * 0.75) / 2 ** 20));
  });

  it('keeps settings across restarts', async () => {
    await lab.app.setSettings({ language: 'pt-BR', concurrency: 1 });
    await lab.dispose();
    lab = await createLab({ home, mode: 'cli' });
    expect(await lab.app.getSettings()).toMatchObject({ language: 'pt-BR', concurrency: 1, backend: 'auto' });
  });
});

describe('opened models', () => {
  it('reopens an exported model and reconstructs and encodes with it, matching the training gallery', async () => {
    const experiment = await lab.experiments.create('Font');
    const run = await lab.runs.start(experiment.id, fontConfig(3));
    await lab.waitForRun(run.id);
    const dir = path.join(home, 'saved');
    await lab.models.export(run.id, dir);
    // Saving into it again (the UI's Save twice): refused with the code the UI asks on, nothing touched;
    // with force (the user said yes) the model folders are replaced and other files stay.
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const before = fs.statSync(path.join(dir, 'autoencoder', 'model.json')).mtimeMs;
    await expect(lab.models.export(run.id, dir)).rejects.toMatchObject({ code: 'target_not_empty', message: expect.stringContaining(`${dir} is not empty`) });
    expect(fs.statSync(path.join(dir, 'autoencoder', 'model.json')).mtimeMs).toBe(before);
    const replaced = await lab.models.export(run.id, dir, { force: true });
    expect(replaced.filter((f) => f.endsWith('model.json'))).toHaveLength(3);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');

    const opened = await lab.models.open(dir);
    expect(opened).toMatchObject({ parts: ['autoencoder', 'encoder', 'decoder'], inputShape: [7, 5, 1], codeSize: 2 });
    const recon = await lab.models.reconstruct(opened.id, 'font5x7', 4);
    const gallery = await lab.runs.artifact(run.id, 'reconstructions');
    // The font validates on its training set, so the gallery shows the same first samples.
    expect(recon.inputs).toEqual(gallery.inputs.slice(0, 4));
    recon.outputs.flat().forEach((v, i) => expect(v).toBeCloseTo(gallery.outputs.slice(0, 4).flat()[i]!, 5));
    const { codes, labels } = await lab.models.encode(opened.id, 'font5x7', 32);
    expect(codes).toHaveLength(32);
    expect(codes[0]).toHaveLength(2);
    expect(labels[1]).toBe(1);

    await expect(lab.models.reconstruct(opened.id, 'spiral3d', 2)).rejects.toThrow(/expects samples of shape 7x5x1/);
    await lab.models.close(opened.id);
    await expect(lab.models.encode(opened.id, 'font5x7', 1)).rejects.toThrow(/not open/);
  });

  it('says clearly when a folder holds no saved model', async () => {
    await expect(lab.models.open(home)).rejects.toThrow(/no saved model here/);
  });
});
