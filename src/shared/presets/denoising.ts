/**
 * Presets of the denoising autoencoders: a Fashion-MNIST denoiser and the 5x7 font denoised from
 * 1, 2, 4 and 6 flipped pixels.
 */
import { definePreset as preset, type PresetDefinition } from './define.js';

const fontDenoising = (k: number): PresetDefinition =>
  preset(
    `font5x7-denoising-flip${k}`,
    `5x7 font denoising, ${k} flipped pixel${k === 1 ? '' : 's'}`,
    `A denoising autoencoder 35-128-32-128-35 (tanh, sigmoid output, BCE, Adam 0.005 with cosine decay to 1e-4 over 3000 ` +
      `full-batch epochs) that sees each ` +
      `font pattern with exactly ${k} of its 35 pixels flipped, fresh at every step, and must return the clean pattern. ` +
      `Validation counts the wrong pixels of the denoised output; after training, a sweep reports them for 0 to 8 flipped pixels.`,
    {
      dataset: { id: 'font5x7', valFraction: 0 },
      model: { kind: 'dense', encoder: [128, 32], decoder: [128], activation: 'tanh', outputActivation: 'sigmoid' },
      training: {
        epochs: 3000,
        batchSize: 32,
        loss: 'bce',
        optimizer: { name: 'adam', learningRate: 0.005 },
        // The decay settles the weights: at a constant rate the 6-flip model still got 3 pixels of clean patterns wrong.
        lrSchedule: { kind: 'cosine', minLearningRate: 1e-4 },
        validationEvery: 100,
        checkpointEvery: 1000,
      },
      denoising: { corruption: { kind: 'bitFlip', k }, evaluationLevels: [0, 1, 2, 3, 4, 6, 8] },
    },
  );

/** A Fashion-MNIST denoiser and the 5x7 font denoised from 1, 2, 4 and 6 flipped pixels. */
export const DENOISING_PRESETS: readonly PresetDefinition[] = [
  preset(
    'fashion-mnist-denoising-gaussian',
    'Fashion-MNIST denoising AE, Gaussian noise σ 0.3',
    'Denoising autoencoder 784-256-64-256-784 (ReLU, sigmoid output, BCE, Adam 1e-3, batch 128, 15 epochs): each ' +
      'training image gets fresh N(0, 0.3²) noise (clipped to [0, 1]) and the target is the clean image. Validation ' +
      'measures denoising; after training, the error is swept over σ from 0 to 0.6.',
    {
      dataset: { id: 'fashion-mnist' },
      model: { kind: 'dense', encoder: [256, 64], activation: 'relu', outputActivation: 'sigmoid' },
      training: { epochs: 15, batchSize: 128, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
      denoising: { corruption: { kind: 'gaussian', sigma: 0.3 } },
    },
  ),
  fontDenoising(1),
  fontDenoising(2),
  fontDenoising(4),
  fontDenoising(6),
];
