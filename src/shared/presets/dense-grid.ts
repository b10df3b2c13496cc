/**
 * The dense seed grid of the course reports: 9 encoders × ReLU / linear on MNIST and Fashion-MNIST,
 * set up as the reports' PyTorch code did it, plus named variants with the modern settings.
 *
 * The report's code: nn.Sequential of nn.Linear layers, ReLU after every hidden Linear (the code
 * layer included) and nn.Sigmoid on the 784 outputs for the ReLU networks; plain nn.Linear layers
 * with no activation anywhere (output included) for the linear ones; PyTorch's default init;
 * torch.optim.Adam(lr=1e-3, weight_decay=1e-5) (a coupled L2 term on every parameter, ε 1e-8);
 * MSE; batch 128, shuffled; 50 epochs; the 60k training images, evaluated on the 10k test images
 * every 10 epochs.
 */
import type { Reference, RunConfigInput } from '../config.js';
import { definePreset as preset, type PresetDefinition } from './define.js';

/** The 9 dense encoder architectures of the seed grid search; the last width is the code size. */
export const DENSE_GRID: readonly number[][] = [
  [32],
  [32, 16],
  [32, 16, 8],
  [64],
  [64, 32],
  [64, 32, 16],
  [128],
  [128, 64],
  [128, 64, 32],
];

export const DENSE_DATASETS = [
  { id: 'mnist', title: 'MNIST' },
  { id: 'fashion-mnist', title: 'Fashion-MNIST' },
] as const;

export type DenseGridActivation = 'relu' | 'linear';

/** The report's epochs, at which its figures were read. */
export const REPORT_EPOCHS = 50;

/** The MNIST ReLU grid of the course report: val MSE on the 10k test set after 50 epochs, by encoder. */
export const MNIST_RELU_REPORT: Readonly<Record<string, number>> = {
  '128': 0.003953,
  '64': 0.005724,
  '128-64': 0.006365,
  '64-32': 0.009837,
  '32': 0.010442,
  '128-64-32': 0.013512,
  '64-32-16': 0.016599,
  '32-16': 0.017974,
  '32-16-8': 0.029943,
};

/** The report's figure of a grid cell, when the report gives one (the MNIST ReLU grid). */
export function denseGridReference(datasetId: string, encoder: readonly number[], activation: DenseGridActivation): Reference | null {
  const value = datasetId === 'mnist' && activation === 'relu' ? MNIST_RELU_REPORT[encoder.join('-')] : undefined;
  if (value === undefined) return null;
  return {
    source: `course report: MNIST dense grid, ${[784, ...encoder, ...encoder.slice(0, -1).reverse(), 784].join('-')} ReLU, val MSE on the 10k test set after ${REPORT_EPOCHS} epochs`,
    metric: 'mse',
    split: 'val',
    epochs: REPORT_EPOCHS,
    value,
  };
}

/** The model and the activations of a grid cell as the report's code built them. */
export const reportModel = (encoder: readonly number[], activation: DenseGridActivation): Extract<RunConfigInput['model'], { kind: 'dense' }> => ({
  kind: 'dense',
  encoder: [...encoder],
  activation,
  outputActivation: activation === 'relu' ? 'sigmoid' : 'linear',
  init: 'torch',
});

/** The report's training: Adam(lr=1e-3, weight_decay=1e-5) with PyTorch's semantics, MSE, batch 128, 50 epochs, eval every 10. */
export const REPORT_TRAINING = {
  epochs: REPORT_EPOCHS,
  batchSize: 128,
  loss: 'mse',
  optimizer: { name: 'adam', learningRate: 1e-3, epsilon: 1e-8, weightDecay: 1e-5, weightDecayMode: 'coupled' },
  validationEvery: 10,
} as const satisfies RunConfigInput['training'];

const REPRODUCTION_NOTES =
  'Departs from the report only where the engine must: tfjs float32 kernels instead of PyTorch\'s, and the seeded ' +
  'draws of the init and the shuffling are other draws of the same distributions, so expect a few percent of ' +
  'run-to-run spread, as between two PyTorch seeds.';

