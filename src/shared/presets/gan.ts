/**
 * GAN presets, for comparing a generative adversarial network with the autoencoders: dense
 * generator and discriminator on Fashion-MNIST with either prior, and a small DCGAN for 28x28.
 * Adam 2e-4 with beta1 0.5 on both networks (the DCGAN paper's setting, stable for small GANs).
 */
import { definePreset, type PresetDefinition } from './define.js';

const ADAM_GAN = { name: 'adam', learningRate: 2e-4, beta1: 0.5, beta2: 0.999 } as const;

function fashionDenseGan(prior: 'normal' | 'uniform'): PresetDefinition {
  const priorText = prior === 'normal' ? 'N(0, I)' : 'U(-1, 1)';
  return definePreset(
    `fashion-mnist-gan-${prior}`,
    `Fashion-MNIST dense GAN, ${prior} prior`,
    `GAN for comparison with the autoencoders: a 64-D ${priorText} prior through a dense generator 64-256-512-784 ` +
      '(LeakyReLU, sigmoid output) against a dense discriminator 784-512-256-1 (LeakyReLU, logit); non-saturating ' +
      'losses, Adam 2e-4 with beta1 0.5 on both, batch 256. Shows a fixed-seed 8x8 grid of samples every epoch.',
    {
      dataset: { id: 'fashion-mnist' },
      model: { kind: 'gan', architecture: 'dense', latent: 64, prior, generator: [256, 512], discriminator: [512, 256] },
      training: { epochs: 30, batchSize: 256, optimizer: { ...ADAM_GAN }, checkpointEvery: 5 },
    },
  );
}

export const GAN_PRESETS: readonly PresetDefinition[] = [
  fashionDenseGan('normal'),
  fashionDenseGan('uniform'),
  definePreset(
    'mnist-dcgan',
    'MNIST DCGAN 28x28',
    'A small DCGAN on MNIST: a 64-D N(0, I) prior projected to a 7x7x64 map, two Conv2DTranspose ×2 blocks ' +
      '(64, 32 filters, batch-norm, LeakyReLU) and a 3x3 sigmoid conv; the discriminator is two stride-2 Conv2D ' +
      '(32, 64 filters, LeakyReLU) and a dense logit. Adam 2e-4 with beta1 0.5 on both, batch 128.',
    {
      dataset: { id: 'mnist' },
      model: { kind: 'gan', architecture: 'dcgan', latent: 64, prior: 'normal', generator: [64, 32], discriminator: [32, 64] },
      training: { epochs: 10, batchSize: 128, optimizer: { ...ADAM_GAN }, checkpointEvery: 2 },
    },
  ),
];
