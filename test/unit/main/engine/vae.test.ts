import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../../src/shared/api.js';
import { parseRunConfig, type RunConfig, type VaeModelConfig } from '../../../../src/shared/config.js';
import { summarizeArchitecture } from '../../../../src/main/engine/architecture.js';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { buildModels, disposeModels } from '../../../../src/main/engine/models.js';
import { loadModels, saveModels } from '../../../../src/main/engine/persistence.js';
import { train } from '../../../../src/main/engine/trainer.js';
import { latentKlReport } from '../../../../src/main/engine/kinds/vae/vae-math.js';
import { binaryData, imageSplit } from './fixtures.js';

let root: string;
beforeAll(async () => {
  await initBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'latent-lab-vae-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function vaeConfig(model: Partial<VaeModelConfig> = {}, training: Partial<RunConfig['training']> = {}): RunConfig {
  return parseRunConfig({
    dataset: { id: 'synthetic' },
    model: { kind: 'vae', encoder: [16], latent: 4, ...model },
    training: { epochs: 3, batchSize: 16, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 }, seed: 5, ...training },
  });
}

async function trainVae(config: RunConfig, data = binaryData(64, [35])) {
  const models = buildModels(config.model, data.sampleShape, config.training.seed);
  const epochs: EpochMetrics[][] = [];
  const kl: number[][] = [];
  try {
    const result = await train({
      models,
      config,
      data,
      callbacks: { onEpoch: (_e, m) => void epochs.push(m), onLatentKl: (_e, values) => void kl.push(values) },
    });
    return { result, epochs, kl };
  } finally {
    disposeModels(models);
  }
}

describe('VAE models', () => {
  it('builds a dense VAE: mean and log-variance heads of the latent size, decoder back to the sample shape', () => {
    const config = vaeConfig({ encoder: [16, 8], latent: 3 });
    const models = buildModels(config.model, [7, 5, 1], 1);
    expect(models.encoder.outputs[0]!.shape).toEqual([null, 3]);
    expect(models.posterior!.outputs.map((o) => o.shape)).toEqual([
      [null, 3],
      [null, 3],
    ]);
    expect(models.decoder.inputs[0]!.shape).toEqual([null, 3]);
    expect(models.decoder.outputs[0]!.shape).toEqual([null, 7, 5, 1]);
    expect(models.autoencoder.outputs[0]!.shape).toEqual([null, 7, 5, 1]);
    // The planner's count covers the trunk, both heads and the decoder.
    const summary = summarizeArchitecture(config.model, [7, 5, 1]);
    expect(summary.totalParams).toBe(models.posterior!.countParams() + models.decoder.countParams());
    expect(summary.layers.map((l) => l.name)).toContain('z_log_var');
    disposeModels(models);
  });

  it('builds a conv VAE whose decoder crops back to odd image sizes', () => {
    const config = vaeConfig({ convBlocks: [{ filters: 4, kernel: 3 }, { filters: 8, kernel: 3 }], latent: 2 });
    const models = buildModels(config.model, [7, 7], 1);
    expect(models.posterior!.outputs.map((o) => o.shape)).toEqual([
      [null, 2],
      [null, 2],
    ]);
    expect(models.decoder.outputs[0]!.shape).toEqual([null, 7, 7]);
    expect(summarizeArchitecture(config.model, [7, 7]).totalParams).toBe(models.posterior!.countParams() + models.decoder.countParams());
    disposeModels(models);
  });
});

describe('VAE training', () => {
  it('lowers the loss and records reconstruction, KL and active units for both splits', async () => {
    const { result, epochs, kl } = await trainVae(vaeConfig({}, { epochs: 8 }));
    expect(result.status).toBe('completed');
    const trainLoss = epochs.map((m) => m.find((e) => e.split === 'train')!.values.loss!);
    expect(trainLoss[7]).toBeLessThan(trainLoss[0]! * 0.8);
    for (const split of ['train', 'val'] as const) {
      const values = epochs[7]!.find((e) => e.split === split)!.values;
      expect(values.reconstruction).toBeGreaterThan(0);
      expect(values.kl).toBeGreaterThan(0);
      expect(values.activeUnits).toBeGreaterThanOrEqual(0);
    }
    // Validation: loss = reconstruction + β·KL with β = 1, and the KL is the sum of the per-dimension KL.
    const val = result.finalMetrics.val;
    expect(val.loss).toBeCloseTo(val.reconstruction! + val.kl!, 4);
    expect(kl).toHaveLength(8);
    expect(kl[7]!.reduce((a, b) => a + b, 0)).toBeCloseTo(val.kl!, 4);
    expect(val.activeUnits).toBe(kl[7]!.filter((v) => v > 0.01).length);
  });

  it('collapses the posterior under a huge β and says so', async () => {
    const { result, kl } = await trainVae(vaeConfig({ beta: 1000 }, { epochs: 6 }));
    expect(result.finalMetrics.val.activeUnits).toBe(0);
    const report = latentKlReport(kl[kl.length - 1]!, 6);
    expect(report.collapsed).toBe(true);
    expect(report.warning).toMatch(/posterior collapse/);
    const healthy = await trainVae(vaeConfig({}, { epochs: 6 }));
    expect(latentKlReport(healthy.kl[healthy.kl.length - 1]!, 6).warning).toBeNull();
  });

  it('trains a conv VAE on small images', async () => {
    const data = { sampleShape: [8, 8, 1], binary: false, train: imageSplit(32, [8, 8, 1]), val: imageSplit(8, [8, 8, 1], 3) };
    const config = vaeConfig({ convBlocks: [{ filters: 4, kernel: 3 }], latent: 2 }, { epochs: 2, loss: 'mse' });
    const { result } = await trainVae(config, data);
    expect(result.status).toBe('completed');
    expect(result.finalMetrics.val.kl).toBeTypeOf('number');
  });

  it('keeps the number of live tensors flat across epochs', async () => {
    const config = vaeConfig({}, { epochs: 5 });
    const data = binaryData(48, [35]);
    const models = buildModels(config.model, data.sampleShape, 1);
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await train({ models, config, data, progressIntervalMs: 0, callbacks: { onEpoch: () => void counts.push(tf.memory().numTensors) } });
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    disposeModels(models);
  });

  it('saves autoencoder (mean path), encoder (mean) and decoder that reload with identical outputs', async () => {
    const config = vaeConfig({}, { epochs: 2 });
    const data = binaryData(32, [35]);
    const models = buildModels(config.model, data.sampleShape, 1);
    await train({ models, config, data });
    const dir = join(root, 'vae-model');
    await saveModels(dir, models);
    const loaded = await loadModels(dir);
    const outputs = (m: typeof models) =>
      tf.tidy(() => {
        const x = tf.tensor(data.val.x.slice(0, 3 * 35), [3, 35]);
        const code = m.encoder.predict(x) as tf.Tensor;
        return [m.autoencoder.predict(x) as tf.Tensor, code, m.decoder.predict(code) as tf.Tensor].map((t) => Array.from(t.dataSync()));
      });
    const [recon, mean, decoded] = outputs(models);
    expect(outputs(loaded)).toEqual([recon, mean, decoded]);
    // The encoder gives the posterior mean, and the autoencoder decodes it.
    const posteriorMean = tf.tidy(() => Array.from(((models.posterior!.predict(tf.tensor(data.val.x.slice(0, 3 * 35), [3, 35])) as tf.Tensor[])[0]!).dataSync()));
    expect(mean).toEqual(posteriorMean);
    expect(recon).toEqual(decoded);
    disposeModels(models);
    disposeModels(loaded);
  });
});
