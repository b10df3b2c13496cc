import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../../src/shared/api.js';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { buildModels, disposeModels } from '../../../../src/main/engine/models.js';
import { train, type TrainArgs } from '../../../../src/main/engine/trainer.js';
import type { RunConfig } from '../../../../src/shared/config.js';
import { binaryData, runConfig } from './fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Builds the config's model, trains it and frees it; returns the result and every onEpoch payload. */
async function runTraining(config: RunConfig, data = binaryData(64, [35]), extra: Partial<TrainArgs> = {}) {
  const models = buildModels(config.model, data.sampleShape, config.training.seed);
  const epochs: EpochMetrics[][] = [];
  const checkpoints: number[] = [];
  try {
    const result = await train({
      models,
      config,
      data,
      ...extra,
      callbacks: {
        onEpoch: (_epoch, metrics) => void epochs.push(metrics),
        onCheckpoint: async (epoch) => void checkpoints.push(epoch),
        ...extra.callbacks,
      },
    });
    return { result, epochs, checkpoints };
  } finally {
    disposeModels(models);
  }
}

describe('train', () => {
  it('lowers the loss of a dense AE on a small binary set', async () => {
    const { result, epochs } = await runTraining(runConfig({ training: { epochs: 8 } }));
    expect(result.status).toBe('completed');
    expect(result.epochsDone).toBe(8);
    const losses = epochs.map((m) => m.find((e) => e.split === 'train')!.values.loss!);
    expect(losses[7]).toBeLessThan(losses[0]! * 0.8);
    expect(result.finalMetrics.val.maxWrongPixels).toBeTypeOf('number');
    expect(result.finalMetrics.train.mse).toBeTypeOf('number');
  });

  it('gives identical metrics for the same seed and different ones for another seed', async () => {
    const a = await runTraining(runConfig({ training: { epochs: 2, seed: 3 } }));
    const b = await runTraining(runConfig({ training: { epochs: 2, seed: 3 } }));
    const c = await runTraining(runConfig({ training: { epochs: 2, seed: 4 } }));
    expect(b.result.finalMetrics).toEqual(a.result.finalMetrics);
    expect(c.result.finalMetrics.val.mse).not.toBe(a.result.finalMetrics.val.mse);
  });

  it('validates every N epochs and at the last epoch, and checkpoints every M epochs and at the end', async () => {
    const { epochs, checkpoints } = await runTraining(runConfig({ training: { epochs: 5, validationEvery: 2, checkpointEvery: 2 } }));
    const validated = epochs.filter((m) => m.some((e) => e.split === 'val')).map((m) => m[0]!.epoch);
    expect(validated).toEqual([2, 4, 5]);
    expect(checkpoints).toEqual([2, 4, 5]);
    // Non-validation epochs only carry the mean batch loss.
    expect(Object.keys(epochs[0]![0]!.values)).toEqual(['loss']);
  });

  it('stops cooperatively at a batch boundary when asked', async () => {
    let batches = 0;
    const { result, checkpoints } = await runTraining(runConfig({ training: { epochs: 50, batchSize: 8 } }), undefined, {
      progressIntervalMs: 0,
      callbacks: { shouldStop: () => ++batches > 20 },
    });
    expect(result.status).toBe('cancelled');
    expect(result.epochsDone).toBe(2); // 8 batches per epoch: stopped in the third epoch
    expect(checkpoints).toEqual([2]);
  });

  it('ends as diverged on non-finite data without a checkpoint after it', async () => {
    const data = binaryData(32, [35]);
    data.train.x[5] = NaN;
    const { result, checkpoints } = await runTraining(runConfig({ training: { epochs: 4 } }), data);
    expect(result.status).toBe('diverged');
    expect(result.epochsDone).toBe(0);
    expect(result.error).toMatch(/NaN at epoch 1/);
    expect(checkpoints).toEqual([]);
  });

  it('ends as diverged when a huge learning rate blows the loss up', async () => {
    const config = runConfig({
      model: { kind: 'dense', encoder: [16, 4], outputActivation: 'linear', activation: 'linear' },
      training: { epochs: 30, optimizer: { name: 'sgd', learningRate: 10 } },
    });
    const { result } = await runTraining(config);
    expect(result.status).toBe('diverged');
    expect(result.error).toMatch(/the loss became (NaN|-?Infinity)/);
  });

  it('keeps the last good checkpoint when the weights go bad mid-run', async () => {
    const config = runConfig({ training: { epochs: 6, checkpointEvery: 1 } });
    const data = binaryData(32, [35]);
    const models = buildModels(config.model, data.sampleShape, 1);
    const checkpoints: number[] = [];
    const poison = (epoch: number) => {
      if (epoch !== 2) return;
      const layer = models.autoencoder.getLayer('code');
      const [kernel, bias] = layer.getWeights();
      const poisoned = tf.fill(kernel!.shape, NaN);
      layer.setWeights([poisoned, bias!]);
      poisoned.dispose(); // kernel and bias are the live variables
    };
    const result = await train({ models, config, data, callbacks: { onEpoch: poison, onCheckpoint: async (e) => void checkpoints.push(e) } });
    disposeModels(models);
    expect(result.status).toBe('diverged');
    expect(result.epochsDone).toBe(2);
    // Epoch 2's weights were poisoned before its checkpoint: the checkpoint check catches it.
    expect(checkpoints).toEqual([1]);
    expect(result.error).toMatch(/epoch 2.*checkpoint \(epoch 1\) is kept/);
  });

  it('stops as completed once the stopWhen validation metric is reached', async () => {
    const { result } = await runTraining(runConfig({ training: { epochs: 40, stopWhen: { metric: 'mse', atMost: 0.2 } } }));
    expect(result.status).toBe('completed');
    expect(result.epochsDone).toBeLessThan(40);
    expect(result.finalMetrics.val.mse).toBeLessThanOrEqual(0.2);
  });

  it('rejects a stopWhen metric that the data does not have', async () => {
    const data = { ...binaryData(16, [35]), binary: false };
    await expect(runTraining(runConfig({ training: { stopWhen: { metric: 'maxWrongPixels', atMost: 0 } } }), data)).rejects.toThrow(
      /training\.stopWhen\.metric.*binary/,
    );
  });

  it('keeps the number of live tensors flat across epochs', async () => {
    const config = runConfig({
      model: { kind: 'dense', encoder: [16, 4], batchNormCode: true, weightDecay: 1e-4 },
      training: { epochs: 6, optimizer: { name: 'adam', learningRate: 0.01, weightDecay: 1e-3 } },
    });
    const data = binaryData(48, [35]);
    const models = buildModels(config.model, data.sampleShape, 1);
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await train({ models, config, data, progressIntervalMs: 0, callbacks: { onEpoch: () => void counts.push(tf.memory().numTensors) } });
    // Epoch 1 creates the optimizer's slots; from then on nothing may accumulate.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    disposeModels(models);
  });

  it('updates batch-norm moving statistics during training', async () => {
    const config = runConfig({ model: { kind: 'dense', encoder: [8, 3], batchNormCode: true }, training: { epochs: 1 } });
    const data = binaryData(32, [35]);
    const models = buildModels(config.model, data.sampleShape, 1);
    const movingMean = () => models.encoder.getLayer('code_bn').getWeights()[2]!.dataSync().slice();
    const initial = movingMean();
    await train({ models, config, data });
    expect(Array.from(movingMean())).not.toEqual(Array.from(initial));
    disposeModels(models);
  });

  it('reports throttled batch progress with finite losses', async () => {
    const progress: { epoch: number; batch: number; total: number; loss: number }[] = [];
    await runTraining(runConfig({ training: { epochs: 2, batchSize: 8 } }), undefined, {
      progressIntervalMs: 0,
      callbacks: { onProgress: (epoch, batch, total, loss) => void progress.push({ epoch, batch, total, loss }) },
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.total === 8 && p.batch >= 1 && p.batch <= 8 && Number.isFinite(p.loss))).toBe(true);
  });
});