function reproduction(ds: (typeof DENSE_DATASETS)[number], encoder: readonly number[], activation: DenseGridActivation): PresetDefinition {
  const arch = [784, ...encoder, 784].join('-');
  const reference = denseGridReference(ds.id, encoder, activation);
  const layers =
    activation === 'relu'
      ? 'ReLU after every hidden layer, the code included, and a sigmoid on the 784 outputs (the report\'s Linear+ReLU ' +
        'pairs up to the code, nn.Sigmoid last; re-run that way in PyTorch it lands on the report\'s figures)'
      : 'no activation anywhere, the 784 outputs included (plain nn.Linear layers: a PCA-like network)';
  return preset(
    `${ds.id}-dense-${encoder.join('-')}-${activation}`,
    `${ds.title} dense AE ${arch} (${activation === 'relu' ? 'ReLU' : 'linear'})`,
    `Reproduces the course report's ${ds.title} grid cell ${arch}: ${layers}; PyTorch's default init (weights and ` +
      'biases uniform in ±1/√fan_in); torch.optim.Adam(lr=1e-3, weight_decay=1e-5), i.e. a coupled L2 term on every ' +
      'weight and bias, ε 1e-8; MSE; batch 128, shuffled; 50 epochs on the 60k training images, validated on the 10k ' +
      `test images every 10 epochs.${reference ? ` Report: val MSE ${reference.value} at epoch 50.` : ''} ${REPRODUCTION_NOTES}`,
    {
      dataset: { id: ds.id },
      model: reportModel(encoder, activation),
      training: REPORT_TRAINING,
      ...(reference ? { reference } : {}),
    },
  );
}

/**
 * The modern variant of a ReLU cell: decoupled decay (AdamW) and Glorot init with Keras' ε, all else
 * as in the report, with the report's figure beside it to show the difference.
 */
function modernVariant(encoder: readonly number[]): PresetDefinition {
  const arch = [784, ...encoder, 784].join('-');
  const reference = denseGridReference('mnist', encoder, 'relu')!;
  return preset(
    `mnist-dense-${encoder.join('-')}-relu-adamw`,
    `MNIST dense AE ${arch} (ReLU), AdamW variant`,
    `The report's MNIST cell ${arch} with today's defaults instead of the report's: decoupled weight decay 1e-5 on ` +
      'the kernels (torch.optim.AdamW / Keras AdamW) instead of Adam\'s coupled L2 on every parameter, and Glorot-uniform ' +
      'kernels with zero biases (Keras) instead of PyTorch\'s init; same layers, Adam 1e-3, MSE, batch 128, 50 epochs, ' +
      'validated every 10. The report\'s coupled L2 at 1e-5 pulls every weight toward zero through Adam\'s ' +
      'normalisation, which costs reconstruction error; decoupled, the same 1e-5 barely acts, and the error ends far ' +
      'below the report\'s (about a third of it for 784-128-784): compare with the reproduction preset ' +
      `mnist-dense-${encoder.join('-')}-relu side by side.`,
    {
      dataset: { id: 'mnist' },
      model: { ...reportModel(encoder, 'relu'), init: 'glorotUniform' },
      training: { ...REPORT_TRAINING, optimizer: { name: 'adam', learningRate: 1e-3, weightDecay: 1e-5, weightDecayMode: 'decoupled' } },
      reference,
    },
  );
}

/** Every preset of the dense grid: per dataset, encoder and activation, then the MNIST AdamW variants. */
export function denseGridPresets(): PresetDefinition[] {
  const result: PresetDefinition[] = [];
  for (const ds of DENSE_DATASETS) {
    for (const encoder of DENSE_GRID) {
      for (const activation of ['relu', 'linear'] as const) result.push(reproduction(ds, encoder, activation));
    }
  }
  for (const encoder of DENSE_GRID) result.push(modernVariant(encoder));
  return result;
}
