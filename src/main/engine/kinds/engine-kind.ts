/**
 * What each model kind brings to the engine (engine/kinds/<kind>/index.ts): how to build its models
 * and the objective that trains them, and the views of those models the run needs (checkpoint
 * parts, reconstruction, prior samples). Registered in engine/kinds/index.ts.
 */
import type { ModelKind, RunConfig } from '../../../shared/config.js';
import type { ModelConfigOf } from '../../../shared/kinds/registry.js';
import type { Objective, TrainingData } from '../loop/objective.js';
import type { AutoencoderModels } from '../models.js';
import type { CheckpointModels } from '../persistence.js';

/** A run config whose model is of kind K. */
export type RunConfigOf<K extends ModelKind> = RunConfig & { model: ModelConfigOf<K> };

/** Prior samples as drawn: one flat array per sample, row-major; `columns` per row (default: a square grid), `rowClasses` the class each row was decoded as (conditional models). */
export interface PriorSampleGrid {
  samples: number[][];
  columns?: number;
  rowClasses?: number[];
}

/** The models of one training run, the objective that trains them, and what the run does with them. */
export interface KindSession {
  readonly objective: Objective;
  /** The models a checkpoint saves, by part (the kind spec's checkpointParts). */
  readonly checkpointModels: CheckpointModels;
  /** The autoencoder views (reconstruction gallery, anomaly scores, denoising sweep); null when the kind reconstructs nothing. */
  readonly autoencoder: AutoencoderModels | null;
  /** The kind's fixed grid of prior samples through the current weights; null without a prior. */
  readonly priorSamples: (() => Promise<PriorSampleGrid>) | null;
  /** Frees the objective and the models. */
  dispose(): void;
}

export interface EngineKind<K extends ModelKind> {
  /** Builds the models of `config` for `data` (seeded by training.seed) and the objective that trains them. */
  open(config: RunConfigOf<K>, data: TrainingData): KindSession;
  /** The objective of autoencoder models built by buildModels(); null for kinds that are not autoencoders. */
  readonly autoencoderObjective: ((models: AutoencoderModels, config: RunConfigOf<K>, data: TrainingData) => Objective) | null;
}
