/**
 * Training worker: one run per worker thread. Loads the dataset, selects the compute backend,
 * trains, writes checkpoints and the live reconstruction gallery atomically, and reports to the
 * scheduler through RunWorkerMessage. Never touches the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { ReconstructionSet } from '../../shared/api.js';
import { prepareSplits } from '../datasets/split.js';
import { DatasetRegistry } from '../datasets/registry.js';
import { initBackend } from '../engine/backend.js';
import { summarizeArchitecture } from '../engine/architecture.js';
import { buildModels, type AutoencoderModels } from '../engine/models.js';
import { saveModels } from '../engine/persistence.js';
import { reconstruct } from '../engine/inference.js';
import { train } from '../engine/trainer.js';
import { writeFileAtomic } from '../store/atomic.js';
import { runGan } from './gan-run.js';
import { runDir } from '../store/paths.js';
import { anomalyScorer } from './anomaly-scoring.js';
import type { RunWorkerInput, RunWorkerMessage } from './run-protocol.js';
import { progressMessages } from './step-points.js';
import { writeDenoisingSweep, writeLatentKl, writePriorSamples, type ArtifactContext } from './vae-denoising-writer.js';

const input = workerData as RunWorkerInput;
const post = (message: RunWorkerMessage): void => parentPort!.postMessage(message);

async function main(): Promise<void> {
  const { runId, config, dataDir, resourcesDir } = input;
  // A queue worker trains in its own scratch folder (the run id is another store's).
  const dir = input.runDir ?? runDir(dataDir, runId);
  const relDir = path.relative(dataDir, dir);
  fs.mkdirSync(dir, { recursive: true });

  const registry = new DatasetRegistry({ dataDir, resourcesDir });
  const dataset = await registry.load(config.dataset.id);
  const { train: trainSplit, val: valSplit, evaluation } = prepareSplits(dataset, config.dataset, config.training.seed, config.anomaly?.normalClasses);
  const sampleShape = dataset.sampleShape;
  post({ type: 'architecture', summary: summarizeArchitecture(config.model, sampleShape) });

  const { report } = await initBackend(input.backend);
  const progressMessage = progressMessages(input.stepPointsPerEpoch);
  post({ type: 'backend', report });

  if (config.model.kind === 'gan') {
    const ganStop = new Int32Array(input.stopFlag);
    const shouldStop = (): boolean => Atomics.load(ganStop, 0) === 1;
    post(await runGan({ config, dir, relDir, sampleShape, binary: dataset.binary, train: trainSplit, val: valSplit, post, shouldStop, stepPointsPerEpoch: input.stepPointsPerEpoch }));
    return;
  }
  const models: AutoencoderModels = buildModels(config.model, sampleShape, config.training.seed);
  // The first validation samples: the fixed set the live gallery shows every epoch.
  const galleryLabels = Array.from({ length: Math.min(input.gallerySize, valSplit.n) }, (_, i) =>
    valSplit.labels ? valSplit.labels[i]! : null,
  );
  const stopFlag = new Int32Array(input.stopFlag);
  const scoreAnomalies = anomalyScorer({ config, dataset, train: trainSplit, evaluation, dir, relDir, post });
  const artifacts: ArtifactContext = { config, models, sampleShape, dir, relDir, post };

  const writeGallery = async (epoch: number): Promise<void> => {
    if (galleryLabels.length === 0) return;
    const { inputs, outputs } = await reconstruct(models.autoencoder, valSplit.x, sampleShape, galleryLabels.length);
    const set: ReconstructionSet = { sampleShape, inputs, outputs, labels: galleryLabels };
    writeFileAtomic(path.join(dir, 'reconstructions.json'), JSON.stringify(set));
    post({ type: 'artifact', kind: 'reconstructions', relPath: path.join(relDir, 'reconstructions.json'), epoch });
  };

  const result = await train({
    progressPointsPerEpoch: input.stepPointsPerEpoch,
    models,
    config,
    data: { sampleShape, binary: dataset.binary, train: trainSplit, val: valSplit },
    callbacks: {
      onEpoch: async (epoch, metrics, elapsedMs) => {
        post({ type: 'epoch', epoch, metrics: await scoreAnomalies(epoch, metrics, models.autoencoder), elapsedMs });
        await writeGallery(epoch);
        await writePriorSamples(artifacts, epoch);
      },
      onLatentKl: (epoch, klPerDimension) => writeLatentKl(artifacts, epoch, klPerDimension),
      onProgress: (epoch, batch, batchesPerEpoch, loss) => post(progressMessage(epoch, batch, batchesPerEpoch, loss)),
      onCheckpoint: async (epoch) => {
        await saveModels(path.join(dir, 'model'), models);
        post({ type: 'artifact', kind: 'model', relPath: path.join(relDir, 'model'), epoch });
      },
      shouldStop: () => Atomics.load(stopFlag, 0) === 1,
    },
  });
  if (result.status === 'completed') await writeDenoisingSweep(artifacts, valSplit, dataset.binary, result.epochsDone);
  post({ type: 'done', status: result.status, error: result.error, finalMetrics: result.finalMetrics });
}

main().catch((error: unknown) => {
  post({
    type: 'done',
    status: 'failed',
    error: error instanceof Error ? error.message : String(error),
    finalMetrics: { train: {}, val: {} },
  });
});
