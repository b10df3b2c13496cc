/**
 * The evaluation sweep of a denoising autoencoder: the error of its output (and of the noisy input,
 * as the baseline) against the clean validation samples at each noise level, plus a small gallery
 * of noisy | denoised | clean samples per level.
 */
import * as tf from '@tensorflow/tfjs';
import type { DenoisingGallery, DenoisingLevel, DenoisingReport } from '../../shared/api.js';
import type { DenoisingConfig, LossName } from '../../shared/config.js';
import { corrupt, corruptionLevel, evaluationLevels, noiseSeed, withLevel } from './corruption.js';
import { MetricAccumulator } from './metrics.js';

/** Noise streams of the sweep start here (the trainer's streams are below). */
const SWEEP_STREAM = 100;
/** A small validation split (the 32 font patterns) is repeated until about this many noisy samples are scored at each level. */
export const MIN_SWEEP_SAMPLES = 1024;

export interface SweepArgs {
  autoencoder: tf.LayersModel;
  denoising: DenoisingConfig;
  /** Clean validation samples, [n, ...sample]. */
  x: tf.Tensor;
  labels: (number | null)[];
  loss: LossName;
  binary: boolean;
  seed: number;
  epoch: number;
  /** Samples per gallery. */
  gallerySize?: number;
  batchSize?: number;
}

/** Runs the sweep; reads back once per level. Does not dispose `args.x`. */
export async function denoisingSweep(args: SweepArgs): Promise<DenoisingReport> {
  const { autoencoder, denoising } = args;
  const repeats = Math.max(1, Math.ceil(MIN_SWEEP_SAMPLES / args.x.shape[0]!));
  // Each copy of a sample gets its own noise, so the rates are not those of one draw per pattern.
  const x = repeats > 1 ? tf.tile(args.x, [repeats, ...args.x.shape.slice(1).map(() => 1)]) : args.x;
  const n = x.shape[0]!;
  const batchSize = args.batchSize ?? 256;
  const gallerySize = Math.min(args.gallerySize ?? 8, args.x.shape[0]!);
  const levels: DenoisingLevel[] = [];
  const galleries: DenoisingGallery[] = [];
  try {
    for (const [levelIndex, level] of evaluationLevels(denoising.corruption, denoising.evaluationLevels).entries()) {
      const corruption = withLevel(denoising.corruption, level);
      const denoised = new MetricAccumulator(args.loss, args.binary);
      const noisy = new MetricAccumulator(args.loss, args.binary);
      let gallery: tf.Tensor[] = [];
      try {
        for (let start = 0, index = 0; start < n; start += batchSize, index++) {
          const size = Math.min(batchSize, n - start);
          const kept = tf.tidy(() => {
            const clean = tf.slice(x, start, size);
            const input = corruption ? corrupt(clean, corruption, noiseSeed(args.seed, SWEEP_STREAM + levelIndex, index)) : clean;
            const output = autoencoder.apply(input, { training: false }) as tf.Tensor;
            denoised.add(clean, output);
            noisy.add(clean, input);
            return start === 0 ? [input, output, clean].map((t) => tf.reshape(tf.slice(t, 0, gallerySize), [gallerySize, -1])) : [];
          });
          if (start === 0) gallery = kept;
        }
        const [denoisedValues, noisyValues, ...pictures] = await Promise.all([
          denoised.read(),
          noisy.read(),
          ...gallery.map(async (t) => (await t.array()) as number[][]),
        ]);
        levels.push({ level, denoised: denoisedValues, noisy: noisyValues });
        galleries.push({ level, noisy: pictures[0]!, denoised: pictures[1]!, clean: pictures[2]! });
      } finally {
        denoised.dispose();
        noisy.dispose();
        tf.dispose(gallery);
      }
    }
  } finally {
    if (x !== args.x) x.dispose();
  }
  return {
    corruption: denoising.corruption.kind,
    trainingLevel: corruptionLevel(denoising.corruption),
    epoch: args.epoch,
    sampleShape: x.shape.slice(1),
    samples: n,
    levels,
    galleries,
    labels: args.labels.slice(0, gallerySize),
  };
}
