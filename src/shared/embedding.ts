/** Nonlinear 2-D maps of latent codes offered beside PCA in the latent lab. Pure module. */
export const EMBEDDING_METHODS = ['umap', 'tsne'] as const;
export type EmbeddingMethod = (typeof EMBEDDING_METHODS)[number];
