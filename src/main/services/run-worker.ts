/**
 * Training worker entry: one run per worker thread. It starts reading the run's dataset first, then
 * imports the engine (tfjs, the backend, the model kinds; run-training.ts), so the files' reads and
 * gunzips in libuv's thread pool overlap the import instead of following it. Everything else,
 * errors of the load included, is run-training.ts's.
 */
import { workerData } from 'node:worker_threads';
import { DatasetRegistry } from '../datasets/registry.js';
import type { RunWorkerInput } from './run-protocol.js';

const { config, dataDir, resourcesDir } = workerData as RunWorkerInput;
const loading = new DatasetRegistry({ dataDir, resourcesDir }).load(config.dataset.id);
// Awaited, and its error reported, by the run; this only keeps a failure from counting as unhandled before then.
loading.catch(() => undefined);
const { runTraining } = await import('./run-training.js');
await runTraining(loading);
