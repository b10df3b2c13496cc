import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_VERSION, ConfigError, migrateRunConfig, parseRunConfig } from '../../../src/shared/config.js';

const minimal = {
  dataset: { id: 'font5x7' },
  model: { kind: 'dense', encoder: [16, 2] },
  training: { epochs: 10, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.001 } },
};

describe('parseRunConfig', () => {
  it('fills defaults for omitted fields', () => {
    const config = parseRunConfig(minimal);
    expect(config.schemaVersion).toBe(CONFIG_SCHEMA_VERSION);
    expect(config.training.optimizer.weightDecayMode).toBe('decoupled');
    expect(config.model.init).toBe('glorotUniform');
    expect(config.training.loss).toBe('mse');
    expect(config.training.lrSchedule).toEqual({ kind: 'constant' });
    expect(config.model.kind === 'dense' && config.model.activation).toBe('relu');
  });

  it('names every invalid field with its path', () => {
    const bad = { ...minimal, training: { ...minimal.training, epochs: 0, batchSize: -1 } };
    try {
      parseRunConfig(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/training\.epochs/);
      expect(problems).toMatch(/training\.batchSize/);
    }
  });

  it('rejects an unknown model kind', () => {
    expect(() => parseRunConfig({ ...minimal, model: { kind: 'transformer' } })).toThrow(/model/);
  });
});

describe('migrateRunConfig: schema 1 → 2', () => {
  it('keeps a version-1 config\'s meaning: decoupled decay and Glorot init, explicitly', () => {
    const v1 = { ...minimal, schemaVersion: 1, training: { ...minimal.training, optimizer: { name: 'adam', learningRate: 0.001, weightDecay: 1e-5 } } };
    const config = parseRunConfig(v1);
    expect(config.schemaVersion).toBe(2);
    expect(config.training.optimizer).toMatchObject({ weightDecay: 1e-5, weightDecayMode: 'decoupled' });
    expect(config.model.init).toBe('glorotUniform');
    // The input is not modified.
    expect(v1.schemaVersion).toBe(1);
  });

  it('leaves current and unversioned documents to the schema', () => {
    const coupled = { ...minimal, training: { ...minimal.training, optimizer: { name: 'adam', learningRate: 0.001, weightDecayMode: 'coupled' } } };
    expect(migrateRunConfig(coupled)).toBe(coupled);
    expect(parseRunConfig(coupled).training.optimizer.weightDecayMode).toBe('coupled');
  });

  it('refuses a version it does not know, naming the field', () => {
    expect(() => parseRunConfig({ ...minimal, schemaVersion: 3 })).toThrow(/schemaVersion/);
  });

  it('validates the reference figure of a reproduction', () => {
    const reference = { source: 'report', metric: 'mse', split: 'val', epochs: 50, value: 0.003953 };
    expect(parseRunConfig({ ...minimal, reference }).reference).toEqual(reference);
    expect(() => parseRunConfig({ ...minimal, reference: { ...reference, metric: 'accuracyish' } })).toThrow(/reference\.metric/);
  });
});
