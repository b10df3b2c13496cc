/**
 * The conditional VAE on real tfjs models: its objective on a case small enough to compute by hand,
 * label conditioning reaching the decoder, a short training run through the kind registry, and a
 * checkpoint that reloads with its two-input parts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfig } from '../../../../../../src/shared/config.js';
import type { CvaeModelConfig } from '../../../../../../src/shared/kinds/cvae.js';
import { summarizeArchitecture } from '../../../../../../src/main/engine/architecture.js';
import { initBackend } from '../../../../../../src/main/engine/backend.js';
import { reconstruct } from '../../../../../../src/main/engine/inference.js';
import { decodeCodes } from '../../../../../../src/main/engine/latent.js';
import { decodeCodes as decodeForQuality } from '../../../../../../src/main/engine/quality/generate.js';
import { buildCvaeModels } from '../../../../../../src/main/engine/kinds/cvae/models.js';
import { cvaeObjective } from '../../../../../../src/main/engine/kinds/cvae/objective.js';
import { openKindSession } from '../../../../../../src/main/engine/kinds/index.js';
import { fit, loopSettingsOf } from '../../../../../../src/main/engine/loop/fit.js';
import type { TrainingData } from '../../../../../../src/main/engine/loop/objective.js';
import { disposeModels } from '../../../../../../src/main/engine/models.js';
import { loadModelParts, saveModels } from '../../../../../../src/main/engine/persistence.js';
import { binaryData } from '../../fixtures.js';

let root: string;
beforeAll(async () => {
  await initBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'latent-lab-cvae-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type CvaeRunConfig = RunConfig & { model: CvaeModelConfig };

function cvaeConfig(model: Partial<CvaeModelConfig> = {}, training: Partial<RunConfig['training']> = {}): CvaeRunConfig {
  return parseRunConfig({
    dataset: { id: 'synthetic' },
    model: { kind: 'cvae', classes: 4, encoder: [16], latent: 2, ...model },
    training: { epochs: 3, batchSize: 16, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 }, seed: 5, ...training },
  }) as CvaeRunConfig;
}

const layer = (model: tf.LayersModel, name: string): tf.layers.Layer => model.layers.find((l) => l.name === name)!;

describe('conditional VAE models', () => {
  it('takes the one-hot label beside the sample (encoder) and beside the code (decoder); the summary counts the same parameters', () => {
    const config = cvaeConfig({ encoder: [16, 8], latent: 3 });
    const models = buildCvaeModels(config.model, [7, 5, 1], 1);
    try {
      expect(models.encoder.inputs.map((i) => i.shape)).toEqual([[null, 7, 5, 1], [null, 4]]);
      expect(models.decoder.inputs.map((i) => i.shape)).toEqual([[null, 3], [null, 4]]);
      expect(models.decoder.outputs[0]!.shape).toEqual([null, 7, 5, 1]);
      expect(models.posterior!.outputs.map((o) => o.shape)).toEqual([[null, 3], [null, 3]]);
      // enc_dense_1 reads 35 + 4 values, dec_dense_1 reads 3 + 4.
      expect(layer(models.encoder, 'enc_dense_1').countParams()).toBe((35 + 4) * 16 + 16);
      expect(layer(models.decoder, 'dec_dense_1').countParams()).toBe((3 + 4) * 8 + 8);
      const summary = summarizeArchitecture(config.model, [7, 5, 1]);
      expect(summary.totalParams).toBe(models.posterior!.countParams() + models.decoder.countParams());
    } finally {
      disposeModels(models);
    }
  });

  it('decodes the same code differently as another class', async () => {
    const models = buildCvaeModels(cvaeConfig().model, [7, 5, 1], 3);
    try {
      const code = [[0.3, -0.7]];
      const [asClass0] = await decodeCodes(models.decoder, code, { labels: [0] });
      const [asClass2] = await decodeCodes(models.decoder, code, { labels: [2] });
      const [again0] = await decodeCodes(models.decoder, code, { labels: [0] });
      expect(asClass0).toEqual(again0);
      expect(Math.max(...asClass0!.map((v, i) => Math.abs(v - asClass2![i]!)))).toBeGreaterThan(1e-3);
      // The quality metrics decode a conditional model's samples as each class in turn.
      const codes = [[0.3, -0.7], [0.3, -0.7], [0.3, -0.7], [0.3, -0.7], [0.3, -0.7]];
      const inTurn = await decodeForQuality(models.decoder, Float32Array.from(codes.flat()), 5, [7, 5, 1]);
      const byClass = await decodeCodes(models.decoder, codes, { labels: [0, 1, 2, 3, 0] });
      byClass.flat().forEach((v, i) => expect(inTurn[i]).toBeCloseTo(Math.min(1, Math.max(0, v)), 6));
      await expect(decodeCodes(models.decoder, code)).rejects.toThrow('conditioned on a class label (4 classes), and none was given');
      await expect(decodeCodes(models.decoder, code, { labels: [4] })).rejects.toThrow("class 4 is not one of the model's classes 0 to 3");
    } finally {
      disposeModels(models);
    }
  });
});

describe('the conditional VAE objective', () => {
  /**
   * Samples of 2 values, 2 classes, no hidden layers, MSE, β = 2, weights set by hand:
   * mean = +1 for class 0 and −1 for class 1 (from the label), log-variance 0, and the decoder
   * outputs [z, y1]. Both samples are [0, 0]:
   *  class 0: z = 1, output [1, 0], squared error 1;  class 1: z = −1, output [−1, 1], squared error 2.
   *  reconstruction (summed per sample, batch mean) = 1.5; KL per sample = ½(μ² + 1 − 1 − 0) = 0.5;
   *  loss = 1.5 + 2 · 0.5 = 2.5; mse over the 4 values = 3 / 4 = 0.75; one active unit.
   */
  it('evaluates reconstruction + β·KL with each sample decoded as its own class', async () => {
    const config = cvaeConfig({ classes: 2, encoder: [], decoder: [], latent: 1, beta: 2, outputActivation: 'linear' }, { loss: 'mse' });
    const split = { x: new Float32Array([0, 0, 0, 0]), labels: new Int32Array([0, 1]), n: 2 };
    const data: TrainingData = { sampleShape: [2], binary: false, train: split, val: split };
    const models = buildCvaeModels(config.model, [2], 1);
    const objective = cvaeObjective(models, config, data);
    const x = tf.tensor2d([0, 0, 0, 0], [2, 2]);
    try {
      // Kernels read [x0, x1, y0, y1] (encoder) and [z, y0, y1] (decoder).
      layer(models.posterior!, 'z_mean').setWeights([tf.tensor2d([[0], [0], [1], [-1]]), tf.tensor1d([0])]);
      layer(models.posterior!, 'z_log_var').setWeights([tf.zeros([4, 1]), tf.tensor1d([0])]);
      layer(models.decoder, 'reconstruction').setWeights([tf.tensor2d([[1, 0], [0, 0], [0, 1]]), tf.zeros([2])]);
      const evaluation = await objective.evaluate('val', x);
      expect(evaluation!.values.reconstruction).toBeCloseTo(1.5, 6);
      expect(evaluation!.values.kl).toBeCloseTo(0.5, 6);
      expect(evaluation!.values.loss).toBeCloseTo(2.5, 6);
      expect(evaluation!.values.mse).toBeCloseTo(0.75, 6);
      expect(evaluation!.values.activeUnits).toBe(1);
      expect(evaluation!.klPerDimension).toEqual([expect.closeTo(0.5, 6)]);
      // The decoder's answer for code 0.5 as class 1 is [0.5, 1] by those weights.
      expect((await decodeCodes(models.decoder, [[0.5]], { labels: [1] }))[0]).toEqual([0.5, 1]);
    } finally {
      x.dispose();
      objective.dispose();
      disposeModels(models);
    }
  });

  it('refuses data without labels by name', () => {
    const config = cvaeConfig();
    const data = binaryData(32, [35]);
    const unlabelled = { ...data, train: { ...data.train, labels: null } };
    const models = buildCvaeModels(config.model, [35], 1);
    try {
      expect(() => cvaeObjective(models, config, unlabelled)).toThrow('a conditional VAE trains on class labels, and the training split of synthetic has none');
    } finally {
      disposeModels(models);
    }
  });
});

