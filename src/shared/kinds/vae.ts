/**
 * The `vae` model kind: its config schema and its spec.
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import { activationSchema, convBlockSchema, initField, outputActivationSchema } from '../config-primitives.js';
import { RECONSTRUCTION_METRICS, type KindSpec } from './kind-spec.js';

/**
 * Variational autoencoder: the encoder ends in two heads, the mean and the log-variance of a
 * diagonal Gaussian posterior; a code is sampled with the reparameterisation trick during training
 * (the mean is used at inference). Loss = reconstruction (training.loss, summed over the values of
 * a sample) + beta × KL(q(z|x) ‖ N(0, I)), averaged over the batch; both parts are recorded.
 */
export const vaeModelSchema = z.strictObject({
  kind: z.literal('vae'),
  /** Initialisation of the dense and conv layers (see initSchema). */
  init: initField,
  /** Dense hidden widths of the encoder before the two heads, e.g. [64, 16]. Ignored when `convBlocks` is set. */
  encoder: z.array(z.number().int().positive()).default([]),
  /** A convolutional encoder instead (stride-2 Conv2D blocks), mirrored by a Conv2DTranspose decoder. */
  convBlocks: z.array(convBlockSchema).min(1).optional(),
  /** Size of the latent code (the mean and the log-variance heads). */
  latent: z.number().int().positive(),
  /** Dense decoder hidden widths. Default: mirror of the encoder. */
  decoder: z.array(z.number().int().positive()).optional(),
  /** Activation of every hidden layer (the heads are linear). */
  activation: activationSchema.default('relu'),
  outputActivation: outputActivationSchema.default('sigmoid'),
  /** Weight of the KL term (beta-VAE); 1 is the standard VAE. */
  beta: z.number().min(0).max(1000).default(1),
  /** Batch normalisation after each conv block (conv VAEs only). */
  batchNorm: z.boolean().default(false),
});
export type VaeModelConfig = z.infer<typeof vaeModelSchema>;

/** A variational autoencoder: reconstructs, and decodes samples of its N(0, I) prior. */
export const VAE_KIND: KindSpec<'vae'> = {
  kind: 'vae',
  description: 'a VAE',
  capabilities: { reconstructs: true, latentKl: true, denoising: true, anomalyScoring: true, encodes: true },
  metrics: { always: [...RECONSTRUCTION_METRICS.always, 'reconstruction', 'kl', 'activeUnits'], binaryOnly: RECONSTRUCTION_METRICS.binaryOnly },
  lossMetric: 'loss',
  checkpointParts: ['autoencoder', 'encoder', 'decoder'],
  artifacts: ['model', 'reconstructions', 'samples', 'latent-kl'],
  prior: (model) => ({ distribution: 'normal', latent: model.latent }),
  conditioning: null,
  defaults: () => ({ kind: 'vae', init: 'glorotUniform', encoder: [64, 16], latent: 8, activation: 'relu', outputActivation: 'sigmoid', beta: 1, batchNorm: false }),
};
