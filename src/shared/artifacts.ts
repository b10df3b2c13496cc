/**
 * The artifacts a run writes beside its database record (files under the run folder), typed by
 * kind: each JSON artifact kind has one payload type and one empty value (what a reader gets before
 * the run wrote it). The store writes and reads them through one pair of functions
 * (src/main/store/artifact-files.ts); LabApi serves them as `runs.artifact(runId, kind)`.
 * Pure module: no Node, no DOM, no electron.
 */
import type { AnomalyReport, DenoisingReport, GeneratedSamples, LatentKlReport, ReconstructionSet } from './api.js';
import type { RunConfig } from './config.js';

/** The payload of each JSON artifact kind. */
export interface ArtifactPayloads {
  /** The live gallery: the model's reconstructions of fixed validation samples (latest epoch). */
  reconstructions: ReconstructionSet;
  /** Fixed prior codes through the decoder (models with a prior). */
  samples: GeneratedSamples;
  /** The KL of each latent dimension at the latest validation epoch (latent-variable models). */
  'latent-kl': LatentKlReport;
  /** The noise-level sweep once training ended (denoising runs). */
  denoising: DenoisingReport;
  /** Scores, curves and galleries at the latest validation epoch (anomaly runs). */
  anomaly: AnomalyReport;
}

/** The JSON artifact kinds, one file each. */
export const JSON_ARTIFACT_KINDS = ['reconstructions', 'samples', 'latent-kl', 'denoising', 'anomaly'] as const satisfies readonly (keyof ArtifactPayloads)[];
export type JsonArtifactKind = (typeof JSON_ARTIFACT_KINDS)[number];

/** Every artifact kind a run may have: the JSON ones and the `model` checkpoint folder. */
export const ARTIFACT_KINDS = ['model', ...JSON_ARTIFACT_KINDS] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** The file name of a JSON artifact in its run folder. */
export const artifactFile = (kind: JsonArtifactKind): string => `${kind}.json`;

const EMPTY: { readonly [K in JsonArtifactKind]: (config: RunConfig) => ArtifactPayloads[K] } = {
  reconstructions: () => ({ sampleShape: [], inputs: [], outputs: [], labels: [] }),
  samples: () => ({ sampleShape: [], samples: [], epoch: null }),
  'latent-kl': () => ({ epoch: null, klPerDimension: [], activeUnits: 0, threshold: 0.01, collapsed: false, warning: null }),
  denoising: () => ({ corruption: '', trainingLevel: 0, epoch: null, sampleShape: [], samples: 0, levels: [], galleries: [], labels: [] }),
  anomaly: (config) => ({
    epoch: null,
    sampleShape: [],
    score: config.anomaly?.score ?? 'mse',
    normalClasses: config.anomaly?.normalClasses ?? [],
    evaluationSplit: 'test',
    scores: [],
    labels: [],
    isAnomaly: [],
    trainNormalErrors: [],
    threshold: config.anomaly?.threshold ?? { mode: 'meanStd', k: 3 },
    thresholdValue: Number.NaN,
    worst: [],
    normalExamples: [],
  }),
};

/** What a reader of `kind` gets before the run wrote it (epoch null, empty lists). */
export function emptyArtifact<K extends JsonArtifactKind>(kind: K, config: RunConfig): ArtifactPayloads[K] {
  return EMPTY[kind](config);
}

/** Why a run of `config` can never have a `kind` artifact, for asking it anyway; null when it can (or the empty value says enough). */
export function artifactRefusal(kind: JsonArtifactKind, config: RunConfig): string | null {
  return REFUSALS[kind]?.(config) ?? null;
}

const REFUSALS: { readonly [K in JsonArtifactKind]?: (config: RunConfig) => string | null } = {
  anomaly: (config) => (config.anomaly ? null : 'is not an anomaly-detection run (its config has no anomaly settings)'),
};
