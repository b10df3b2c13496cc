/**
 * The engine side of the conditional VAE: its own builder (two-input models), the VAE objective fed
 * the batch labels, and class-conditional prior samples: rows = classes, columns = fixed-seed codes.
 */
import { autoencoderKind } from '../autoencoder-kind.js';
import { buildCvaeModels } from './models.js';
import { cvaeObjective } from './objective.js';
import { decodeClassGrid } from './prior-samples.js';

/** Codes per class in the prior samples grid (its columns). */
export const CODES_PER_CLASS = 8;
/** Classes drawn in the grid at most (its rows): the first ones the run trains on. */
export const MAX_CLASS_ROWS = 20;

export const CVAE_ENGINE = autoencoderKind<'cvae'>(
  cvaeObjective,
  async (models, config) => {
    const trained = config.dataset.classes ?? Array.from({ length: config.model.classes }, (_, k) => k);
    const rowClasses = [...trained].sort((a, b) => a - b).slice(0, MAX_CLASS_ROWS);
    const grid = await decodeClassGrid(models.decoder, config.model.latent, rowClasses, CODES_PER_CLASS, config.training.seed);
    return { ...grid, rowClasses };
  },
  (config, sampleShape) => buildCvaeModels(config.model, sampleShape, config.training.seed),
);
