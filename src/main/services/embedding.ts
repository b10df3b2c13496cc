/** Runs an embedding in a worker thread so the main process (and the window it serves) stays responsive. */
import type { EmbeddingMethod } from '../engine/embedding/index.js';
import type { EmbedWorkerInput, EmbedWorkerMessage } from './embed-worker.js';
import { startServiceWorker } from './worker-thread.js';

export function embedInWorker(codes: number[][], method: EmbeddingMethod, seed: number, onProgress: (fraction: number) => void): Promise<[number, number][]> {
  const input: EmbedWorkerInput = { codes, method, seed };
  const worker = startServiceWorker('embed-worker', input);
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: EmbedWorkerMessage) => {
      if (message.type === 'progress') onProgress(message.fraction);
      else {
        settled = true;
        void worker.terminate();
        if (message.type === 'done') resolve(message.points);
        else reject(new Error(`${method} embedding failed: ${message.error}`));
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the ${method} worker exited unexpectedly (code ${code})`));
      settled = true;
    });
  });
}
