import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, modelSchema } from '../../../../src/shared/config.js';
import { conditioningOf, defaultModel, isModelKind, KIND_SPECS, MODEL_KINDS, modelTakes, priorOf, recordedMetrics } from '../../../../src/shared/kinds/registry.js';

describe('the model-kind registry', () => {
  it('has one spec per kind of the config union, keyed by its own kind', () => {
    const union = modelSchema.options.map((schema) => schema.shape.kind.value).sort();
    expect([...MODEL_KINDS].sort()).toEqual(union);
    for (const kind of MODEL_KINDS) expect(KIND_SPECS[kind].kind).toBe(kind);
    expect(isModelKind('gan')).toBe(true);
    expect(isModelKind('toString')).toBe(false);
  });

  it('gives each kind defaults that are a valid model of that kind', () => {
    for (const kind of MODEL_KINDS) expect(modelSchema.parse(defaultModel(kind))).toEqual(defaultModel(kind));
  });

  it('names only known metrics, always with loss, and a decoder in every checkpoint', () => {
    for (const kind of MODEL_KINDS) {
      expect(recordedMetrics(kind, true)).toContain('loss');
      for (const metric of recordedMetrics(kind, true)) expect(METRIC_NAMES).toContain(metric);
      expect(KIND_SPECS[kind].checkpointParts).toContain('decoder');
    }
    expect(recordedMetrics('dense', false)).not.toContain('maxWrongPixels');
    expect(recordedMetrics('dense', true)).toContain('maxWrongPixels');
  });

  it('reads the prior of a model from its own config', () => {
    expect(priorOf({ kind: 'gan', init: 'glorotUniform', architecture: 'dense', latent: 5, prior: 'uniform', generator: [4], discriminator: [4] })).toEqual({ distribution: 'uniform', latent: 5 });
    expect(priorOf(defaultModel('vae'))).toEqual({ distribution: 'normal', latent: 8 });
    expect(priorOf(defaultModel('dense'))).toBeNull();
  });

  it('knows the conditional VAE: the VAE metrics and parts, a prior, and a class label only it is conditioned on', () => {
    expect(MODEL_KINDS).toContain('cvae');
    expect(recordedMetrics('cvae', true)).toEqual(recordedMetrics('vae', true));
    expect(KIND_SPECS.cvae.checkpointParts).toEqual(['autoencoder', 'encoder', 'decoder']);
    expect(priorOf(defaultModel('cvae'))).toEqual({ distribution: 'normal', latent: 8 });
    expect(conditioningOf({ ...defaultModel('cvae'), classes: 26 })).toEqual({ classes: 26 });
    for (const kind of MODEL_KINDS.filter((k) => k !== 'cvae')) expect(conditioningOf(defaultModel(kind))).toBeNull();
  });

  it('says which fields a kind takes, from its own schema (forms shared by kinds show only those)', () => {
    for (const kind of MODEL_KINDS) {
      for (const field of Object.keys(defaultModel(kind))) expect(modelTakes(kind, field)).toBe(true);
    }
    expect(modelTakes('vae', 'convBlocks')).toBe(true);
    expect(modelTakes('cvae', 'convBlocks')).toBe(false);
    expect(modelTakes('cvae', 'classes')).toBe(true);
    expect(modelTakes('vae', 'classes')).toBe(false);
    expect(modelTakes('dense', 'nonsense')).toBe(false);
  });
});
