/**
 * Layer initialisation modes against their definitions: Glorot uniform with zero biases (Keras),
 * and PyTorch's default, kernels and biases uniform in ±1/sqrt(fan_in) with PyTorch's fan_in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type ModelConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { buildModels, disposeModels } from '../../../../src/main/engine/models.js';

const model = (input: RunConfigInput['model']): ModelConfig =>
  parseRunConfig({ dataset: { id: 'x' }, model: input, training: { epochs: 1, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.1 } } }).model;

beforeAll(async () => {
  await initBackend('wasm');
});

/** Kernel and bias values of every weighted layer of a built autoencoder, by layer name. */
function weightsByLayer(config: ModelConfig, sampleShape: number[]): Map<string, { kernel: Float32Array; bias: Float32Array; kernelShape: number[] }> {
  const models = buildModels(config, sampleShape, 3);
  const result = new Map<string, { kernel: Float32Array; bias: Float32Array; kernelShape: number[] }>();
  for (const layer of models.autoencoder.layers) {
    const [kernel, bias] = layer.getWeights();
    if (!kernel || !bias) continue;
    result.set(layer.name, { kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, kernelShape: kernel.shape });
  }
  disposeModels(models);
  return result;
}

const maxAbs = (values: Float32Array): number => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const variance = (values: Float32Array): number => values.reduce((s, v) => s + v * v, 0) / values.length;

describe('torch initialisation (PyTorch defaults)', () => {
  it('dense: kernel and bias uniform in ±1/sqrt(in_features)', () => {
    const layers = weightsByLayer(model({ kind: 'dense', encoder: [64, 16], init: 'torch' }), [100]);
    // enc_dense_1: 100 → 64 (fan_in 100); code: 64 → 16 (fan_in 64); reconstruction: 64 → 100 (fan_in 64).
    for (const [name, fanIn] of [['enc_dense_1', 100], ['code', 64], ['reconstruction', 64]] as const) {
      const { kernel, bias } = layers.get(name)!;
      const bound = 1 / Math.sqrt(fanIn);
      expect(maxAbs(kernel)).toBeLessThanOrEqual(bound);
      // 1000+ uniform draws reach close to the bound, and their variance is bound²/3.
      expect(maxAbs(kernel)).toBeGreaterThan(0.97 * bound);
      expect(variance(kernel)).toBeCloseTo(bound ** 2 / 3, 3);
      expect(maxAbs(bias)).toBeLessThanOrEqual(bound);
      expect(maxAbs(bias)).toBeGreaterThan(0.5 * bound);
    }
  });

  it('conv: fan_in is in_channels·k·k for Conv2D and out_channels·k·k for Conv2DTranspose (PyTorch reads weight dim 1)', () => {
    const config = model({ kind: 'conv', blocks: [{ filters: 8, kernel: 3 }, { filters: 16, kernel: 3 }], decoderFilters: [4, 2], init: 'torch' });
    const layers = weightsByLayer(config, [8, 8, 1]);
    const expectations: [string, number][] = [
      ['enc_conv_1', 1 * 9], // Conv2D 1 → 8
      ['enc_conv_2', 8 * 9], // Conv2D 8 → 16
      ['dec_deconv_1', 4 * 9], // ConvTranspose 16 → 4: out_channels·k·k (in_channels·k·k would be 144)
      ['dec_deconv_2', 2 * 9], // ConvTranspose 4 → 2
      ['reconstruction', 2 * 1], // 1x1 Conv2D 2 → 1
    ];
    for (const [name, fanIn] of expectations) {
      const { kernel, bias } = layers.get(name)!;
      const bound = 1 / Math.sqrt(fanIn);
      expect(maxAbs(kernel), name).toBeLessThanOrEqual(bound + 1e-7);
      // Every layer has ≥ 72 kernel values here: the largest lies within 10% of the bound.
      if (kernel.length >= 72) expect(maxAbs(kernel), name).toBeGreaterThan(0.9 * bound);
      expect(maxAbs(bias), name).toBeLessThanOrEqual(bound + 1e-7);
      expect(maxAbs(bias), name).toBeGreaterThan(0);
    }
  });
});

describe('glorotUniform initialisation (Keras default, the default)', () => {
  it('dense: kernel uniform in ±sqrt(6/(fan_in + fan_out)), zero biases', () => {
    const config = model({ kind: 'dense', encoder: [64, 16] });
    expect(config.init).toBe('glorotUniform');
    const { kernel, bias } = weightsByLayer(config, [100]).get('enc_dense_1')!;
    const limit = Math.sqrt(6 / (100 + 64));
    expect(maxAbs(kernel)).toBeLessThanOrEqual(limit);
    expect(maxAbs(kernel)).toBeGreaterThan(0.97 * limit);
    expect(variance(kernel)).toBeCloseTo(limit ** 2 / 3, 3);
    expect(Array.from(bias).every((b) => b === 0)).toBe(true);
  });

  it('gives the same weights for the same seed in both modes, and different ones across modes', () => {
    const torch = model({ kind: 'dense', encoder: [8], init: 'torch' });
    const a = weightsByLayer(torch, [12]).get('code')!.kernel;
    const b = weightsByLayer(torch, [12]).get('code')!.kernel;
    expect(Array.from(a)).toEqual(Array.from(b));
    const glorot = weightsByLayer(model({ kind: 'dense', encoder: [8] }), [12]).get('code')!.kernel;
    expect(Array.from(glorot)).not.toEqual(Array.from(a));
  });
});
