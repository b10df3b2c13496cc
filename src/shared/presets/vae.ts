/**
 * Presets of the variational autoencoders: dense and conv VAEs on MNIST and Fashion-MNIST (one with
 * a 2-D latent for the manifold view).
 */
import { definePreset as preset, type PresetDefinition } from './define.js';

/** Dense and conv VAEs on MNIST and Fashion-MNIST (one with a 2-D latent for the manifold view). */
export const VAE_PRESETS: readonly PresetDefinition[] = [
  preset(
    'fashion-mnist-vae-latent64',
    'Fashion-MNIST VAE, 64-D latent',
    'Variational autoencoder 784-512-(64 mean, 64 log-variance)-512-784, ReLU, sigmoid output; loss = binary ' +
      'cross-entropy summed per image + KL to N(0, I); Adam 1e-3, batch 128, 30 epochs. Records the reconstruction ' +
      'and KL parts, the KL per latent dimension (active units) and 32 samples from the prior each epoch.',
    {
      dataset: { id: 'fashion-mnist' },
      model: { kind: 'vae', encoder: [512], latent: 64, activation: 'relu', outputActivation: 'sigmoid', beta: 1 },
      training: { epochs: 30, batchSize: 128, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
  preset(
    'mnist-vae-64-16-8',
    'MNIST VAE 784-64-16-8',
    'Variational autoencoder with a dense 64-16 encoder and an 8-D latent (mirrored 16-64 decoder), ReLU, sigmoid ' +
      'output, BCE summed per image + KL, Adam 1e-3, batch 128, 25 epochs.',
    {
      dataset: { id: 'mnist' },
      model: { kind: 'vae', encoder: [64, 16], latent: 8, activation: 'relu', outputActivation: 'sigmoid', beta: 1 },
      training: { epochs: 25, batchSize: 128, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
  preset(
    'mnist-vae-latent2',
    'MNIST VAE with a 2-D latent (manifold)',
    'Variational autoencoder 784-256-64-(2-D latent)-64-256-784 for the latent manifold view: decoding a grid of the ' +
      '2-D prior shows the digits morphing into each other. BCE + KL, Adam 1e-3, batch 128, 20 epochs.',
    {
      dataset: { id: 'mnist' },
      model: { kind: 'vae', encoder: [256, 64], latent: 2, activation: 'relu', outputActivation: 'sigmoid', beta: 1 },
      training: { epochs: 20, batchSize: 128, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
  preset(
    'fashion-mnist-conv-vae',
    'Fashion-MNIST convolutional VAE, 16-D latent',
    'Convolutional VAE: two stride-2 Conv2D blocks (32, 64 filters, LeakyReLU) to a 16-D latent, a dense layer and ' +
      'two Conv2DTranspose blocks back to 28x28, 1x1 sigmoid conv. BCE + KL, Adam 1e-3, batch 128, 10 epochs.',
    {
      dataset: { id: 'fashion-mnist' },
      model: {
        kind: 'vae',
        convBlocks: [
          { filters: 32, kernel: 3 },
          { filters: 64, kernel: 3 },
        ],
        latent: 16,
        activation: 'relu',
        outputActivation: 'sigmoid',
      },
      training: { epochs: 10, batchSize: 128, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
];
