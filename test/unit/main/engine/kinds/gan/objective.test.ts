import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../../../../src/shared/api.js';
import { initBackend } from '../../../../../../src/main/engine/backend.js';
import { buildGanModels, disposeGanModels, priorCodes } from '../../../../../../src/main/engine/kinds/gan/models.js';
import { evaluateGan, ganObjective } from '../../../../../../src/main/engine/kinds/gan/objective.js';
import { fit, loopSettingsOf } from '../../../../../../src/main/engine/loop/fit.js';
import type { TrainingCallbacks, TrainingData } from '../../../../../../src/main/engine/loop/objective.js';
import type { GanModels } from '../../../../../../src/main/engine/kinds/gan/models.js';
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../../../../../../src/shared/config.js';
import { binaryData } from '../../fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function ganConfig(model: Partial<Extract<RunConfigInput['model'], { kind: 'gan' }>> = {}, training: Partial<RunConfigInput['training']> = {}): RunConfig {
  return parseRunConfig({
    dataset: { id: 'synthetic' },
    model: { kind: 'gan', latent: 4, generator: [16], discriminator: [16], ...model },
    training: { epochs: 3, batchSize: 16, optimizer: { name: 'adam', learningRate: 2e-3, beta1: 0.5 }, seed: 5, ...training },
  });
}

/** The GAN objective of `config` in the one loop. */
async function trainGan(args: { models: GanModels; config: RunConfig; data: TrainingData; callbacks?: TrainingCallbacks }) {
  if (args.config.model.kind !== 'gan') throw new Error('not a GAN');
  const objective = ganObjective(args.models, args.config, args.config.model, args.data.val.n);
  try {
    return await fit({ objective, settings: loopSettingsOf(args.config.training), data: args.data, callbacks: args.callbacks });
  } finally {
    objective.dispose();
  }
}

async function runGan(config: RunConfig, data: TrainingData = binaryData(48, [35]), extra: { callbacks?: TrainingCallbacks } = {}) {
  if (config.model.kind !== 'gan') throw new Error('not a GAN');
  const models = buildGanModels(config.model, data.sampleShape, config.training.seed);
  const epochs: EpochMetrics[][] = [];
  const checkpoints: number[] = [];
  const tensorsAfterEpoch: number[] = [];
  try {
    const result = await trainGan({
      models,
      config,
      data,
      ...extra,
      callbacks: {
        onEpoch: (_epoch, metrics) => {
          epochs.push(metrics);
          tensorsAfterEpoch.push(tf.memory().numTensors);
        },
        onCheckpoint: async (epoch) => void checkpoints.push(epoch),
        ...extra.callbacks,
      },
    });
    return { result, epochs, checkpoints, tensorsAfterEpoch };
  } finally {
    disposeGanModels(models);
  }
}

describe('the GAN objective', () => {
  it('records finite D and G losses on both splits every epoch, with loss = the generator loss', async () => {
    const { result, epochs, checkpoints } = await runGan(ganConfig());
    expect(result.status).toBe('completed');
    expect(result.epochsDone).toBe(3);
    expect(checkpoints).toEqual([3]);
    for (const metrics of epochs) {
      expect(metrics.map((m) => m.split)).toEqual(['train', 'val']);
      for (const { values } of metrics) {
        expect(Object.keys(values).sort()).toEqual(['discriminatorLoss', 'generatorLoss', 'loss']);
        expect(Number.isFinite(values.discriminatorLoss)).toBe(true);
        expect(Number.isFinite(values.generatorLoss)).toBe(true);
        expect(values.loss).toBe(values.generatorLoss);
      }
    }
  });

  it('lowers the discriminator loss on a tiny set while the generator barely moves', async () => {
    const data = binaryData(32, [35]);
    const config = ganConfig({ discriminatorLearningRate: 5e-3 }, { epochs: 6, batchSize: 32, optimizer: { name: 'adam', learningRate: 1e-7, beta1: 0.5 } });
    if (config.model.kind !== 'gan') throw new Error('not a GAN');
    const models = buildGanModels(config.model, data.sampleShape, config.training.seed);
    const x = tf.tensor(data.train.x, [data.train.n, 35]);
    const codes = tf.tensor2d(priorCodes('normal', 4, data.train.n, 99), [data.train.n, 4]);
    try {
      const before = await evaluateGan(models, x, codes);
      const result = await trainGan({ models, config, data });
      const after = await evaluateGan(models, x, codes);
      expect(result.status).toBe('completed');
      expect(after.discriminatorLoss!).toBeLessThan(before.discriminatorLoss! * 0.8);
    } finally {
      tf.dispose([x, codes]);
      disposeGanModels(models);
    }
  });

  it('gives identical losses for the same seed', async () => {
    const a = await runGan(ganConfig({}, { epochs: 2 }));
    const b = await runGan(ganConfig({}, { epochs: 2 }));
    expect(b.result.finalMetrics).toEqual(a.result.finalMetrics);
  });

  it('keeps the number of live tensors flat across epochs (dense and DCGAN)', async () => {
    const dense = await runGan(ganConfig({}, { epochs: 4 }));
    expect(new Set(dense.tensorsAfterEpoch.slice(1)).size).toBe(1);
    const images: TrainingData = { ...binaryData(16, [8, 8, 1]), binary: false };
    const dcgan = await runGan(ganConfig({ architecture: 'dcgan', generator: [4, 4], discriminator: [4] }, { epochs: 3, batchSize: 8 }), images);
    expect(dcgan.result.status).toBe('completed');
    expect(new Set(dcgan.tensorsAfterEpoch.slice(1)).size).toBe(1);
  });

  it('refuses a stopWhen metric a GAN does not record', async () => {
    await expect(runGan(ganConfig({}, { stopWhen: { metric: 'mse', atMost: 0 } }))).rejects.toThrow(/stopWhen.metric: a GAN records .* not "mse"/);
  });
});
