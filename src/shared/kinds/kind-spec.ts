/**
 * What a model kind is, in one typed record per kind (src/shared/kinds/registry.ts): the metrics it
 * records, the parts its checkpoint holds, what it can do, its defaults and its artifacts. Every
 * place that behaves differently per kind asks its spec instead of comparing kind names.
 * Pure module: no Node, no DOM, no electron.
 */
import type { ArtifactKind } from '../artifacts.js';
import type { MetricName, ModelConfig, ModelKind } from '../config.js';

/** The parts a checkpoint may hold; "decode a latent vector" is always the `decoder` part. */
export const CHECKPOINT_PARTS = ['autoencoder', 'encoder', 'decoder', 'discriminator'] as const;
export type CheckpointPart = (typeof CHECKPOINT_PARTS)[number];

/** The model config of one kind. */
export type ModelConfigOf<K extends ModelKind> = Extract<ModelConfig, { kind: K }>;

/** A latent prior: its distribution and the size of a code. */
export interface LatentPrior {
  distribution: 'normal' | 'uniform';
  latent: number;
}

/** What a conditional model is conditioned on: a one-hot class label of `classes` values, fed to its encoder and decoder beside their usual input. */
export interface Conditioning {
  classes: number;
}

export interface KindCapabilities {
  /** Reconstructs its input: reconstruction metrics and the live reconstruction gallery. */
  reconstructs: boolean;
  /** Records the KL of each latent dimension (the `latent-kl` artifact, collapse warning). */
  latentKl: boolean;
  /** Can train on corrupted inputs (a `denoising` section). */
  denoising: boolean;
  /** Can score anomalies by reconstruction error (an `anomaly` section). */
  anomalyScoring: boolean;
  /** Its checkpoint has an encoder, so the latent lab's encoding tools (codes of samples, activations) work; without one only the decoding tools do. */
  encodes: boolean;
}

export interface KindSpec<K extends ModelKind = ModelKind> {
  kind: K;
  /** For messages: "a dense autoencoder", "a GAN". */
  description: string;
  capabilities: KindCapabilities;
  /** Metrics recorded per epoch on both splits; `binaryOnly` ones only on binary datasets. */
  metrics: { always: readonly MetricName[]; binaryOnly: readonly MetricName[] };
  /** The metric behind `loss` (a GAN's loss is its generator loss), for labels. */
  lossMetric: MetricName;
  /** The parts its checkpoint holds. */
  checkpointParts: readonly CheckpointPart[];
  /** Artifacts a run of this kind writes whatever its settings (denoising and anomaly add theirs). */
  artifacts: readonly ArtifactKind[];
  /**
   * The prior a model of this kind decodes samples of (prior samples at every epoch, generative
   * quality from the prior); null without one (generative quality then fits a Gaussian to the codes).
   */
  prior: ((model: ModelConfigOf<K>) => LatentPrior) | null;
  /**
   * The class label a model of this kind is conditioned on (its encoder, decoder and autoencoder
   * then take the one-hot label as a second input; it trains only on labelled data); null for
   * unconditional kinds.
   */
  conditioning: ((model: ModelConfigOf<K>) => Conditioning) | null;
  /** A new model of this kind, as the run form starts it. */
  defaults(): ModelConfigOf<K>;
}

/** The metrics of reconstructing models. */
export const RECONSTRUCTION_METRICS = {
  always: ['loss', 'mse', 'mae', 'bce', 'binaryAccuracy', 'psnr'],
  binaryOnly: ['maxWrongPixels', 'meanWrongPixels'],
} as const satisfies KindSpec['metrics'];
