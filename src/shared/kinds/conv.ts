/**
 * The `conv` model kind: its config schema and its spec.
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import { convBlockSchema, initField } from '../config-primitives.js';
import { RECONSTRUCTION_METRICS, type KindSpec } from './kind-spec.js';

/** Convolutional autoencoder: stride-2 Conv2D blocks, mirrored Conv2DTranspose decoder, 1x1 sigmoid conv. */
export const convModelSchema = z.strictObject({
  kind: z.literal('conv'),
  /** Initialisation of the dense and conv layers (see initSchema). */
  init: initField,
  blocks: z.array(convBlockSchema).min(1),
  /** Filters of the Conv2DTranspose decoder blocks. Default: the encoder filters reversed. */
  decoderFilters: z.array(z.number().int().positive()).optional(),
  /** Batch normalisation after each conv (encoder and decoder). */
  batchNorm: z.boolean().default(false),
  /** Negative slope of the LeakyReLU after each conv. */
  leakyAlpha: z.number().min(0).max(1).default(0.2),
  /** L2 kernel regulariser on every conv layer (0 = none): Keras' kernel_regularizer=l2(λ), a penalty λ·Σw² in the loss. */
  weightDecay: z.number().min(0).default(0),
});
export type ConvModelConfig = z.infer<typeof convModelSchema>;

/** A convolutional autoencoder. */
export const CONV_KIND: KindSpec<'conv'> = {
  kind: 'conv',
  description: 'a convolutional autoencoder',
  capabilities: { reconstructs: true, latentKl: false, denoising: true, anomalyScoring: true, encodes: true },
  metrics: RECONSTRUCTION_METRICS,
  lossMetric: 'loss',
  checkpointParts: ['autoencoder', 'encoder', 'decoder'],
  artifacts: ['model', 'reconstructions'],
  prior: null,
  conditioning: null,
  defaults: () => ({ kind: 'conv', init: 'glorotUniform', blocks: [{ filters: 16, kernel: 3 }, { filters: 32, kernel: 3 }], batchNorm: false, leakyAlpha: 0.2, weightDecay: 0 }),
};
