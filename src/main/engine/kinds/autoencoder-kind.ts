/**
 * The engine side shared by the autoencoder kinds (dense, conv, VAE): buildModels() builds the
 * encoder, decoder and autoencoder views over shared layers; each kind brings its objective and,
 * with a prior, its prior samples.
 */
import type { ModelKind } from '../../../shared/config.js';
import type { Objective, TrainingData } from '../loop/objective.js';
import { buildModels, disposeModels, type AutoencoderModels } from '../models.js';
import type { EngineKind, PriorSampleGrid, RunConfigOf } from './engine-kind.js';

type AutoencoderObjective<K extends ModelKind> = (models: AutoencoderModels, config: RunConfigOf<K>, data: TrainingData) => Objective;
type PriorSamples<K extends ModelKind> = (models: AutoencoderModels, config: RunConfigOf<K>) => Promise<PriorSampleGrid>;
type Builder<K extends ModelKind> = (config: RunConfigOf<K>, sampleShape: number[]) => AutoencoderModels;

const planned = (config: RunConfigOf<ModelKind>, sampleShape: number[]): AutoencoderModels => buildModels(config.model, sampleShape, config.training.seed);

/**
 * The engine kind of an autoencoder trained by `objective`, decoding prior samples with `priorSamples`
 * when it has a prior; its models come from buildModels() (the kind's plan) unless it brings its own `build`.
 */
export function autoencoderKind<K extends ModelKind>(objective: AutoencoderObjective<K>, priorSamples: PriorSamples<K> | null = null, build: Builder<K> = planned): EngineKind<K> {
  return {
    autoencoderObjective: objective,
    open(config, data) {
      const models = build(config, data.sampleShape);
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
