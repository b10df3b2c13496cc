/**
 * The generative-quality service with real parts: SQLite, the MNIST data shipped with the app, a
 * real classifier trained on a small part of it, a tiny AE trained for one epoch, and decoder-only
 * checkpoints (what VAE and GAN runs write) built by hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvents } from '../../../../src/shared/api.js';
import { parseRunConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { DatasetRegistry } from '../../../../src/main/datasets/registry.js';
import { prepareSplits } from '../../../../src/main/datasets/split.js';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { buildModels } from '../../../../src/main/engine/models.js';
import { saveModels } from '../../../../src/main/engine/persistence.js';
import { train } from '../../../../src/main/engine/trainer.js';
import { LabEventBus } from '../../../../src/main/services/events.js';
import { GenerativeQuality } from '../../../../src/main/services/generative-quality.js';
import { resolveResourcesDir } from '../../../../src/main/services/resources.js';
import { Store } from '../../../../src/main/store/index.js';
import { runDir } from '../../../../src/main/store/paths.js';

let home: string;
let store: Store;
let datasets: DatasetRegistry;
let events: LabEventBus;
let quality: GenerativeQuality;
let experimentId: number;
const CLASSIFIER = { epochs: 1, trainLimit: 3000 };

const newService = () => new GenerativeQuality({ store, datasets, dataDir: home, events, backend: () => 'wasm', classifierTraining: CLASSIFIER, referenceLimit: 2000 });

function createRun(name: string, input: Omit<RunConfigInput, 'training'>): number {
  const config = parseRunConfig({ ...input, training: { epochs: 1, batchSize: 64, optimizer: { name: 'adam', learningRate: 0.003 }, seed: 3 } });
  return store.runs.create({ experimentId, name, presetId: null, config }).id;
}

/** Saves `models` the way a run checkpoint holds them (one layers-format folder per part). */
async function saveParts(runId: number, models: Record<string, tf.LayersModel>): Promise<void> {
  const modelDir = path.join(runDir(home, runId), 'model');
  for (const [part, model] of Object.entries(models)) {
    const dir = path.join(modelDir, part);
    fs.mkdirSync(dir, { recursive: true });
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = artifacts.weightData as ArrayBuffer;
        fs.writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(weights));
        const manifest = [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }];
        fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ modelTopology: artifacts.modelTopology, format: 'layers-model', weightsManifest: manifest }));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  }
  store.runs.setArtifact(runId, 'model', path.relative(home, modelDir), 1);
}

/** A generator by hand: latent → 784 sigmoid → 28x28x1 (an untrained GAN or VAE decoder). */
function handDecoder(latent: number, seed: number): tf.LayersModel {
  const input = tf.input({ shape: [latent] });
  const hidden = tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }).apply(input);
  const out = tf.layers.dense({ units: 784, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }).apply(hidden);
  return tf.model({ inputs: input, outputs: tf.layers.reshape({ targetShape: [28, 28, 1] }).apply(out) as tf.SymbolicTensor });
}

let aeRun: number;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'quality-service-'));
  store = new Store(home);
  datasets = new DatasetRegistry({ dataDir: home, resourcesDir: resolveResourcesDir() });
  events = new LabEventBus();
  quality = newService();
  experimentId = store.experiments.create('Quality').id;
  await initBackend('wasm');

  // A tiny dense AE on 400 MNIST digits, trained for one epoch in this process.
  aeRun = createRun('ae', { dataset: { id: 'mnist', trainLimit: 400, valLimit: 100 }, model: { kind: 'dense', encoder: [64, 8] } });
  const config = store.runs.config(aeRun);
  const mnist = await datasets.load('mnist');
  const splits = prepareSplits(mnist, config.dataset, 3);
  const models = buildModels(config.model, mnist.sampleShape, 3);
  await train({ models, config, data: { sampleShape: mnist.sampleShape, binary: false, train: splits.train, val: splits.val } });
  await saveModels(path.join(runDir(home, aeRun), 'model'), models);
  store.runs.setArtifact(aeRun, 'model', path.join('runs', String(aeRun), 'model'), 1);
}, 120_000);

