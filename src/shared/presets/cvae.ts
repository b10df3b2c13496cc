/**
 * Presets of the conditional VAE (model kind `cvae`).
 */
import { definePreset as preset, type PresetDefinition } from './define.js';

/**
 * MNIST conditional VAE. Why a 2-D latent: the label already says which digit it is, so the code
 * only has to carry the style (slant, stroke width, size), and 2 dimensions hold most of it; the
 * latent lab's plane is then the code space itself (no PCA), so a clicked point decodes exactly
 * that code as the chosen class, and one style grid can be drawn as every digit.
 */
export const CVAE_PRESETS: readonly PresetDefinition[] = [
  preset(
    'mnist-cvae',
    'MNIST conditional VAE (decode any style as any digit)',
    'Conditional VAE: the encoder reads the image and its one-hot label (784+10)-512-256-(2-D latent), the decoder ' +
      'the code and the label (2+10)-256-512-784, ReLU, sigmoid output; loss = binary cross-entropy summed per image + ' +
      'KL to N(0, I); Adam 1e-3, batch 128, 20 epochs. The label carries the digit, the 2-D code its style: each epoch ' +
      'draws the same 8 prior codes as every digit (rows = classes), and the latent lab decodes any code as class k.',
    {
      dataset: { id: 'mnist' },
      model: { kind: 'cvae', classes: 10, encoder: [512, 256], latent: 2, activation: 'relu', outputActivation: 'sigmoid', beta: 1 },
      training: { epochs: 20, batchSize: 128, loss: 'bce', optimizer: { name: 'adam', learningRate: 1e-3 } },
    },
  ),
];
