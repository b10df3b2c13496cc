/**
 * Presets: named, described run configs reproducing the seed experiments of the course.
 * Pure data (no Node, no DOM) so the CLI, the services and the renderer share one list.
 */
import { ANOMALY_PRESETS } from './presets/anomaly.js';
import { CVAE_PRESETS } from './presets/cvae.js';
import { DENSE_GRID, denseGridPresets } from './presets/dense-grid.js';
import { definePreset as preset, type PresetDefinition } from './presets/define.js';
import { GAN_PRESETS } from './presets/gan.js';
import { DENOISING_PRESETS } from './presets/denoising.js';
import { VAE_PRESETS } from './presets/vae.js';

export type { PresetDefinition };

export { DENSE_GRID };

export const PRESETS: readonly PresetDefinition[] = [
  preset(
    'font5x7-2d',
    '5x7 font in a 2-D latent space',
    'Learns all 32 patterns of the 5x7 dot-matrix font through a 2-D code with at most 1 wrong pixel each: ' +
      'the classic exercise that small mirrored nets with plain Adam and MSE do not finish. What gets there ' +
      'reliably: a linear 2-D code (ReLU/tanh codes lose units), a decoder wider than the encoder (35-64-2-64-128-35, ' +
      'tanh), binary cross-entropy instead of MSE, and Adam at 0.01 on full batches. Stops once every pattern is exact.',
    {
      dataset: { id: 'font5x7', valFraction: 0 },
      model: {
        kind: 'dense',
        encoder: [64, 2],
        decoder: [64, 128],
        activation: 'tanh',
        codeActivation: 'linear',
        outputActivation: 'sigmoid',
      },
      training: {
        epochs: 1000,
        batchSize: 32,
        loss: 'bce',
        optimizer: { name: 'adam', learningRate: 0.01 },
        validationEvery: 1,
        checkpointEvery: 100,
        stopWhen: { metric: 'maxWrongPixels', atMost: 0 },
      },
    },
  ),
  preset(
    'spiral3d-linear-2d',
    '3-D spiral to a 2-D linear code',
    'The first example of the seed lecture: 3-D points on a spiral compressed to 2 dimensions by a linear ' +
      'autoencoder (no activations: it finds the PCA plane), RMSprop, MSE.',
    {
      dataset: { id: 'spiral3d', valFraction: 0.2 },
      model: { kind: 'dense', encoder: [2], activation: 'linear', outputActivation: 'linear' },
      training: { epochs: 100, batchSize: 32, loss: 'mse', optimizer: { name: 'rmsprop', learningRate: 0.01 } },
    },
  ),
  ...denseGridPresets(),
  preset(
    'mnist-dense-bn-bce',
    'MNIST 784-128-32 with batch-norm, BCE',
    'MNIST autoencoder 784-128-32-128-784 with batch normalisation on the 32-D code, ReLU, sigmoid output, ' +
      'binary cross-entropy, Adam 1e-3, batch 1024.',
    {
      dataset: { id: 'mnist' },
      model: { kind: 'dense', encoder: [128, 32], activation: 'relu', batchNormCode: true, outputActivation: 'sigmoid' },
      training: { epochs: 20, batchSize: 1024, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
  preset(
    'fashion-mnist-latent2',
    'Fashion-MNIST with a 2-D latent space',
    'Fashion-MNIST autoencoder 784-128-64-2 with a linear 2-D code (for the latent scatter), ReLU, sigmoid ' +
      'output, MSE, Adam 1e-3, batch 32.',
    {
      dataset: { id: 'fashion-mnist' },
      model: { kind: 'dense', encoder: [128, 64, 2], codeActivation: 'linear', activation: 'relu', outputActivation: 'sigmoid' },
      training: { epochs: 10, batchSize: 32, loss: 'mse', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
  preset(
    'fashion-mnist-latent64',
    'Fashion-MNIST with a 64-D latent space',
    'The classic introductory autoencoder: Fashion-MNIST 784-64-784, ReLU code, sigmoid output, MSE, ' +
      'Adam 1e-3, batch 32, 10 epochs.',
    {
      dataset: { id: 'fashion-mnist' },
      model: { kind: 'dense', encoder: [64], activation: 'relu', outputActivation: 'sigmoid' },
      training: { epochs: 10, batchSize: 32, loss: 'mse', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
  preset(
    'cifar10-conv',
    'CIFAR-10 convolutional AE',
    'Three stride-2 Conv2D layers of 32 filters with batch-norm and LeakyReLU, a Conv2DTranspose decoder ' +
      '32/16/8 and a 1x1 sigmoid conv; binary cross-entropy, Adam 1e-3, batch 1024.',
    {
      dataset: { id: 'cifar10' },
      model: {
        kind: 'conv',
        blocks: [
          { filters: 32, kernel: 3 },
          { filters: 32, kernel: 3 },
          { filters: 32, kernel: 3 },
        ],
        decoderFilters: [32, 16, 8],
        batchNorm: true,
      },
      training: { epochs: 20, batchSize: 1024, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
  ...ANOMALY_PRESETS,
  ...GAN_PRESETS,
  ...VAE_PRESETS,
  ...CVAE_PRESETS,
  ...DENOISING_PRESETS,
];

export function findPreset(id: string): PresetDefinition | undefined {
  return PRESETS.find((p) => p.id === id);
}
