import { describe, expect, it } from 'vitest';
import { parseRunConfig, type ModelConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { ArchitectureError, planArchitecture, summarizeArchitecture } from '../../../../src/main/engine/architecture.js';

const model = (input: RunConfigInput['model']): ModelConfig =>
  parseRunConfig({ dataset: { id: 'x' }, model: input, training: { epochs: 1, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.1 } } }).model;

// These tests import no tfjs: the summary must be available without any compute backend.
describe('summarizeArchitecture', () => {
  it('describes a dense AE on 35 inputs with a mirrored decoder', () => {
    const summary = summarizeArchitecture(model({ kind: 'dense', encoder: [16, 2] }), [35]);
    expect(summary.layers.map((l) => [l.name, l.outputShape, l.params])).toEqual([
      ['enc_dense_1', [null, 16], 35 * 16 + 16],
      ['code', [null, 2], 16 * 2 + 2],
      ['dec_dense_1', [null, 16], 2 * 16 + 16],
      ['reconstruction', [null, 35], 16 * 35 + 35],
    ]);
    expect(summary.totalParams).toBe(576 + 34 + 48 + 595);
  });

  it('flattens and reshapes 28x28x1 samples, and adds the code batch norm and given decoder widths', () => {
    const summary = summarizeArchitecture(model({ kind: 'dense', encoder: [128, 32], decoder: [64], batchNormCode: true }), [28, 28, 1]);
    expect(summary.layers.map((l) => l.name)).toEqual(['flatten', 'enc_dense_1', 'code', 'code_bn', 'dec_dense_1', 'reconstruction', 'unflatten']);
    expect(summary.layers.at(-1)!.outputShape).toEqual([null, 28, 28, 1]);
    expect(summary.layers.find((l) => l.name === 'code_bn')!.params).toBe(4 * 32);
  });

  it('adds a LeakyReLU layer for the leakyRelu activation', () => {
    const summary = summarizeArchitecture(model({ kind: 'dense', encoder: [4], activation: 'leakyRelu' }), [6]);
    expect(summary.layers.map((l) => l.type)).toEqual(['Dense', 'LeakyReLU', 'Dense']);
  });

  it('crops the decoder overshoot of a conv AE on 28x28x1 (28 -> 4 -> 32 -> 28)', () => {
    const plan = planArchitecture(model({ kind: 'conv', blocks: [{ filters: 8 }, { filters: 8 }, { filters: 8 }] }), [28, 28, 1]);
    expect(plan.codeShape).toEqual([4, 4, 8]);
    const crop = plan.decoder.find((l) => l.type === 'Cropping2D');
    expect(crop && crop.type === 'Cropping2D' && crop.cropping).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(plan.decoder.at(-1)!.outputShape).toEqual([28, 28, 1]);
  });

  it('needs no crop on 32x32x3 and ends in a 1x1 conv to 3 channels', () => {
    const summary = summarizeArchitecture(
      model({ kind: 'conv', blocks: [{ filters: 32 }, { filters: 32 }, { filters: 32 }], decoderFilters: [32, 16, 8], batchNorm: true }),
      [32, 32, 3],
    );
    expect(summary.layers.some((l) => l.type === 'Cropping2D')).toBe(false);
    const last = summary.layers.at(-1)!;
    expect([last.type, last.outputShape, last.params]).toEqual(['Conv2D', [null, 32, 32, 3], 8 * 3 + 3]);
  });

  it('rejects a conv AE on 1-D samples and a decoder too short to reach the input size', () => {
    expect(() => summarizeArchitecture(model({ kind: 'conv', blocks: [{ filters: 4 }] }), [35])).toThrow(ArchitectureError);
    expect(() => summarizeArchitecture(model({ kind: 'conv', blocks: [{ filters: 4 }, { filters: 4 }], decoderFilters: [4] }), [8, 8, 1])).toThrow(
      /model\.decoderFilters.*4x4.*8x8/,
    );
  });
});
