/**
 * Sweep presets: named grids of the seed experiments. Each spec is expanded when the module loads,
 * so a broken preset fails every test that imports the list.
 */
import { expandSweep, parseSweepSpec, type SweepSpec, type SweepSpecInput } from '../sweep.js';
import { DENSE_GRID, REPORT_TRAINING, denseGridReference, reportModel } from './dense-grid.js';

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

/** The grid cells in the order members run: encoders slowest, ReLU before linear. */
const cells = DENSE_GRID.flatMap((encoder) => (['relu', 'linear'] as const).map((activation) => ({ encoder, activation })));

const denseGrid = (datasetId: string, datasetTitle: string): SweepPresetDefinition =>
  defineSweepPreset(
    `${datasetId}-dense-grid`,
    `${datasetTitle} dense grid: 9 architectures × ReLU/linear`,
    `The course report's grid search on ${datasetTitle}, as its PyTorch code ran it: the 9 dense encoders (32, 32-16, ` +
      '32-16-8, 64, 64-32, 64-32-16, 128, 128-64, 128-64-32; mirrored decoders) with ReLU after every hidden layer and a ' +
      'sigmoid output, or no activation anywhere (linear, output included); PyTorch init; Adam 1e-3 with coupled ' +
      'weight_decay 1e-5 (torch.optim.Adam), ε 1e-8; MSE; batch 128; 50 epochs, validated on the test set every 10: ' +
      `18 runs, the ${datasetId}-dense-<encoder>-<relu|linear> presets.` +
      (datasetId === 'mnist' ? " Each ReLU run carries the report's figure; the sweep reports how well our ranking matches the report's (Spearman)." : ''),
    {
      name: `${datasetId}-dense-grid`,
      base: { dataset: { id: datasetId }, model: reportModel([32], 'relu'), training: REPORT_TRAINING },
      grid: [
        {
          zip: [
            { path: 'model.encoder', values: cells.map((c) => [...c.encoder]) },
            { path: 'model.activation', values: cells.map((c) => c.activation) },
            { path: 'model.outputActivation', values: cells.map((c) => (c.activation === 'relu' ? 'sigmoid' : 'linear')) },
            { path: 'reference', values: cells.map((c) => denseGridReference(datasetId, c.encoder, c.activation)) },
          ],
        },
      ],
    },
  );

/** The MNIST ReLU grid twice: the report's coupled L2 + PyTorch init, and decoupled decay + Glorot init. */
const decayModes = defineSweepPreset(
  'mnist-dense-relu-decay-modes',
  'MNIST ReLU grid: report (coupled L2) vs AdamW (decoupled)',
  "The 9 MNIST ReLU cells of the report, each trained as the report did (torch.optim.Adam's coupled weight_decay 1e-5, " +
    'PyTorch init, ε 1e-8) and as the modern variant (decoupled decay 1e-5 as AdamW, Glorot init, ε 1e-7): 18 runs, each ' +
    "beside the report's figure. The same λ is two different experiments: the coupled term holds the error up.",
  {
    name: 'mnist-dense-relu-decay-modes',
    base: { dataset: { id: 'mnist' }, model: reportModel([32], 'relu'), training: REPORT_TRAINING },
    grid: [
      {
        zip: [
          { path: 'model.encoder', values: DENSE_GRID.map((e) => [...e]) },
          { path: 'reference', values: DENSE_GRID.map((e) => denseGridReference('mnist', e, 'relu')) },
        ],
      },
      {
        zip: [
          { path: 'training.optimizer.weightDecayMode', values: ['coupled', 'decoupled'] },
          { path: 'model.init', values: ['torch', 'glorotUniform'] },
          { path: 'training.optimizer.epsilon', values: [1e-8, 1e-7] },
        ],
      },
    ],
  },
);

export const SWEEP_PRESETS: readonly SweepPresetDefinition[] = [denseGrid('mnist', 'MNIST'), denseGrid('fashion-mnist', 'Fashion-MNIST'), decayModes];

export function findSweepPreset(id: string): SweepPresetDefinition | undefined {
  return SWEEP_PRESETS.find((p) => p.id === id);
}
