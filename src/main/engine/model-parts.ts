/**
 * The folders of a saved autoencoder checkpoint. Kept apart from persistence.ts so that code which
 * only copies or lists checkpoints does not load tfjs.
 */
export const MODEL_PARTS = ['autoencoder', 'encoder', 'decoder'] as const;
export type ModelPart = (typeof MODEL_PARTS)[number];
