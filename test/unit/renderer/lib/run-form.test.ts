import { describe, expect, it } from 'vitest';
import { blankRunConfig, cloneConfig, switchModelKind, switchSchedule, toConfigInput, validateRunForm } from '../../../../src/renderer/src/lib/run-form.js';

describe('run form', () => {
  it('accepts the blank config', () => {
    const { config, issues } = validateRunForm(blankRunConfig());
    expect(issues).toEqual([]);
    expect(config?.model.kind).toBe('dense');
  });

  it('drops cleared optional fields so their defaults apply, but keeps holes in lists', () => {
    const form = { ...blankRunConfig(), dataset: { id: 'mnist', trainLimit: null, valFraction: 0.1, classes: [] as number[] } };
    const input = toConfigInput(form) as { dataset: Record<string, unknown> };
    expect(input.dataset).toEqual({ id: 'mnist', valFraction: 0.1, classes: [] });
    expect(toConfigInput({ model: { encoder: [64, null] } })).toEqual({ model: { encoder: [64, null] } });
  });

  it('reports each problem by field path with a code the UI translates', () => {
    const form = cloneConfig(blankRunConfig()) as unknown as { training: Record<string, unknown> & { optimizer: Record<string, unknown> }; model: Record<string, unknown> };
    form.training.epochs = null;
    form.training.batchSize = 2.5;
    form.training.optimizer.learningRate = 20;
    form.model.encoder = [];
    const { config, issues } = validateRunForm(form);
    expect(config).toBeNull();
    expect(issues.map((i) => [i.path, i.code, i.limit])).toEqual(
      expect.arrayContaining([
        ['training.epochs', 'required', undefined],
        ['training.batchSize', 'notInteger', undefined],
        ['training.optimizer.learningRate', 'tooBig', 10],
        ['model.encoder', 'tooFewItems', 1],
      ]),
    );
  });

  it('names the list item that is wrong', () => {
    const form = cloneConfig(blankRunConfig());
    (form.model as { encoder: (number | null)[] }).encoder = [64, null, -3];
    const paths = validateRunForm(form).issues.map((i) => `${i.path}:${i.code}`);
    expect(paths).toEqual(['model.encoder.1:required', 'model.encoder.2:tooSmall']);
    expect(validateRunForm(form).issues[1]?.exclusive).toBe(true);
  });

  it('switches model kind to that kind’s defaults, keeping the weight decay', () => {
    const dense = { ...blankRunConfig().model, weightDecay: 0.01 };
    const conv = switchModelKind(dense, 'conv');
    if (conv.kind !== 'conv') throw new Error('expected a conv model');
    expect(conv.weightDecay).toBe(0.01);
    expect(switchModelKind(conv, 'vae').kind).toBe('vae');
    expect(switchModelKind(conv, 'gan').kind).toBe('gan');
    expect(switchModelKind(conv, 'conv')).toBe(conv);
  });

  it('gives each schedule kind the parameters it needs', () => {
    for (const kind of ['constant', 'step', 'cosine'] as const) {
      const form = blankRunConfig();
      form.training.lrSchedule = switchSchedule(kind);
      expect(validateRunForm(form).issues).toEqual([]);
    }
  });
});
