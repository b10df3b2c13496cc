/**
 * The latent lab's service on real models: a font5x7-2d run trained for a few seconds (a 2-D code)
 * and a small conv autoencoder saved with random weights (a 4x3x4 conv code, drawn through PCA).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedModel } from '../../../../src/shared/api.js';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';

let home: string;
let lab: Lab;
let font: OpenedModel;
let conv: OpenedModel;

const closeTo = (a: number[], b: number[], digits = 5): void => {
  expect(a).toHaveLength(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits));
};

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-lab-'));
  lab = await createLab({ home, mode: 'cli' });
  const config = structuredClone(findPreset('font5x7-2d')!.config);
  config.training.epochs = 30;
  config.training.checkpointEvery = 30;
  const experiment = await lab.experiments.create('Latent');
  const run = await lab.runs.start(experiment.id, config, 'font5x7-2d');
  expect(await lab.waitForRun(run.id)).toBe('completed');
  font = await lab.models.openRun(run.id);

  // A conv AE saved untrained: its code has spatial shape, which is all the conv tools need.
  const { buildModels } = await import('../../../../src/main/engine/models.js');
  const { saveModels } = await import('../../../../src/main/engine/persistence.js');
  const model = parseRunConfig({ dataset: { id: 'font5x7' }, model: { kind: 'conv', blocks: [{ filters: 4, kernel: 3 }] }, training: { epochs: 1, batchSize: 8, optimizer: { name: 'adam', learningRate: 0.01 } } }).model;
  await saveModels(path.join(home, 'conv'), buildModels(model, [7, 5, 1], 3));
  conv = await lab.models.open(path.join(home, 'conv'));
}, 120_000);

afterAll(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('models.openRun', () => {
  it("opens a run's latest checkpoint with its three parts", () => {
    expect(font.parts).toEqual(['autoencoder', 'encoder', 'decoder']);
    expect(font.codeSize).toBe(2);
  });

  it('names a run without a checkpoint', async () => {
    await expect(lab.models.openRun(999)).rejects.toThrow('run 999 has no saved model yet');
  });
});

describe('LatentLab on a 2-D code', () => {
  it('projects 2-D codes as they are (method none): the points are the encoder codes', async () => {
    const projection = await lab.latent.project(font.id, 'font5x7', 32);
    const { codes } = await lab.models.encode(font.id, 'font5x7', 32);
    expect(projection).toMatchObject({ method: 'none', codeSize: 2, codeShape: [2], sampleShape: [7, 5, 1] });
    expect(projection.points).toHaveLength(32);
    projection.points.forEach((p, i) => closeTo(p, codes[i]!));
    expect(projection.indices.slice(0, 3)).toEqual([0, 1, 2]);
    expect(projection.extent.x[0]).toBeLessThan(Math.min(...codes.map((c) => c[0]!)));
  });

  it("decodes a sample's code to what the autoencoder reconstructs, from the plane or from the code", async () => {
    const { codes } = await lab.models.encode(font.id, 'font5x7', 3);
    const { outputs } = await lab.models.reconstruct(font.id, 'font5x7', 3);
    const fromPlane = await lab.latent.decode(font.id, codes, 'plane');
    const fromCode = await lab.latent.decode(font.id, codes, 'code');
    expect(fromPlane.sampleShape).toEqual([7, 5, 1]);
    fromPlane.images.forEach((image, i) => closeTo(image.values, outputs[i]!));
    fromCode.images.forEach((image, i) => closeTo(image.values, outputs[i]!));
    closeTo(fromPlane.points[1]!, codes[1]!);
  });

  it('decodes two different points of the plane to different images', async () => {
    const { images } = await lab.latent.decode(font.id, [[-3, -3], [3, 3]], 'plane');
    expect(images[0]!.values).not.toEqual(images[1]!.values);
  });

  it('refuses codes of the wrong size with a clear message', async () => {
    await expect(lab.latent.decode(font.id, [[1, 2, 3]], 'code')).rejects.toThrow('code 0 has 3 values; the decoder takes 2');
    await expect(lab.latent.decode(font.id, [[1, 2, 3]], 'plane')).rejects.toThrow('plane point 0 has 3 coordinates, not 2');
  });

  it('decodes a steps × steps manifold grid over the projection extent, top row first', async () => {
    const projection = await lab.latent.project(font.id, 'font5x7', 32);
    const grid = await lab.latent.grid(font.id, 4);
    expect(grid.images).toHaveLength(16);
    closeTo(grid.points[0]!, [projection.extent.x[0], projection.extent.y[1]]);
    closeTo(grid.points[15]!, [projection.extent.x[1], projection.extent.y[0]]);
  });

  it('interpolates from the reconstruction of sample A to that of sample B', async () => {
    const { outputs } = await lab.models.reconstruct(font.id, 'font5x7', 6);
    const strip = await lab.latent.interpolate(font.id, 'font5x7', 2, 5, 7);
    expect(strip.images).toHaveLength(7);
    closeTo(strip.images[0]!.values, outputs[2]!);
    closeTo(strip.images[6]!.values, outputs[5]!);
  });

  it('perturbs a code: σ 0 and scale 1 leave the reconstruction, scale 2 doubles the code, σ > 0 varies the draws', async () => {
    const { codes } = await lab.models.encode(font.id, 'font5x7', 4);
    const plain = await lab.latent.perturb(font.id, 'font5x7', 3, 0, 1, 2, 1);
    expect(plain.images).toHaveLength(3);
    expect(plain.images[1]!.values).toEqual(plain.images[0]!.values);
    const scaled = await lab.latent.perturb(font.id, 'font5x7', 3, 0, 2, 1, 1);
    closeTo(scaled.images[1]!.code, codes[3]!.map((v) => 2 * v));
    const noisy = await lab.latent.perturb(font.id, 'font5x7', 3, 0.5, 1, 2, 1);
    expect(noisy.images[1]!.code).not.toEqual(noisy.images[2]!.code);
    expect(noisy.input).toHaveLength(35);
    await expect(lab.latent.perturb(font.id, 'font5x7', 99, 0, 1, 1, 1)).rejects.toThrow('sample 99 does not exist');
  });

  it('samples a Gaussian fitted to the codes, seeded', async () => {
    const a = await lab.latent.sampleFitted(font.id, 'font5x7', 5, 11);
    const b = await lab.latent.sampleFitted(font.id, 'font5x7', 5, 11);
    expect(a.images).toHaveLength(5);
    expect(a.images.map((i) => i.code)).toEqual(b.images.map((i) => i.code));
  });

  it('shows input | first hidden layer activations as an image | output, per class', async () => {
    const view = await lab.latent.activations(font.id, 'font5x7', 1);
    expect(view.layer.shape).toEqual([64]);
    expect(view.rows.length).toBeGreaterThan(1);
    const row = view.rows[0]!;
    expect(row.activation.shape).toEqual([8, 8, 1]);
    expect(Math.max(...row.activation.values)).toBeLessThanOrEqual(1);
    expect(row.input).toHaveLength(35);
    expect(row.output).toHaveLength(35);
  });

  it('pads a layer whose width is not a square into a near-square image', async () => {
    const { buildModels } = await import('../../../../src/main/engine/models.js');
    const { saveModels } = await import('../../../../src/main/engine/persistence.js');
    const model = parseRunConfig({ dataset: { id: 'font5x7' }, model: { kind: 'dense', encoder: [32, 3] }, training: { epochs: 1, batchSize: 8, optimizer: { name: 'adam', learningRate: 0.01 } } }).model;
    await saveModels(path.join(home, 'dense32'), buildModels(model, [7, 5, 1], 4));
    const opened = await lab.models.open(path.join(home, 'dense32'));
    const row = (await lab.latent.activations(opened.id, 'font5x7', 1)).rows[0]!;
    expect(row.activation.shape).toEqual([6, 6, 1]);
    expect(row.activation.values).toHaveLength(36);
    // A 3-D code goes through PCA too.
    expect((await lab.latent.project(opened.id, 'font5x7', 32)).method).toBe('pca');
  });

  it('says a dense code has no feature maps', async () => {
    await expect(lab.latent.featureMaps(font.id, 'font5x7', 0)).rejects.toThrow('is a flat vector of 2 values, not conv feature maps');
  });
});

describe('LatentLab on a conv code', () => {
  it('projects a 48-value conv code through PCA, and a plane point decodes as mean + x·pc1 + y·pc2', async () => {
    const projection = await lab.latent.project(conv.id, 'font5x7', 32);
    expect(projection).toMatchObject({ method: 'pca', codeSize: 48, codeShape: [4, 3, 4] });
    expect(projection.explainedVariance[0]).toBeGreaterThanOrEqual(projection.explainedVariance[1]);
    // A sample's own point decodes close to its reconstruction only along the plane, but the plane
    // point of a decoded plane point is that point again.
    const decoded = await lab.latent.decode(conv.id, [[0.3, -0.2]], 'plane');
    closeTo(decoded.points[0]!, [0.3, -0.2], 6);
    expect(decoded.images[0]!.code).toHaveLength(48);
  });

  it('draws the channels of the conv code as feature maps', async () => {
    const maps = await lab.latent.featureMaps(conv.id, 'font5x7', 1);
    expect(maps.maps).toHaveLength(4);
    expect(maps.maps[0]!.shape).toEqual([4, 3, 1]);
    expect(Math.max(...maps.maps.flatMap((m) => m.values))).toBeCloseTo(1, 6);
    expect(maps.output).toHaveLength(35);
  });

  it('tiles the first conv block activations (after its LeakyReLU) into one image', async () => {
    const view = await lab.latent.activations(conv.id, 'font5x7', 1);
    expect(view.layer.name).toBe('enc_lrelu_1');
    expect(view.rows[0]!.activation.shape).toEqual([9, 7, 1]);
  });
});