describe('a conditional VAE run through the kind registry', () => {
  it('trains, records the VAE metrics, draws a class grid of prior samples, and saves parts that reload', async () => {
    const config = cvaeConfig({}, { epochs: 4 });
    const data = binaryData(96, [7, 5, 1]);
    const session = openKindSession(config, data);
    const losses: number[] = [];
    try {
      const result = await fit({
        objective: session.objective,
        settings: loopSettingsOf(config.training),
        data,
        callbacks: { onEpoch: (_e, metrics) => void losses.push(metrics.find((m) => m.split === 'val')!.values.loss!) },
      });
      expect(result.status).toBe('completed');
      expect(Object.keys(result.finalMetrics.val)).toEqual(expect.arrayContaining(['loss', 'reconstruction', 'kl', 'activeUnits', 'bce', 'mse']));
      expect(losses[3]).toBeLessThan(losses[0]!);

      const grid = await session.priorSamples!();
      expect(grid).toMatchObject({ columns: 8, rowClasses: [0, 1, 2, 3] });
      expect(grid.samples).toHaveLength(32);
      // A column is one code: the rows (classes) of a column differ, the code is the same.
      expect(grid.samples[0]).not.toEqual(grid.samples[8]);

      const dir = join(root, 'model');
      await saveModels(dir, session.checkpointModels);
      const before = await reconstruct(session.autoencoder!.autoencoder, data.val.x, data.sampleShape, 5, data.val.labels);
      const loaded = await loadModelParts(dir, ['autoencoder', 'encoder', 'decoder']);
      try {
        const after = await reconstruct(loaded.autoencoder!, data.val.x, data.sampleShape, 5, data.val.labels);
        after.outputs.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(before.outputs[i]![j]!, 5)));
        await expect(reconstruct(loaded.autoencoder!, data.val.x, data.sampleShape, 5)).rejects.toThrow('is conditioned on a class label (4 classes), and none was given');
      } finally {
        for (const model of Object.values(loaded)) model?.dispose();
      }
    } finally {
      session.dispose();
    }
  }, 60_000);
});
