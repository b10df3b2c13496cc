import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../../src/main/engine/backend.js';
import { summarizeArchitecture } from '../../../../../../src/main/engine/architecture.js';
import { buildGanModels, disposeGanModels, generate, priorBatch, priorCodes } from '../../../../../../src/main/engine/kinds/gan/models.js';
import { modelPartsOf } from '../../../../../../src/main/engine/model-parts.js';
import { loadModelParts, saveModels } from '../../../../../../src/main/engine/persistence.js';
import { ganModelSchema, type GanModelConfig } from '../../../../../../src/shared/config.js';

const gan = (input: Partial<GanModelConfig>): GanModelConfig => ganModelSchema.parse({ kind: 'gan', ...input });

let root: string;
beforeAll(async () => {
  await initBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'latent-lab-gan-models-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildGanModels', () => {
  for (const config of [gan({ latent: 8, generator: [16], discriminator: [16] }), gan({ architecture: 'dcgan', latent: 8, generator: [8, 4], discriminator: [4, 8] })]) {
    it(`gives a ${config.architecture} generator of samples in [0, 1] and a discriminator of one logit per sample, as planned`, () => {
      const models = buildGanModels(config, [28, 28, 1], 3);
      try {
        const [images, logits] = tf.tidy(() => {
          const fakes = models.generator.predict(priorBatch('normal', 8, 5, 1)) as tf.Tensor;
          return [fakes, models.discriminator.predict(fakes) as tf.Tensor];
        });
        expect(images!.shape).toEqual([5, 28, 28, 1]);
        expect(logits!.shape).toEqual([5, 1]);
        const values = images!.dataSync();
        expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...values)).toBeLessThanOrEqual(1);
        expect(models.generator.countParams() + models.discriminator.countParams()).toBe(summarizeArchitecture(config, [28, 28, 1]).totalParams);
        tf.dispose([images!, logits!]);
      } finally {
        disposeGanModels(models);
      }
    });
  }
});

describe('the prior', () => {
  it('draws the same codes for the same seed and other codes for another seed', () => {
    expect(priorCodes('normal', 4, 16, 9)).toEqual(priorCodes('normal', 4, 16, 9));
    expect(priorCodes('normal', 4, 16, 9)).not.toEqual(priorCodes('normal', 4, 16, 10));
  });

  it('keeps uniform codes in [-1, 1] with spread to both ends, while normal codes reach beyond and average near 0', () => {
    const uniform = Array.from(priorCodes('uniform', 64, 64, 1));
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(1);
    expect(Math.min(...uniform)).toBeLessThan(-0.95);
    expect(Math.max(...uniform)).toBeGreaterThan(0.95);
    const normal = Array.from(priorCodes('normal', 64, 64, 1));
    expect(normal.some((v) => Math.abs(v) > 1.5)).toBe(true);
    const mean = normal.reduce((a, b) => a + b, 0) / normal.length;
    const variance = normal.reduce((a, b) => a + (b - mean) ** 2, 0) / normal.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(variance).toBeGreaterThan(0.85);
    expect(variance).toBeLessThan(1.15);
    const batch = priorBatch('uniform', 32, 32, 5);
    const values = batch.dataSync();
    batch.dispose();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
  });

  it('gives an identical sample grid for the same seed and codes', async () => {
    const config = gan({ latent: 6, generator: [12], discriminator: [12] });
    const [a, b] = [buildGanModels(config, [5, 7], 21), buildGanModels(config, [5, 7], 21)];
    const other = buildGanModels(config, [5, 7], 22);
    try {
      const codes = priorCodes('normal', 6, 9, 4);
      const grid = await generate(a.generator, codes, 6);
      expect(grid).toHaveLength(9);
      expect(grid[0]).toHaveLength(35);
      expect(await generate(b.generator, priorCodes('normal', 6, 9, 4), 6)).toEqual(grid);
      expect(await generate(other.generator, codes, 6)).not.toEqual(grid);
    } finally {
      [a, b, other].forEach(disposeGanModels);
    }
  });
});

describe('GAN checkpoints', () => {
  it('save the generator as the decoder part beside the discriminator, and reload to identical outputs', async () => {
    const config = gan({ architecture: 'dcgan', latent: 8, generator: [8, 4], discriminator: [4] });
    const models = buildGanModels(config, [28, 28, 1], 5);
    const dir = join(root, 'dcgan');
    const codes = priorCodes('normal', 8, 4, 2);
    try {
      await saveModels(dir, { decoder: models.generator, discriminator: models.discriminator });
      expect((await readdir(dir)).sort()).toEqual(['decoder', 'discriminator']);
      const loaded = await loadModelParts(dir, modelPartsOf('gan'));
      try {
        expect(await generate(loaded.decoder!, codes, 8)).toEqual(await generate(models.generator, codes, 8));
        const logits = (model: tf.LayersModel): number[] =>
          tf.tidy(() => Array.from((model.predict(tf.ones([2, 28, 28, 1])) as tf.Tensor).dataSync()));
        expect(logits(loaded.discriminator!)).toEqual(logits(models.discriminator));
      } finally {
        Object.values(loaded).forEach((m) => m?.dispose());
      }
    } finally {
      disposeGanModels(models);
    }
  });
});
