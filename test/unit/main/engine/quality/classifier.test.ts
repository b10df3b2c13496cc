import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend.js';
import { accuracy, buildClassifier, classify, FEATURE_SIZE, trainClassifier } from '../../../../../src/main/engine/quality/classifier.js';
import { CLASSIFIER_VERSION, loadCachedClassifier, saveClassifier, type StoredClassifierInfo } from '../../../../../src/main/engine/quality/classifier-cache.js';
import { binarySplit } from '../fixtures.js';

const SHAPE = [7, 5];
const TRAINING = { epochs: 8, batchSize: 32, learningRate: 0.003, seed: 5 };

beforeAll(async () => {
  await initBackend('wasm');
});

describe('quality classifier', () => {
  it('learns a tiny labelled set of 4 noisy prototypes well above chance (25 %)', async () => {
    // One split of 400: the first 300 train, the last 100 test (same prototypes, their own noise).
    const all = binarySplit(400, 35, 3);
    const train = { x: all.x.subarray(0, 300 * 35), labels: all.labels!.subarray(0, 300), n: 300 };
    const test = { x: all.x.subarray(300 * 35), labels: all.labels!.subarray(300), n: 100 };
    const model = buildClassifier(SHAPE, 4, 5);
    const before = await accuracy(model, test, SHAPE);
    await trainClassifier(model, train, SHAPE, 4, TRAINING);
    const after = await accuracy(model, test, SHAPE);
    expect(after).toBeGreaterThan(0.9);
    expect(after).toBeGreaterThan(before);
    const { features, predictions } = await classify(model, test.x, SHAPE, 10);
    expect(features).toHaveLength(10 * FEATURE_SIZE);
    expect(predictions).toHaveLength(10);
    model.dispose();
  });

  it('stops at a batch boundary when its signal is aborted', async () => {
    const model = buildClassifier(SHAPE, 4, 5);
    const controller = new AbortController();
    let batches = 0;
    const training = trainClassifier(model, binarySplit(400, 35, 3), SHAPE, 4, { ...TRAINING, batchSize: 4, epochs: 50 }, {
      signal: controller.signal,
      onProgress: (done) => {
        batches = done;
        if (done === 3) controller.abort();
      },
    });
    await expect(training).rejects.toThrow('cancelled');
    expect(batches).toBeLessThan(100);
    model.dispose();
  });

  it('is cached on disk and reused only for the same dataset and training', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quality-classifier-'));
    try {
      const model = buildClassifier(SHAPE, 4, 5);
      const key = { datasetId: 'toy', sampleShape: SHAPE, classNames: ['a', 'b', 'c', 'd'], datasetTrainCount: 400, training: TRAINING };
      const info: StoredClassifierInfo = { version: CLASSIFIER_VERSION, ...key, epochsTrained: 8, trainSamples: 300, testSamples: 100, testAccuracy: 0.97, featureSize: FEATURE_SIZE, trainedAt: 'now' };
      const target = path.join(dir, 'classifiers', 'toy');
      await saveClassifier(target, model, info);
      expect(fs.readdirSync(path.join(dir, 'classifiers'))).toEqual(['toy']);

      const loaded = await loadCachedClassifier(target, key);
      expect(loaded?.info.testAccuracy).toBe(0.97);
      const x = binarySplit(5, 35, 9).x;
      const [a, b] = await Promise.all([classify(model, x, SHAPE, 5), classify(loaded!.model, x, SHAPE, 5)]);
      expect([...b.predictions]).toEqual([...a.predictions]);

      expect(await loadCachedClassifier(target, { ...key, datasetTrainCount: 401 })).toBeNull();
      expect(await loadCachedClassifier(target, { ...key, training: { ...TRAINING, epochs: 9 } })).toBeNull();
      fs.writeFileSync(path.join(target, 'model', 'weights.bin'), 'garbage');
      expect(await loadCachedClassifier(target, key)).toBeNull();
      model.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
