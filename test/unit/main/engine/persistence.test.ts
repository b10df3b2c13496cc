import { mkdtemp, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { buildModels, disposeModels, type AutoencoderModels } from '../../../../src/main/engine/models.js';
import { loadModels, saveModels } from '../../../../src/main/engine/persistence.js';
import { train } from '../../../../src/main/engine/trainer.js';
import { binaryData } from './fixtures.js';

let root: string;
beforeAll(async () => {
  await initBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'latent-lab-persistence-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const modelConfig = (input: RunConfigInput['model']) =>
  parseRunConfig({ dataset: { id: 'x' }, model: input, training: { epochs: 2, batchSize: 8, optimizer: { name: 'adam', learningRate: 0.01 } } });

/** Outputs of the three models on a fixed input, as plain arrays. */
function outputs(models: AutoencoderModels, shape: number[]): number[][] {
  return tf.tidy(() => {
    const x = tf.randomUniform([3, ...shape], 0, 1, 'float32', 11);
    const code = models.encoder.predict(x) as tf.Tensor;
    return [models.autoencoder.predict(x) as tf.Tensor, code, models.decoder.predict(code) as tf.Tensor].map((t) => Array.from(t.dataSync()));
  });
}

describe('saveModels / loadModels', () => {
  it('reloads a trained dense AE with batch norm that reproduces the outputs exactly', async () => {
    const config = modelConfig({ kind: 'dense', encoder: [16, 3], batchNormCode: true });
    const data = binaryData(32, [35]);
    const models = buildModels(config.model, [35], 1);
    // Trained, so that the batch-norm moving statistics are not their initial values.
    await train({ models, config, data });
    const dir = join(root, 'dense');
    const written = await saveModels(dir, models);
    expect(written).toEqual(['autoencoder', 'encoder', 'decoder'].map((p) => join(dir, p)));
    const loaded = await loadModels(dir);
    expect(outputs(loaded, [35])).toEqual(outputs(models, [35]));
    disposeModels(models);
    disposeModels(loaded);
  });

  it('reloads a conv AE on 28x28x1 that reproduces the outputs exactly', async () => {
    const config = modelConfig({ kind: 'conv', blocks: [{ filters: 4 }, { filters: 4 }, { filters: 4 }], batchNorm: true });
    const models = buildModels(config.model, [28, 28, 1], 2);
    const dir = join(root, 'conv');
    await saveModels(dir, models);
    const loaded = await loadModels(dir);
    expect(outputs(loaded, [28, 28, 1])).toEqual(outputs(models, [28, 28, 1]));
    disposeModels(models);
    disposeModels(loaded);
  });

  it('writes the TF.js layers format: model.json with a weights manifest pointing at weights.bin', async () => {
    const models = buildModels(modelConfig({ kind: 'dense', encoder: [4] }).model, [6], 1);
    const dir = join(root, 'format');
    await saveModels(dir, models);
    const json = JSON.parse(await readFile(join(dir, 'encoder', 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.modelTopology.class_name).toBe('Model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const bytes = (await readFile(join(dir, 'encoder', 'weights.bin'))).length;
    expect(bytes).toBe((6 * 4 + 4) * 4); // kernel + bias, float32
    disposeModels(models);
  });

  it('replaces an older checkpoint and leaves no temp or backup directory behind', async () => {
    const first = buildModels(modelConfig({ kind: 'dense', encoder: [4] }).model, [6], 1);
    const second = buildModels(modelConfig({ kind: 'dense', encoder: [4] }).model, [6], 2);
    const parent = join(root, 'replace');
    const dir = join(parent, 'checkpoint');
    await saveModels(dir, first);
    await saveModels(dir, second);
    expect(await readdir(parent)).toEqual(['checkpoint']);
    const loaded = await loadModels(dir);
    expect(outputs(loaded, [6])).toEqual(outputs(second, [6]));
    [first, second, loaded].forEach(disposeModels);
  });

  it('falls back to the previous checkpoint when a replace was interrupted', async () => {
    const models = buildModels(modelConfig({ kind: 'dense', encoder: [4] }).model, [6], 3);
    const dir = join(root, 'interrupted');
    await saveModels(dir, models);
    await rename(dir, `${dir}.previous`); // the state between the two renames of a replace
    const loaded = await loadModels(dir);
    expect(outputs(loaded, [6])).toEqual(outputs(models, [6]));
    [models, loaded].forEach(disposeModels);
  });

  it('names the file when a model.json is corrupt', async () => {
    const models = buildModels(modelConfig({ kind: 'dense', encoder: [4] }).model, [6], 1);
    const dir = join(root, 'corrupt');
    await saveModels(dir, models);
    disposeModels(models);
    await writeFile(join(dir, 'decoder', 'model.json'), '{"modelTopology": ');
    await expect(loadModels(dir)).rejects.toThrow(/decoder[/\\]model\.json: cannot read the model/);
  });
});
