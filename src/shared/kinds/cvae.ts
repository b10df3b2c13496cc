/**
 * The `cvae` model kind: a conditional VAE, its config schema and its spec.
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import { activationSchema, initField, outputActivationSchema } from '../config-primitives.js';
import { type KindSpec } from './kind-spec.js';
import { VAE_KIND } from './vae.js';

/**
 * Conditional variational autoencoder (Sohn et al. 2015; Kingma et al. 2014, "M2" without the
 * classifier): the encoder reads the flattened sample concatenated with the one-hot class label and
 * ends in the mean and log-variance heads of q(z|x, y); the decoder reads the code concatenated with
 * the same one-hot label. Loss as the VAE: reconstruction summed per sample + β·KL(q(z|x, y) ‖ N(0, I)).
 * Trained and evaluated with the true labels; a prior sample can be decoded "as class k".
 */
export const cvaeModelSchema = z.strictObject({
  kind: z.literal('cvae'),
  /** Initialisation of the dense layers (see initSchema). */
  init: initField,
  /** Number of classes the encoder and decoder are conditioned on (the one-hot label size): the dataset's class count. */
  classes: z.number().int().min(2).max(1000),
  /** Dense hidden widths of the encoder before the two heads, e.g. [512, 256]. */
  encoder: z.array(z.number().int().positive()).default([512, 256]),
  /** Size of the latent code (the mean and the log-variance heads). */
  latent: z.number().int().positive(),
  /** Dense decoder hidden widths. Default: mirror of the encoder. */
  decoder: z.array(z.number().int().positive()).optional(),
  /** Activation of every hidden layer (the heads are linear). */
  activation: activationSchema.default('relu'),
  outputActivation: outputActivationSchema.default('sigmoid'),
  /** Weight of the KL term (beta-VAE); 1 is the standard conditional VAE. */
  beta: z.number().min(0).max(1000).default(1),
});
export type CvaeModelConfig = z.infer<typeof cvaeModelSchema>;

/** A conditional VAE: reconstructs with the true label, and decodes prior samples as any class. */
export const CVAE_KIND: KindSpec<'cvae'> = {
  kind: 'cvae',
  description: 'a conditional VAE',
  // Denoising sweeps and anomaly scores run the autoencoder on inputs alone; a conditional one also needs the label.
  capabilities: { ...VAE_KIND.capabilities, denoising: false, anomalyScoring: false },
  metrics: VAE_KIND.metrics,
  lossMetric: 'loss',
  checkpointParts: ['autoencoder', 'encoder', 'decoder'],
  artifacts: VAE_KIND.artifacts,
  prior: (model) => ({ distribution: 'normal', latent: model.latent }),
  conditioning: (model) => ({ classes: model.classes }),
  defaults: () => ({ kind: 'cvae', init: 'glorotUniform', classes: 10, encoder: [512, 256], latent: 8, activation: 'relu', outputActivation: 'sigmoid', beta: 1 }),
};
