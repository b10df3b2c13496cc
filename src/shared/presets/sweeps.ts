/**
 * Sweep presets: named grids of the seed experiments. Each spec is expanded when the module loads,
 * so a broken preset fails every test that imports the list.
 */
import { DENSE_GRID } from '../presets.js';
import { expandSweep, parseSweepSpec, type SweepSpec, type SweepSpecInput } from '../sweep.js';

export interface SweepPresetDefinition {
  id: string;
  title: string;
  description: string;
  spec: SweepSpec;
}

function defineSweepPreset(id: string, title: string, description: string, spec: SweepSpecInput): SweepPresetDefinition {
  expandSweep(spec);
  return { id, title, description, spec: parseSweepSpec(spec) };
}

const denseGrid = (datasetId: string, datasetTitle: string): SweepPresetDefinition =>
  defineSweepPreset(
    `${datasetId}-dense-grid`,
    `${datasetTitle} dense grid: 9 architectures × ReLU/linear`,
    `The seed grid search on ${datasetTitle}: the 9 dense encoders (32, 32-16, 32-16-8, 64, 64-32, 64-32-16, 128, ` +
      '128-64, 128-64-32; mirrored decoders) with ReLU hidden layers or none (linear, PCA-like), sigmoid output, ' +
      'Adam 1e-3 with weight decay 1e-5, MSE, batch 128, validated every 10 epochs: 18 runs.',
    {
      name: `${datasetId}-dense-grid`,
      base: {
        dataset: { id: datasetId },
        model: { kind: 'dense', encoder: [32], activation: 'relu', outputActivation: 'sigmoid' },
        training: {
          epochs: 20,
          batchSize: 128,
          loss: 'mse',
          optimizer: { name: 'adam', learningRate: 1e-3, weightDecay: 1e-5 },
          validationEvery: 10,
        },
      },
      grid: [
        { path: 'model.encoder', values: DENSE_GRID.map((encoder) => [...encoder]) },
        { path: 'model.activation', values: ['relu', 'linear'] },
      ],
    },
  );

export const SWEEP_PRESETS: readonly SweepPresetDefinition[] = [denseGrid('mnist', 'MNIST'), denseGrid('fashion-mnist', 'Fashion-MNIST')];

export function findSweepPreset(id: string): SweepPresetDefinition | undefined {
  return SWEEP_PRESETS.find((p) => p.id === id);
}
