/**
 * The artifacts a run writes beside its database record (files under the run folder).
 * Pure module: no Node, no DOM, no electron.
 */

/** Every artifact kind a run may have. */
export const ARTIFACT_KINDS = ['model', 'reconstructions', 'samples', 'latent-kl', 'denoising', 'anomaly'] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];
