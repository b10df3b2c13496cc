/** Worker entry: a UMAP or t-SNE embedding of latent codes, posting its progress, then the points. */
import { parentPort, workerData } from 'node:worker_threads';
import { embedCodes, type EmbeddingMethod } from '../engine/embedding/index.js';

export interface EmbedWorkerInput {
  codes: number[][];
  method: EmbeddingMethod;
  seed: number;
}

export type EmbedWorkerMessage =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; points: [number, number][] }
  | { type: 'failed'; error: string };

const input = workerData as EmbedWorkerInput;
const post = (message: EmbedWorkerMessage): void => parentPort!.postMessage(message);
try {
  const points = embedCodes(input.codes, input.method, { seed: input.seed, onProgress: (fraction) => post({ type: 'progress', fraction }) });
  post({ type: 'done', points });
} catch (error) {
  post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
}
