/**
 * Trains autoencoder models built by buildModels() (dense, conv or VAE): the kind's objective in
 * the one loop (loop/fit.ts). Runs go through openKindSession (engine/kinds); this entry serves
 * callers that hold the models themselves (bench, tests).
 */
import type { RunConfig } from '../../shared/config.js';
import { autoencoderObjective } from './kinds/index.js';
import { fit, loopSettingsOf } from './loop/fit.js';
import type { TrainingCallbacks, TrainingData, TrainResult } from './loop/objective.js';
import type { AutoencoderModels } from './models.js';

export type { TrainingCallbacks, TrainingData, TrainResult } from './loop/objective.js';
export { TRAIN_EVAL_LIMIT } from './objectives/reconstruction.js';

export interface TrainArgs {
  models: AutoencoderModels;
  config: RunConfig;
  data: TrainingData;
  callbacks?: TrainingCallbacks;
  /** Minimum time between two onProgress calls (default 100 ms: at most 10 per second). */
  progressIntervalMs?: number;
  /** Per-step metrics: read the batch loss about this many times per epoch (every N steps) instead of by time. */
  progressPointsPerEpoch?: number;
}

/** Trains `models` on `data` as `config.training` says; see fit() for the statuses it resolves with. */
export async function train(args: TrainArgs): Promise<TrainResult> {
  const { models, config, data } = args;
  const objective = autoencoderObjective(models, config, data);
  try {
    return await fit({ objective, settings: loopSettingsOf(config.training), data, callbacks: args.callbacks, progressIntervalMs: args.progressIntervalMs, progressPointsPerEpoch: args.progressPointsPerEpoch });
  } finally {
    objective.dispose();
  }
}
