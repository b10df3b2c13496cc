import { describe, expect, it } from 'vitest';
import { findPreset } from '../../../../src/shared/presets.js';
import { buildSpec, previewSpec, sweepableFields } from '../../../../src/renderer/src/lib/sweep-form.js';

const font = findPreset('font5x7-2d')!.config;

describe('new-sweep form', () => {
  it('offers every field of the base config, arrays whole and sections as one', () => {
    const fields = sweepableFields(font);
    expect(fields).toEqual(expect.arrayContaining(['model.encoder', 'model.activation', 'training.optimizer', 'training.optimizer.learningRate', 'dataset.id']));
    expect(fields).not.toContain('schemaVersion');
    expect(fields).not.toContain('name');
    expect(fields.some((f) => /\.\d/.test(f))).toBe(false);
  });

  it('builds the spec from the typed axes, skipping empty rows, with the epochs override', () => {
    const spec = buildSpec(' grid ', font, [
      { path: 'model.encoder', values: '[64, 2], [32, 2]' },
      { path: '', values: '1, 2' },
      { path: 'training.seed', values: '  ' },
      { path: 'model.activation', values: 'tanh, relu' },
    ], 7);
    expect(spec.name).toBe('grid');
    expect(spec.grid).toEqual([
      { path: 'model.encoder', values: [[64, 2], [32, 2]] },
      { path: 'model.activation', values: ['tanh', 'relu'] },
    ]);
    expect((spec.base.training as { epochs: number }).epochs).toBe(7);
    expect(font.training.epochs).toBe(1000);
    expect(previewSpec(spec)).toEqual({ count: 4, error: null });
  });

  it('reports the problem a bad value would cause, before anything is queued', () => {
    const preview = previewSpec(buildSpec('g', font, [{ path: 'model.activation', values: 'tanh, swish' }], null));
    expect(preview.count).toBe(0);
    expect(preview.error).toMatch(/member 2 \(activation=swish\): model\.activation/);
    expect(previewSpec(buildSpec('g', font, [], null)).error).toMatch(/grid/);
  });
});
