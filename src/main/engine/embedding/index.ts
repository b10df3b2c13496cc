/**
 * 2-D embeddings of latent codes beside PCA: UMAP (umap-js) and t-SNE, both seeded so that the same
 * codes and seed draw the same map. Run in a worker (embed-worker.ts), never on the main thread.
 */
import { UMAP } from 'umap-js';
import { seededRandom } from '../../../shared/random.js';
import { tsne } from './tsne.js';

import type { EmbeddingMethod } from '../../../shared/embedding.js';

export type { EmbeddingMethod };

export interface EmbedOptions {
  seed: number;
  onProgress?: (fraction: number) => void;
}

export function embedCodes(codes: number[][], method: EmbeddingMethod, options: EmbedOptions): [number, number][] {
  if (method === 'tsne') return tsne(codes, { seed: options.seed, onProgress: options.onProgress });
  if (codes.length < 3) return codes.map((_, i): [number, number] => [i, 0]);
  const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(15, codes.length - 1), minDist: 0.1, random: seededRandom(options.seed) });
  const epochs = umap.initializeFit(codes);
  for (let epoch = 0; epoch < epochs; epoch++) {
    umap.step();
    if (epoch % 10 === 9) options.onProgress?.((epoch + 1) / epochs);
  }
  return umap.getEmbedding().map((p): [number, number] => [p[0]!, p[1]!]);
}
