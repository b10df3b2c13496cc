/**
 * The `dense` model kind: its config schema and its spec.
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import { activationSchema, initField, outputActivationSchema } from '../config-primitives.js';
import { RECONSTRUCTION_METRICS, type KindSpec } from './kind-spec.js';

/** Fully connected autoencoder. */
export const denseModelSchema = z.strictObject({
  kind: z.literal('dense'),
  /** Initialisation of the dense and conv layers (see initSchema). */
  init: initField,
  /** Encoder layer widths; the last one is the code (latent) size. E.g. [128, 64, 32]. */
  encoder: z.array(z.number().int().positive()).min(1),
  /** Decoder hidden widths (the output layer is added to match the input). Default: mirror of the encoder. */
  decoder: z.array(z.number().int().positive()).optional(),
  /** Activation of every hidden layer, the code included. */
  activation: activationSchema.default('relu'),
  /** Activation of the code layer; defaults to `activation`. */
  codeActivation: activationSchema.optional(),
  /** Activation of the reconstruction layer. */
  outputActivation: outputActivationSchema.default('sigmoid'),
  /** Batch-normalise the code layer. */
  batchNormCode: z.boolean().default(false),
  /** L2 kernel regulariser on every dense layer (0 = none): Keras' kernel_regularizer=l2(λ), a penalty λ·Σw² in the loss. */
  weightDecay: z.number().min(0).default(0),
});
export type DenseModelConfig = z.infer<typeof denseModelSchema>;

/** A fully connected autoencoder. */
export const DENSE_KIND: KindSpec<'dense'> = {
  kind: 'dense',
  description: 'a dense autoencoder',
  capabilities: { reconstructs: true, latentKl: false, denoising: true, anomalyScoring: true, encodes: true },
  metrics: RECONSTRUCTION_METRICS,
  lossMetric: 'loss',
  checkpointParts: ['autoencoder', 'encoder', 'decoder'],
  artifacts: ['model', 'reconstructions'],
  prior: null,
  conditioning: null,
  defaults: () => ({ kind: 'dense', init: 'glorotUniform', encoder: [128, 64, 32], activation: 'relu', outputActivation: 'sigmoid', batchNormCode: false, weightDecay: 0 }),
};
