/** The engine side of the VAE: its objective, and fixed-seed N(0, I) codes through the decoder as prior samples. */
import { decodePriorSamples } from '../../prior-samples.js';
import { autoencoderKind } from '../autoencoder-kind.js';
import { vaeObjective } from './objective.js';

/** Prior samples drawn at each epoch. */
export const PRIOR_SAMPLE_COUNT = 32;

export const VAE_ENGINE = autoencoderKind<'vae'>(
  (models, config, data) => vaeObjective(models, config, config.model, data),
  async (models, config) => ({ samples: await decodePriorSamples(models.decoder, config.model.latent, PRIOR_SAMPLE_COUNT, config.training.seed) }),
);
