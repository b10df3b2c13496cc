/**
 * The `gan` model kind: its config schema and its spec.
 * Pure module: no Node, no DOM, no electron.
 */
import { z } from 'zod';
import { initField } from '../config-primitives.js';
import { type KindSpec } from './kind-spec.js';

/**
 * Generative adversarial network, for comparison with the autoencoders: a generator from a
 * `latent`-sized prior sample to a data sample and a discriminator, both trained with Adam
 * (training.optimizer) on the non-saturating GAN loss.
 */
export const ganModelSchema = z.strictObject({
  kind: z.literal('gan'),
  /** Initialisation of the dense and conv layers (see initSchema). */
  init: initField,
  /** `dense` MLPs, or `dcgan`: a small convolutional pair for 28x28 images. */
  architecture: z.enum(['dense', 'dcgan']).default('dense'),
  /** Size of the prior sample the generator starts from. */
  latent: z.number().int().positive().default(64),
  /** Prior of the generator's input: N(0, I) or U(-1, 1). */
  prior: z.enum(['normal', 'uniform']).default('normal'),
  /** Dense hidden widths of the generator. */
  generator: z.array(z.number().int().positive()).default([256, 512]),
  /** Dense hidden widths of the discriminator. */
  discriminator: z.array(z.number().int().positive()).default([512, 256]),
  /** Discriminator learning rate; default: training.optimizer.learningRate. */
  discriminatorLearningRate: z.number().positive().max(10).optional(),
});
export type GanModelConfig = z.infer<typeof ganModelSchema>;

/** A GAN: a generator (saved as the `decoder`) and a discriminator; it reconstructs nothing. */
export const GAN_KIND: KindSpec<'gan'> = {
  kind: 'gan',
  description: 'a GAN',
  capabilities: { reconstructs: false, latentKl: false, denoising: false, anomalyScoring: false, encodes: false },
  metrics: { always: ['loss', 'discriminatorLoss', 'generatorLoss'], binaryOnly: [] },
  lossMetric: 'generatorLoss',
  checkpointParts: ['decoder', 'discriminator'],
  artifacts: ['model', 'samples'],
  prior: (model) => ({ distribution: model.prior, latent: model.latent }),
  conditioning: null,
  defaults: () => ({ kind: 'gan', init: 'glorotUniform', architecture: 'dense', latent: 64, prior: 'normal', generator: [256, 512], discriminator: [512, 256] }),
};
