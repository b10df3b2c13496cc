/**
 * The planner of every model kind (pure, no tfjs). A kind without one does not compile.
 */
import type { ModelKind } from '../../../shared/config.js';
import { planConv } from './conv/plan.js';
import { cvaeSummaryLayers } from './cvae/plan.js';
import { planDense } from './dense/plan.js';
import { planGan } from './gan/plan.js';
import { autoencoderPlanner, type KindPlanner } from './kind-planner.js';
import { planVae } from './vae/plan.js';

export const KIND_PLANNERS: { readonly [K in ModelKind]: KindPlanner<K> } = {
  dense: autoencoderPlanner(planDense),
  conv: autoencoderPlanner(planConv),
  vae: autoencoderPlanner(planVae),
  // A GAN lists its generator's layers (gen_…) then its discriminator's (disc_…).
  gan: {
    summaryLayers(config, sampleShape) {
      const plan = planGan(config, sampleShape);
      return [...plan.generator, ...plan.discriminator];
    },
    autoencoder: null,
  },
  // A conditional VAE's encoder and decoder also read the label: it builds its own models (cvae/models.ts), not buildModels()'s.
  cvae: { summaryLayers: cvaeSummaryLayers, autoencoder: null },
};
