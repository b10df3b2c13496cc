import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { denoisingSweep, MIN_SWEEP_SAMPLES } from '../../../../src/main/engine/denoising.js';
import { buildModels, disposeModels } from '../../../../src/main/engine/models.js';
import { train } from '../../../../src/main/engine/trainer.js';
import { binaryData } from './fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const config = (denoising: RunConfigInput['denoising'], epochs = 30) =>
  parseRunConfig({
    dataset: { id: 'synthetic' },
    model: { kind: 'dense', encoder: [32, 8], decoder: [32], activation: 'tanh' },
    training: { epochs, batchSize: 16, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 }, seed: 3, validationEvery: 10 },
    denoising,
  });

describe('denoising training', () => {
  it('validates on corrupted inputs against clean targets: the val error grows with the training noise', async () => {
    const data = binaryData(64, [35]);
    const errors: number[] = [];
    for (const k of [1, 8]) {
      const c = config({ corruption: { kind: 'bitFlip', k } }, 10);
      const models = buildModels(c.model, data.sampleShape, 3);
      const result = await train({ models, config: c, data });
      errors.push(result.finalMetrics.val.meanWrongPixels!);
      disposeModels(models);
    }
    expect(errors[1]).toBeGreaterThan(errors[0]!);
  });

  it('keeps the number of live tensors flat across epochs while corrupting every batch', async () => {
    const c = config({ corruption: { kind: 'saltPepper', p: 0.2 } }, 5);
    c.training.validationEvery = 1;
    const data = binaryData(48, [35]);
    const models = buildModels(c.model, data.sampleShape, 3);
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await train({ models, config: c, data, progressIntervalMs: 0, callbacks: { onEpoch: () => void counts.push(tf.memory().numTensors) } });
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    disposeModels(models);
  });

  it('sweeps the noise levels: the denoiser beats its noisy input, and both errors grow with the level', async () => {
    const c = config({ corruption: { kind: 'bitFlip', k: 2 }, evaluationLevels: [0, 2, 6] });
    const data = binaryData(64, [35]);
    const models = buildModels(c.model, data.sampleShape, 3);
    await train({ models, config: c, data });
    const x = tf.tensor(data.val.x, [data.val.n, 35]);
    const before = tf.memory().numTensors;
    const report = await denoisingSweep({
      autoencoder: models.autoencoder,
      denoising: c.denoising!,
      x,
      labels: Array.from(data.val.labels!),
      loss: 'bce',
      binary: true,
      seed: 3,
      epoch: 30,
      gallerySize: 4,
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    disposeModels(models);
    expect(report.levels.map((l) => l.level)).toEqual([0, 2, 6]);
    // The 16 validation samples are repeated so that each level scores at least MIN_SWEEP_SAMPLES noisy copies.
    expect(report.samples).toBeGreaterThanOrEqual(MIN_SWEEP_SAMPLES);
    const [clean, two, six] = report.levels;
    expect(clean!.noisy.meanWrongPixels).toBe(0);
    expect(two!.noisy.meanWrongPixels).toBeCloseTo(2, 6);
    expect(six!.noisy.meanWrongPixels).toBeCloseTo(6, 6);
    expect(two!.denoised.meanWrongPixels!).toBeLessThan(2);
    expect(six!.denoised.meanWrongPixels!).toBeLessThan(6);
    expect(six!.denoised.mse!).toBeGreaterThan(clean!.denoised.mse!);
    expect(report.galleries).toHaveLength(3);
    expect(report.galleries[1]!.noisy).toHaveLength(4);
    expect(report.galleries[1]!.clean[0]).toHaveLength(35);
    expect(report.galleries[0]!.noisy).toEqual(report.galleries[0]!.clean);
  });
});
