/**
 * Trains an autoencoder (dense, conv or VAE) of a run config: its objective in the one loop (loop/fit.ts).
 */
import type { RunConfig } from '../../shared/config.js';
import { fit, loopSettingsOf } from './loop/fit.js';
import type { TrainingCallbacks, TrainingData, TrainResult } from './loop/objective.js';
import type { AutoencoderModels } from './models.js';
import { reconstructionObjective } from './objectives/reconstruction.js';
import { vaeObjective } from './kinds/vae/objective.js';

export type { TrainingCallbacks, TrainingData, TrainResult } from './loop/objective.js';
export { TRAIN_EVAL_LIMIT } from './objectives/reconstruction.js';

export interface TrainArgs {
  models: AutoencoderModels;
  config: RunConfig;
  data: TrainingData;
  callbacks?: TrainingCallbacks;
  /** Minimum time between two onProgress calls (default 100 ms: at most 10 per second). */
  progressIntervalMs?: number;
}

/** Trains `models` on `data` as `config.training` says; see fit() for the statuses it resolves with. */
export async function train(args: TrainArgs): Promise<TrainResult> {
  const { models, config, data } = args;
  const sizes = { binary: data.binary, trainCount: data.train.n };
  const objective = config.model.kind === 'vae' ? vaeObjective(models, config, config.model, sizes) : reconstructionObjective(models, config, sizes);
  try {
    return await fit({ objective, settings: loopSettingsOf(config.training), data, callbacks: args.callbacks, progressIntervalMs: args.progressIntervalMs });
  } finally {
    objective.dispose();
  }
}
