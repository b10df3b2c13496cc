/**
 * The lock-step harness (bench/fidelity): weights cross between the engine's layout (Dense kernel
 * [in, out]) and PyTorch's (Linear weight [out, in], then bias) without a value moving, the
 * comparison measures what it says, and the options refuse what cannot run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/main/engine/backend.js';
import { buildModels, disposeModels } from '../../../src/main/engine/models.js';
import { parseRunConfig } from '../../../src/shared/config.js';
import { compareArrays, firstStepAbove } from '../../../bench/fidelity/compare.js';
import { parseOptions, tagOf } from '../../../bench/fidelity/options.js';
import { compareWithTorch, denseLayers, readWeights, weightValues, writeWeights } from '../../../bench/fidelity/weights.js';

const model = parseRunConfig({
  dataset: { id: 'x' },
  model: { kind: 'dense', encoder: [3, 2], init: 'torch' },
  training: { epochs: 1, batchSize: 1, optimizer: { name: 'adam', learningRate: 0.001 } },
}).model;

let dir = '';
beforeAll(async () => {
  await initBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fidelity-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('weights in PyTorch layout', () => {
  it('writes each Linear weight as [out, in] row-major then its bias, in layer order', async () => {
    const models = buildModels(model, [5], 1);
    const layers = denseLayers(models.autoencoder);
    const file = join(dir, 'w.f32');
    await writeWeights(file, layers);
    const bytes = await readFile(file);
    const flat = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    // 5-3-2-3-5: (5·3 + 3) + (3·2 + 2) + (2·3 + 3) + (3·5 + 5) values.
    expect(flat.length).toBe(18 + 8 + 9 + 20);
    const [kernel, bias] = weightValues(layers) as [Float32Array, Float32Array];
    // kernel[i][j] (in i, out j) is weight[j][i] of the Linear layer.
    for (let i = 0; i < 5; i++) for (let j = 0; j < 3; j++) expect(flat[j * 5 + i]).toBe(kernel[i * 3 + j]);
    expect(Array.from(flat.subarray(15, 18))).toEqual(Array.from(bias));
    expect(compareWithTorch(layers, weightValues(layers), flat).every((d) => d.maxRelative === 0 && d.relativeL2 === 0)).toBe(true);
    disposeModels(models);
  });

  it('reads them back into another model exactly, and a changed value shows in that parameter only', async () => {
    const source = buildModels(model, [5], 1);
    const target = buildModels(model, [5], 2);
    const file = join(dir, 'r.f32');
    await writeWeights(file, denseLayers(source.autoencoder));
    await readWeights(file, denseLayers(target.autoencoder));
    const expected = weightValues(denseLayers(source.autoencoder));
    const actual = weightValues(denseLayers(target.autoencoder));
    expect(actual.map((a) => Array.from(a))).toEqual(expected.map((e) => Array.from(e)));

    const bytes = await readFile(file);
    const flat = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    flat[18 + 1] += 0.5; // the code layer's weight[0][1]
    const deviations = compareWithTorch(denseLayers(target.autoencoder), actual, flat);
    expect(deviations.filter((d) => d.relativeL2 > 0).map((d) => d.name)).toEqual(['code/kernel']);
    disposeModels(source);
    disposeModels(target);
  });
});

describe('deviation measures', () => {
  it('gives max |d| / max |ref| and the relative L2 norm', () => {
    const d = compareArrays('x', [1, 2, 2], [1, 2, 4]);
    expect(d.maxRelative).toBeCloseTo(0.5);
    expect(d.relativeL2).toBeCloseTo(2 / Math.sqrt(21));
    expect(() => compareArrays('x', [1], [1, 2])).toThrow(/x: 1 values against the reference's 2/);
  });

  it('finds the first step above a threshold', () => {
    expect(firstStepAbove([0, 1e-7, 2e-5, 1e-3], 1e-5)).toBe(2);
    expect(firstStepAbove([0, 1e-7], 1e-5)).toBeNull();
  });
});

describe('lockstep options', () => {
  it('defaults to 300 steps of the 64-32-16 cell from PyTorch draws', () => {
    const o = parseOptions([])!;
    expect([o.encoder, o.steps, o.init, o.order, o.side]).toEqual([[64, 32, 16], 300, 'torch', 'torch', 'both']);
    expect(tagOf(o, 300)).toBe('lockstep-64-32-16-init-torch-order-torch-s300-seed1');
    expect(tagOf(parseOptions(['--epochs', '50', '--init', 'ours', '--order', 'ours', '--torch-only', '--seed', '4'])!, 23450)).toBe(
      'lockstep-64-32-16-init-ours-order-ours-e50-seed4-torch-only',
    );
  });

  it('refuses our side alone without our draws, and bad values', () => {
    expect(() => parseOptions(['--side', 'ours'])).toThrow('--side ours: needs --init ours --order ours');
    expect(() => parseOptions(['--init', 'keras'])).toThrow('--init: expected torch or ours, got keras');
    expect(() => parseOptions(['--steps', '-3'])).toThrow('--steps: expected a whole number, got -3');
    expect(() => parseOptions(['--frobnicate'])).toThrow('unknown option --frobnicate');
    expect(parseOptions(['--help'])).toBeNull();
  });
});
