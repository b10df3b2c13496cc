/**
 * Worker side of the per-kind artifacts: the prior samples and the KL per latent dimension at each
 * epoch, and the noise-level sweep of a denoising run once training ended. Files are written
 * atomically under the run folder and announced to the scheduler as `artifact` messages.
 */
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config.js';
import type { Split } from '../datasets/types.js';
import { denoisingSweep } from '../engine/denoising.js';
import type { PriorSampleGrid } from '../engine/kinds/index.js';
import type { AutoencoderModels } from '../engine/models.js';
import { latentKlReport } from '../engine/kinds/vae/vae-math.js';
import type { ArtifactPayloads, JsonArtifactKind } from '../../shared/artifacts.js';
import { writeArtifact } from '../store/artifact-files.js';
import type { RunWorkerMessage } from './run-protocol.js';

export interface ArtifactContext {
  config: RunConfig;
  /** The run's autoencoder views; null when its kind reconstructs nothing. */
  autoencoder: AutoencoderModels | null;
  sampleShape: number[];
  /** The run folder, absolute and relative to the data directory. */
  dir: string;
  relDir: string;
  post(message: RunWorkerMessage): void;
}

/** Writes the `kind` artifact of `epoch` and announces it to the scheduler. */
export function publishArtifact<K extends JsonArtifactKind>(ctx: Pick<ArtifactContext, 'dir' | 'relDir' | 'post'>, kind: K, epoch: number, value: ArtifactPayloads[K]): void {
  const file = writeArtifact(ctx.dir, kind, value);
  ctx.post({ type: 'artifact', kind, relPath: path.join(ctx.relDir, file), epoch });
}

/** Models with a prior: the `samples` artifact, the kind's fixed prior codes through the current decoder. */
export function writePriorSamples(ctx: ArtifactContext, epoch: number, grid: PriorSampleGrid, classNames: readonly string[]): void {
  const rowLabels = grid.rowClasses?.map((k) => classNames[k] ?? String(k));
  publishArtifact(ctx, 'samples', epoch, { sampleShape: ctx.sampleShape, samples: grid.samples, epoch, ...(grid.columns ? { columns: grid.columns } : {}), ...(rowLabels ? { rowLabels } : {}) });
}

/** Latent-variable models: the `latent-kl` artifact (KL per dimension, active units, collapse warning). */
export function writeLatentKl(ctx: ArtifactContext, epoch: number, klPerDimension: number[]): void {
  publishArtifact(ctx, 'latent-kl', epoch, latentKlReport(klPerDimension, epoch));
}

/** Denoising: the `denoising` artifact, the noise-level sweep of the trained model on the validation split. */
export async function writeDenoisingSweep(ctx: ArtifactContext, val: Split, binary: boolean, epoch: number): Promise<void> {
  const denoising = ctx.config.denoising;
  if (!denoising || !ctx.autoencoder || epoch <= 0) return;
  const x = tf.tensor(val.x, [val.n, ...ctx.sampleShape]);
  try {
    const report = await denoisingSweep({
      autoencoder: ctx.autoencoder.autoencoder,
      denoising,
      x,
      labels: Array.from({ length: val.n }, (_, i) => (val.labels ? val.labels[i]! : null)),
      loss: ctx.config.training.loss,
      binary,
      seed: ctx.config.training.seed,
      epoch,
    });
    publishArtifact(ctx, 'denoising', epoch, report);
  } finally {
    x.dispose();
  }
}
