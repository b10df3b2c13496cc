import { describe, expect, it } from 'vitest';
import { ConfigError, parseRunConfig } from '../../../src/shared/config.js';

const minimal = {
  dataset: { id: 'font5x7' },
  model: { kind: 'dense', encoder: [16, 2] },
  training: { epochs: 10, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.001 } },
};

describe('parseRunConfig', () => {
  it('fills defaults for omitted fields', () => {
    const config = parseRunConfig(minimal);
    expect(config.schemaVersion).toBe(1);
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
