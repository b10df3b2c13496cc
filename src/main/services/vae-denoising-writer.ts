/**
 * Worker side of the VAE and denoising artifacts: the prior samples and the KL per latent
 * dimension at each epoch, and the noise-level sweep once training ended. Files are written
 * atomically under the run folder and announced to the scheduler as `artifact` messages.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { GeneratedSamples } from '../../shared/api.js';
import type { RunConfig } from '../../shared/config.js';
import type { Split } from '../datasets/types.js';
import { denoisingSweep } from '../engine/denoising.js';
import type { AutoencoderModels } from '../engine/models.js';
import { decodePriorSamples } from '../engine/prior-samples.js';
import { latentKlReport } from '../engine/kinds/vae/vae-math.js';
import { writeFileAtomic } from '../store/atomic.js';
import type { RunWorkerMessage } from './run-protocol.js';
import { VAE_DENOISING_ARTIFACTS } from './vae-denoising-reports.js';

/** Prior samples drawn at each epoch. */
export const PRIOR_SAMPLE_COUNT = 32;

export interface ArtifactContext {
  config: RunConfig;
  models: AutoencoderModels;
  sampleShape: number[];
  /** The run folder, absolute and relative to the data directory. */
  dir: string;
  relDir: string;
  post(message: RunWorkerMessage): void;
}

function write(ctx: ArtifactContext, kind: string, epoch: number, value: unknown): void {
  const file = `${kind}.json`;
  writeFileAtomic(path.join(ctx.dir, file), JSON.stringify(value));
  ctx.post({ type: 'artifact', kind, relPath: path.join(ctx.relDir, file), epoch });
}

/** VAE: the `samples` artifact, fixed-seed N(0, I) codes through the current decoder. */
export async function writePriorSamples(ctx: ArtifactContext, epoch: number): Promise<void> {
  if (ctx.config.model.kind !== 'vae') return;
  const samples = await decodePriorSamples(ctx.models.decoder, ctx.config.model.latent, PRIOR_SAMPLE_COUNT, ctx.config.training.seed);
  const value: GeneratedSamples = { sampleShape: ctx.sampleShape, samples, epoch };
  write(ctx, VAE_DENOISING_ARTIFACTS.samples, epoch, value);
}

/** VAE: the `latent-kl` artifact (KL per dimension, active units, collapse warning). */
export function writeLatentKl(ctx: ArtifactContext, epoch: number, klPerDimension: number[]): void {
  write(ctx, VAE_DENOISING_ARTIFACTS.latentKl, epoch, latentKlReport(klPerDimension, epoch));
}

/** Denoising: the `denoising` artifact, the noise-level sweep of the trained model on the validation split. */
export async function writeDenoisingSweep(ctx: ArtifactContext, val: Split, binary: boolean, epoch: number): Promise<void> {
  const denoising = ctx.config.denoising;
  if (!denoising || epoch <= 0) return;
  const x = tf.tensor(val.x, [val.n, ...ctx.sampleShape]);
  try {
    const report = await denoisingSweep({
      autoencoder: ctx.models.autoencoder,
      denoising,
      x,
      labels: Array.from({ length: val.n }, (_, i) => (val.labels ? val.labels[i]! : null)),
      loss: ctx.config.training.loss,
      binary,
      seed: ctx.config.training.seed,
      epoch,
    });
    write(ctx, VAE_DENOISING_ARTIFACTS.denoising, epoch, report);
  } finally {
    x.dispose();
  }
}
