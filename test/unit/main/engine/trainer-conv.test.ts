import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { buildModels, disposeModels } from '../../../../src/main/engine/models.js';
import { train, type TrainingData } from '../../../../src/main/engine/trainer.js';
import { imageSplit, runConfig } from './fixtures.js';

// Conv training runs on the cpu backend: stock tfjs-wasm lacks Conv2DBackpropFilter (the
// wasm-kernels module adds it; its own tests cover that path).
beforeAll(async () => {
  await initBackend('cpu');
});

function imageData(shape: number[], n: number): TrainingData {
  return { sampleShape: shape, binary: false, train: imageSplit(n, shape, 1), val: imageSplit(8, shape, 2) };
}

describe('train (conv AE)', () => {
  it('lowers the loss on 28x28x1 images with batch norm and keeps tensors flat', async () => {
    const config = runConfig({
      model: { kind: 'conv', blocks: [{ filters: 4 }, { filters: 4 }, { filters: 4 }], batchNorm: true },
      training: { epochs: 3, batchSize: 16, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 } },
    });
    const data = imageData([28, 28, 1], 16);
    const models = buildModels(config.model, data.sampleShape, 1);
    const losses: number[] = [];
    const tensors: number[] = [];
    const result = await train({
      models,
      config,
      data,
      callbacks: {
        onEpoch: (_e, metrics) => {
          losses.push(metrics[0]!.values.loss!);
          tensors.push(tf.memory().numTensors);
        },
      },
    });
    disposeModels(models);
    expect(result.status).toBe('completed');
    expect(losses[2]).toBeLessThan(losses[0]!);
    expect(new Set(tensors.slice(1)).size).toBe(1);
    expect(result.finalMetrics.val.maxWrongPixels).toBeUndefined();
    expect(result.finalMetrics.val.psnr).toBeGreaterThan(0);
  });

  it('trains one epoch on 32x32x3 images', async () => {
    const config = runConfig({
      model: { kind: 'conv', blocks: [{ filters: 4 }, { filters: 4 }], decoderFilters: [4, 2] },
      training: { epochs: 1, batchSize: 8, optimizer: { name: 'rmsprop', learningRate: 0.001 } },
    });
    const data = imageData([32, 32, 3], 8);
    const models = buildModels(config.model, data.sampleShape, 1);
    const result = await train({ models, config, data });
    disposeModels(models);
    expect(result.status).toBe('completed');
    expect(Number.isFinite(result.finalMetrics.val.mse)).toBe(true);
  });
});
