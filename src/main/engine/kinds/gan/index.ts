/**
 * The engine side of the GAN: the generator (saved as the checkpoint's `decoder`) and the
 * discriminator, the two-optimizer objective, and the generator's images of fixed prior codes.
 */
import type { EngineKind } from '../engine-kind.js';
import { buildGanModels, disposeGanModels, generate, priorCodes } from './models.js';
import { ganObjective } from './objective.js';

/** Samples in the live grid (8 × 8). */
export const GAN_SAMPLE_COUNT = 64;
/** Seed offset of the grid's codes, so that they differ from the training noise of the same run seed. */
const SAMPLE_CODES_SEED_OFFSET = 4242;

export const GAN_ENGINE: EngineKind<'gan'> = {
  autoencoderObjective: null,
  open(config, data) {
    const gan = config.model;
    const models = buildGanModels(gan, data.sampleShape, config.training.seed);
    const objective = ganObjective(models, config, gan, data.val.n);
    const codes = priorCodes(gan.prior, gan.latent, GAN_SAMPLE_COUNT, config.training.seed + SAMPLE_CODES_SEED_OFFSET);
    return {
      objective,
      checkpointModels: { decoder: models.generator, discriminator: models.discriminator },
      autoencoder: null,
      priorSamples: async () => ({ samples: await generate(models.generator, codes, gan.latent) }),
      dispose() {
        objective.dispose();
        disposeGanModels(models);
      },
    };
  },
};
