/**
 * The folders of a saved checkpoint. Kept apart from persistence.ts so that code which only copies
 * or lists checkpoints does not load tfjs.
 *
 * Autoencoders (plain and VAE) save `autoencoder`, `encoder` and `decoder`; a GAN saves `decoder`
 * (its generator: latent vector → sample) and `discriminator`. "Decode a latent vector" is always
 * the `decoder` part.
 */
import type { ModelKind } from '../../shared/config.js';

/** The parts of an autoencoder checkpoint. */
export const MODEL_PARTS = ['autoencoder', 'encoder', 'decoder'] as const;
/** The parts of a GAN checkpoint. */
export const GAN_MODEL_PARTS = ['decoder', 'discriminator'] as const;
/** Every part any checkpoint may hold, in the order they are written and listed. */
export const ALL_MODEL_PARTS = ['autoencoder', 'encoder', 'decoder', 'discriminator'] as const;
export type ModelPart = (typeof ALL_MODEL_PARTS)[number];

/** The parts a checkpoint of a model of `kind` holds. */
export function modelPartsOf(kind: ModelKind): readonly ModelPart[] {
  return kind === 'gan' ? GAN_MODEL_PARTS : MODEL_PARTS;
}

/**
 * The kind of checkpoint a set of present parts makes up: `autoencoder` when it has all three AE
 * parts, `gan` when it has the generator and the discriminator, null when it is incomplete.
 */
export function checkpointKind(present: readonly string[]): 'autoencoder' | 'gan' | null {
  if (MODEL_PARTS.every((part) => present.includes(part))) return 'autoencoder';
  if (GAN_MODEL_PARTS.every((part) => present.includes(part))) return 'gan';
  return null;
}
