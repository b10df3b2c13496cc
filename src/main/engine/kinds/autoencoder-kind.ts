/**
 * The engine side shared by the autoencoder kinds (dense, conv, VAE): buildModels() builds the
 * encoder, decoder and autoencoder views over shared layers; each kind brings its objective and,
 * with a prior, its prior samples.
 */
import type { ModelKind } from '../../../shared/config.js';
import type { Objective, TrainingData } from '../loop/objective.js';
import { buildModels, disposeModels, type AutoencoderModels } from '../models.js';
import type { EngineKind, RunConfigOf } from './engine-kind.js';

type AutoencoderObjective<K extends ModelKind> = (models: AutoencoderModels, config: RunConfigOf<K>, data: TrainingData) => Objective;
type PriorSamples<K extends ModelKind> = (models: AutoencoderModels, config: RunConfigOf<K>) => Promise<number[][]>;

/** The engine kind of an autoencoder trained by `objective`, decoding prior samples with `priorSamples` when it has a prior. */
export function autoencoderKind<K extends ModelKind>(objective: AutoencoderObjective<K>, priorSamples: PriorSamples<K> | null = null): EngineKind<K> {
  return {
    autoencoderObjective: objective,
    open(config, data) {
      const models = buildModels(config.model, data.sampleShape, config.training.seed);
      let trainer: Objective;
      try {
        trainer = objective(models, config, data);
      } catch (error) {
        disposeModels(models);
        throw error;
      }
      return {
        objective: trainer,
        checkpointModels: { autoencoder: models.autoencoder, encoder: models.encoder, decoder: models.decoder },
        autoencoder: models,
        priorSamples: priorSamples ? () => priorSamples(models, config) : null,
        dispose() {
          trainer.dispose();
          disposeModels(models);
        },
      };
    },
  };
}
