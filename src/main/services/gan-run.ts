/**
 * The GAN branch of the training worker: builds the generator and the discriminator, trains them,
 * writes the `samples` artifact (the generator's images of fixed-seed prior codes) after every
 * epoch and the checkpoint (`decoder` = generator, `discriminator`) at each checkpoint.
 * Plain Node: the worker hands it its context, tests call it directly.
 */
import path from 'node:path';
import type { GeneratedSamples } from '../../shared/api.js';
import type { RunConfig } from '../../shared/config.js';
import type { Split } from '../datasets/types.js';
import { buildGanModels, disposeGanModels, generate, priorCodes } from '../engine/kinds/gan/models.js';
import { ganObjective } from '../engine/kinds/gan/objective.js';
import { fit, loopSettingsOf } from '../engine/loop/fit.js';
import { saveModels } from '../engine/persistence.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { RunWorkerMessage } from './run-protocol.js';

/** Samples in the live grid (8 × 8). */
export const GAN_SAMPLE_COUNT = 64;
/** Seed offset of the grid's codes, so that they differ from the training noise of the same run seed. */
const SAMPLE_CODES_SEED_OFFSET = 4242;

export interface GanRunContext {
  config: RunConfig;
  /** The run's folder, and the same relative to the data directory (for artifact paths). */
  dir: string;
  relDir: string;
  sampleShape: number[];
  binary: boolean;
  train: Split;
  val: Split;
  post(message: RunWorkerMessage): void;
  shouldStop(): boolean;
}

/** Trains a GAN run to its end; returns the worker's final `done` message. */
export async function runGan(ctx: GanRunContext): Promise<Extract<RunWorkerMessage, { type: 'done' }>> {
  const { config, dir, relDir, sampleShape, post } = ctx;
  const gan = config.model;
  if (gan.kind !== 'gan') throw new Error(`runGan: model.kind is "${gan.kind}", not "gan"`);
  const models = buildGanModels(gan, sampleShape, config.training.seed);
  const codes = priorCodes(gan.prior, gan.latent, GAN_SAMPLE_COUNT, config.training.seed + SAMPLE_CODES_SEED_OFFSET);
  const objective = ganObjective(models, config, gan, ctx.val.n);
  try {
    const result = await fit({
      objective,
      settings: loopSettingsOf(config.training),
      data: { sampleShape, binary: ctx.binary, train: ctx.train, val: ctx.val },
      callbacks: {
        onEpoch: async (epoch, metrics, elapsedMs) => {
          post({ type: 'epoch', epoch, metrics, elapsedMs });
          const set: GeneratedSamples = { sampleShape, samples: await generate(models.generator, codes, gan.latent), epoch };
          writeFileAtomic(path.join(dir, 'samples.json'), JSON.stringify(set));
          post({ type: 'artifact', kind: 'samples', relPath: path.join(relDir, 'samples.json'), epoch });
        },
        onProgress: (epoch, batch, batchesPerEpoch, loss) => post({ type: 'progress', epoch, batch, batchesPerEpoch, loss }),
        onCheckpoint: async (epoch) => {
          await saveModels(path.join(dir, 'model'), { decoder: models.generator, discriminator: models.discriminator });
          post({ type: 'artifact', kind: 'model', relPath: path.join(relDir, 'model'), epoch });
        },
        shouldStop: ctx.shouldStop,
      },
    });
    return { type: 'done', status: result.status, error: result.error, finalMetrics: result.finalMetrics };
  } finally {
    objective.dispose();
    disposeGanModels(models);
  }
}