afterAll(() => {
  quality.dispose();
  store.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('GenerativeQuality', () => {
  it('measures an AE run through a Gaussian fitted to its codes, beside the real test set', async () => {
    const progress: LabEvents['qualityProgress'][] = [];
    const off = events.on('qualityProgress', (p) => progress.push(p));
    const report = await quality.evaluate([aeRun], { samples: 300, seed: 1 });
    off();
    expect(report.rows.map((r) => [r.runId, r.kind, r.source])).toEqual([
      [aeRun, 'dense', 'fitted-gaussian'],
      [null, 'real', 'real-test'],
    ]);
    const [ae, real] = report.rows as [(typeof report.rows)[0], (typeof report.rows)[0]];
    for (const row of [ae, real]) {
      expect(Number.isFinite(row.fid)).toBe(true);
      expect(row.fid).toBeGreaterThanOrEqual(0);
      expect(row.coverage).toBeGreaterThanOrEqual(0);
      expect(row.coverage).toBeLessThanOrEqual(1);
      expect(row.classHistogram).toHaveLength(10);
      expect(row.classHistogram.reduce((a, b) => a + b, 0)).toBe(300);
    }
    // Real digits are what the classifier knows: they cover every class and sit closest to the training data.
    expect(real.coverage).toBe(1);
    expect(real.fid).toBeLessThan(ae.fid);
    expect(report.classifiers).toEqual([expect.objectContaining({ datasetId: 'mnist', trainSamples: 3000, trainedNow: true, featureSize: 128 })]);
    expect(report.classifiers[0]!.testAccuracy).toBeGreaterThan(0.7);
    expect(ae.classifierAccuracy).toBe(report.classifiers[0]!.testAccuracy);
    expect(progress.some((p) => p.stage === 'classifier')).toBe(true);
    expect(progress.some((p) => p.stage === 'run' && p.runId === aeRun)).toBe(true);
    expect(fs.existsSync(path.join(home, 'classifiers', 'mnist', 'classifier.json'))).toBe(true);
  }, 120_000);

  it('reuses the classifier saved on disk, and gives the same numbers for the same seed', async () => {
    const first = await quality.evaluate([aeRun], { samples: 300, seed: 1 });
    const fresh = newService();
    try {
      const again = await fresh.evaluate([aeRun], { samples: 300, seed: 1 });
      expect(again.classifiers[0]).toMatchObject({ trainedNow: false, testAccuracy: first.classifiers[0]!.testAccuracy });
      expect(again.rows[0]!.fid).toBeCloseTo(first.rows[0]!.fid, 3);
      expect(again.rows[0]!.classHistogram).toEqual(first.rows[0]!.classHistogram);
    } finally {
      fresh.dispose();
    }
  }, 60_000);

  it('samples decoder-only checkpoints from their prior: GAN normal and uniform, VAE normal', async () => {
    const ganNormal = createRun('gan normal', { dataset: { id: 'mnist' }, model: { kind: 'gan', latent: 16, prior: 'normal' } });
    const ganUniform = createRun('gan uniform', { dataset: { id: 'mnist' }, model: { kind: 'gan', latent: 16, prior: 'uniform' } });
    const vae = createRun('vae', { dataset: { id: 'mnist', classes: [1, 7] }, model: { kind: 'vae', latent: 8, encoder: [32] } });
    const discriminator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 1 })] });
    await saveParts(ganNormal, { decoder: handDecoder(16, 11), discriminator });
    await saveParts(ganUniform, { decoder: handDecoder(16, 11), discriminator });
    await saveParts(vae, { decoder: handDecoder(8, 21) });

    const report = await quality.evaluate([ganNormal, ganUniform, vae], { samples: 200 });
    expect(report.rows.map((r) => [r.runId, r.kind, r.source])).toEqual([
      [ganNormal, 'gan', 'prior'],
      [ganUniform, 'gan', 'prior'],
      [vae, 'vae', 'prior'],
      [null, 'real', 'real-test'],
      [null, 'real', 'real-test'],
    ]);
    for (const row of report.rows) expect(Number.isFinite(row.fid)).toBe(true);
    // Same generator weights, different priors: different samples, so different distances.
    expect(report.rows[0]!.fid).not.toBeCloseTo(report.rows[1]!.fid, 3);
    // The VAE trained on classes 1 and 7: its coverage is over those two, against a reference of those two.
    expect(report.rows[2]!.expectedClasses).toBe(2);
    expect(report.rows[4]).toMatchObject({ name: 'test set (mnist, classes 1,7)', expectedClasses: 2, coverage: 1 });
  }, 120_000);

  it('names the problem: no checkpoint, no encoder for an AE, no labels, a latent size that does not match', async () => {
    const noCheckpoint = createRun('fresh', { dataset: { id: 'mnist' }, model: { kind: 'dense', encoder: [8] } });
    await expect(quality.evaluate([noCheckpoint])).rejects.toThrow(`run ${noCheckpoint} has no saved model yet`);

    const decoderOnlyAe = createRun('ae without encoder', { dataset: { id: 'mnist' }, model: { kind: 'dense', encoder: [16] } });
    await saveParts(decoderOnlyAe, { decoder: handDecoder(16, 1) });
    await expect(quality.evaluate([decoderOnlyAe])).rejects.toThrow(`run ${decoderOnlyAe}: its checkpoint`);
    await expect(quality.evaluate([decoderOnlyAe])).rejects.toThrow('has no encoder model');

    const csv = path.join(home, 'points.csv');
    fs.writeFileSync(csv, 'a,b,c\n0.1,0.2,0.3\n0.4,0.5,0.6\n0.7,0.8,0.9\n');
    await datasets.import('csv', [csv], 'points');
    const unlabelled = createRun('points', { dataset: { id: 'points', valFraction: 0 }, model: { kind: 'gan', latent: 2 } });
    await saveParts(unlabelled, { decoder: tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3 })] }) });
    await expect(quality.evaluate([unlabelled])).rejects.toThrow('dataset "points" has no class labels');

    const mismatched = createRun('gan 32', { dataset: { id: 'mnist' }, model: { kind: 'gan', latent: 32 } });
    await saveParts(mismatched, { decoder: handDecoder(16, 1) });
    await expect(quality.evaluate([mismatched], { samples: 20 })).rejects.toThrow('its decoder takes 16 latent values, but its config says latent 32');
  }, 60_000);
});
