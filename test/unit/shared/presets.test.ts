import { describe, expect, it } from 'vitest';
import { findPreset, PRESETS } from '../../../src/shared/presets.js';
import { DENSE_GRID, MNIST_RELU_REPORT } from '../../../src/shared/presets/dense-grid.js';

const ids = PRESETS.map((p) => p.id);

describe('dense grid presets: the course report\'s setting', () => {
  it('keeps every id of the 36 grid presets (a contract) and adds the 9 AdamW variants', () => {
    for (const ds of ['mnist', 'fashion-mnist']) {
      for (const encoder of DENSE_GRID) for (const a of ['relu', 'linear']) expect(ids).toContain(`${ds}-dense-${encoder.join('-')}-${a}`);
    }
    for (const encoder of DENSE_GRID) expect(ids).toContain(`mnist-dense-${encoder.join('-')}-relu-adamw`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ReLU cells: ReLU on every hidden layer (code included), sigmoid output, torch init, coupled Adam, 50 epochs, eval every 10', () => {
    const { config } = findPreset('mnist-dense-128-relu')!;
    expect(config.model).toMatchObject({ kind: 'dense', encoder: [128], activation: 'relu', outputActivation: 'sigmoid', init: 'torch' });
    expect(config.model.kind === 'dense' && config.model.codeActivation).toBeUndefined();
    expect(config.training).toMatchObject({ epochs: 50, validationEvery: 10, batchSize: 128, loss: 'mse', shuffle: true });
    expect(config.training.optimizer).toEqual({
      name: 'adam',
      learningRate: 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      momentum: 0,
      epsilon: 1e-8,
      weightDecay: 1e-5,
      weightDecayMode: 'coupled',
    });
    // Validation on MNIST's own 10k test split (the dataset has one, so no hold-out is taken).
    expect(config.dataset).toMatchObject({ id: 'mnist' });
    expect(config.dataset.trainLimit).toBeUndefined();
  });

  it('linear cells: no activation anywhere, the output included', () => {
    for (const ds of ['mnist', 'fashion-mnist']) {
      const { config } = findPreset(`${ds}-dense-64-32-linear`)!;
      expect(config.model).toMatchObject({ activation: 'linear', outputActivation: 'linear', init: 'torch' });
      expect(config.training.optimizer.weightDecayMode).toBe('coupled');
    }
  });

  it('carries the report\'s figure on the 9 MNIST ReLU cells and on their variants, nowhere else in the grid', () => {
    for (const encoder of DENSE_GRID) {
      const key = encoder.join('-');
      const reference = { metric: 'mse', split: 'val', epochs: 50, value: MNIST_RELU_REPORT[key] };
      expect(findPreset(`mnist-dense-${key}-relu`)!.config.reference).toMatchObject(reference);
      expect(findPreset(`mnist-dense-${key}-relu-adamw`)!.config.reference).toMatchObject(reference);
      expect(findPreset(`mnist-dense-${key}-linear`)!.config.reference).toBeUndefined();
      expect(findPreset(`fashion-mnist-dense-${key}-relu`)!.config.reference).toBeUndefined();
    }
    expect(MNIST_RELU_REPORT['128']).toBe(0.003953);
  });

  it('AdamW variants differ from the reproduction only in decay mode, init and ε', () => {
    const report = findPreset('mnist-dense-64-32-relu')!.config;
    const variant = findPreset('mnist-dense-64-32-relu-adamw')!.config;
    expect(variant.training.optimizer).toMatchObject({ weightDecay: 1e-5, weightDecayMode: 'decoupled' });
    expect(variant.training.optimizer.epsilon).toBeUndefined();
    expect(variant.model.init).toBe('glorotUniform');
    const strip = (c: typeof report) => ({ ...c, name: undefined, model: { ...c.model, init: undefined }, training: { ...c.training, optimizer: undefined } });
    expect(strip(variant)).toEqual(strip(report));
  });

  it('says in each reproduction\'s description how it was set up and where it departs', () => {
    const description = findPreset('mnist-dense-128-relu')!.description;
    expect(description).toMatch(/torch\.optim\.Adam\(lr=1e-3, weight_decay=1e-5\)/);
    expect(description).toMatch(/coupled/);
    expect(description).toMatch(/Departs from the report/);
    expect(description).toMatch(/0\.003953/);
    expect(findPreset('mnist-dense-128-relu-adamw')!.description).toMatch(/decoupled/);
  });
});
