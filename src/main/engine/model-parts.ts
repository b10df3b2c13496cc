/**
 * The folders of a saved checkpoint, as the model-kind registry names them (KindSpec.checkpointParts).
 * Kept apart from persistence.ts so that code which only copies or lists checkpoints does not load tfjs.
 *
 * Autoencoders (plain and VAE) save `autoencoder`, `encoder` and `decoder`; a GAN saves `decoder`
 * (its generator: latent vector → sample) and `discriminator`. "Decode a latent vector" is always
 * the `decoder` part.
 */
import type { ModelKind } from '../../shared/config.js';
import { CHECKPOINT_PARTS, type CheckpointPart } from '../../shared/kinds/kind-spec.js';
import { KIND_SPECS, MODEL_KINDS } from '../../shared/kinds/registry.js';

/** The parts of an autoencoder checkpoint (the views buildModels() creates). */
export const MODEL_PARTS = ['autoencoder', 'encoder', 'decoder'] as const satisfies readonly CheckpointPart[];
/** Every part any checkpoint may hold, in the order they are written and listed. */
export const ALL_MODEL_PARTS = CHECKPOINT_PARTS;
export type ModelPart = CheckpointPart;

/** The parts a checkpoint of a model of `kind` holds. */
export function modelPartsOf(kind: ModelKind): readonly ModelPart[] {
  return KIND_SPECS[kind].checkpointParts;
}

/** True when the present parts make up the whole checkpoint of some model kind. */
export function isCompleteCheckpoint(present: readonly string[]): boolean {
  return MODEL_KINDS.some((kind) => modelPartsOf(kind).every((part) => present.includes(part)));
}
