/**
 * The engine side of every model kind. A kind without an entry does not compile; nothing else in
 * the engine compares kind names.
 */
import type { ModelKind, RunConfig } from '../../../shared/config.js';
import type { Objective, TrainingData } from '../loop/objective.js';
import type { AutoencoderModels } from '../models.js';
import { CONV_ENGINE } from './conv/index.js';
import { CVAE_ENGINE } from './cvae/index.js';
import { DENSE_ENGINE } from './dense/index.js';
import type { EngineKind, KindSession } from './engine-kind.js';
import { GAN_ENGINE } from './gan/index.js';
import { VAE_ENGINE } from './vae/index.js';

export const ENGINE_KINDS: { readonly [K in ModelKind]: EngineKind<K> } = {
  dense: DENSE_ENGINE,
  conv: CONV_ENGINE,
  vae: VAE_ENGINE,
  gan: GAN_ENGINE,
  cvae: CVAE_ENGINE,
};

/** The engine kind of a config (the config is of that kind, so the kind takes it). */
const engineOf = (config: RunConfig): EngineKind<ModelKind> => ENGINE_KINDS[config.model.kind] as EngineKind<ModelKind>;

/** Builds the models of a run and the objective that trains them. */
export function openKindSession(config: RunConfig, data: TrainingData): KindSession {
  return engineOf(config).open(config, data);
}

/** The objective of autoencoder models built by buildModels() for `config`; throws for kinds that are not autoencoders. */
export function autoencoderObjective(models: AutoencoderModels, config: RunConfig, data: TrainingData): Objective {
  const objective = engineOf(config).autoencoderObjective;
  if (!objective) throw new Error(`model.kind "${config.model.kind}" is not an autoencoder: train it through its own models (openKindSession)`);
  return objective(models, config, data);
}

export type { KindSession, PriorSampleGrid } from './engine-kind.js';
