/**
 * The training worker's run (its entry is run-worker.ts): selects the compute backend while the
 * dataset the entry started loading arrives, trains, writes checkpoints and the live reconstruction
 * gallery atomically, and reports to the scheduler through RunWorkerMessage. Never touches the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { ReconstructionSet } from '../../shared/api.js';
import { prepareSplits } from '../datasets/split.js';
import { initBackend } from '../engine/backend.js';
import { summarizeArchitecture } from '../engine/architecture.js';
import { openKindSession, type KindSession } from '../engine/kinds/index.js';
import { fit, loopSettingsOf } from '../engine/loop/fit.js';
import { checkpointSource, saveModels } from '../engine/persistence.js';
import { encodeTrainingState, readTrainingState } from '../engine/training-state-files.js';
import type { TrainingState } from '../engine/loop/training-state.js';
import { reconstruct } from '../engine/inference.js';
import type { LoadedDataset, Split } from '../datasets/types.js';
import { runDir } from '../store/paths.js';
import { anomalyScorer } from './anomaly-scoring.js';
import type { RunWorkerCommand, RunWorkerInput, RunWorkerMessage } from './run-protocol.js';
import { publishArtifact, writeDenoisingSweep, writeLatentKl, writePriorSamples, type ArtifactContext } from './artifact-writers.js';
import { progressMessages } from './step-points.js';

const input = workerData as RunWorkerInput;
const post = (message: RunWorkerMessage): void => parentPort!.postMessage(message);

/** The last epoch the main side committed (input.ackEpochs), and who waits for a later one. */
let committedEpoch = 0;
const commitWaiters: (() => void)[] = [];
parentPort!.on('message', (command: RunWorkerCommand) => {
  if (command.type !== 'epochCommitted') return;
  committedEpoch = Math.max(committedEpoch, command.epoch);
  commitWaiters.splice(0).forEach((resolve) => resolve());
});
// The port must not keep the worker alive once training is done; it is held only while waiting.
parentPort!.unref();

async function epochCommitted(epoch: number): Promise<void> {
  if (!input.ackEpochs) return;
  parentPort!.ref();
  try {
    while (committedEpoch < epoch) await new Promise<void>((resolve) => commitWaiters.push(resolve));
  } finally {
    parentPort!.unref();
  }
}

/** The training state of the run's checkpoint, for a resume; throws when there is none. */
async function resumeState(dir: string): Promise<TrainingState> {
  const state = readTrainingState(await checkpointSource(path.join(dir, 'model')));
  if (!state) throw new Error('cannot resume: the checkpoint holds no training state');
  committedEpoch = state.epoch;
  return state;
}

/** Trains the run of `workerData` on the dataset `loading` resolves with; posts its `done` message. */
export async function runTraining(loading: Promise<LoadedDataset>): Promise<void> {
  try {
    await train(loading);
  } catch (error: unknown) {
    post({
      type: 'done',
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      finalMetrics: { train: {}, val: {} },
    });
  }
}

async function train(loading: Promise<LoadedDataset>): Promise<void> {
  const { runId, config, dataDir } = input;
  // A queue worker trains in its own scratch folder (the run id is another store's).
  const dir = input.runDir ?? runDir(dataDir, runId);
  const relDir = path.relative(dataDir, dir);
  fs.mkdirSync(dir, { recursive: true });

  // The backend starts (the wasm module compiles, the native addon loads) while the dataset is read.
  const [dataset, { report }] = await Promise.all([loading, initBackend(input.backend)]);
  const { train: trainSplit, val: valSplit, evaluation } = prepareSplits(dataset, config.dataset, config.training.seed, config.anomaly?.normalClasses);
  const sampleShape = dataset.sampleShape;
  post({ type: 'architecture', summary: summarizeArchitecture(config.model, sampleShape) });
  post({ type: 'backend', report });

  const data = { sampleShape, binary: dataset.binary, train: trainSplit, val: valSplit };
  const session = openKindSession(config, data);
  try {
    post(await trainRun(session, { config, dir, relDir, sampleShape, post }, { trainSplit, valSplit, evaluation, dataset }));
  } finally {
    session.dispose();
  }
}

interface RunSplits {
  trainSplit: Split;
  valSplit: Split;
  evaluation: Split | null;
  dataset: LoadedDataset;
}

/** Trains the session's objective in the one loop, writing the artifacts its kind can produce; returns the `done` message. */
async function trainRun(session: KindSession, context: Omit<ArtifactContext, 'autoencoder'>, splits: RunSplits): Promise<Extract<RunWorkerMessage, { type: 'done' }>> {
  const { config, dir, relDir, sampleShape, post } = context;
  const { trainSplit, valSplit, evaluation, dataset } = splits;
  const autoencoder = session.autoencoder;
  // The first validation samples: the fixed set the live gallery shows every epoch.
  const galleryLabels = Array.from({ length: Math.min(input.gallerySize, valSplit.n) }, (_, i) => (valSplit.labels ? valSplit.labels[i]! : null));
  const stopFlag = new Int32Array(input.stopFlag);
  const scoreAnomalies = anomalyScorer({ config, dataset, train: trainSplit, evaluation, dir, relDir, post });
  const artifacts: ArtifactContext = { ...context, autoencoder };

  const writeGallery = async (epoch: number): Promise<void> => {
    if (!autoencoder || galleryLabels.length === 0) return;
    const { inputs, outputs } = await reconstruct(autoencoder.autoencoder, valSplit.x, sampleShape, galleryLabels.length, valSplit.labels);
    const set: ReconstructionSet = { sampleShape, inputs, outputs, labels: galleryLabels };
    publishArtifact(artifacts, 'reconstructions', epoch, set);
  };

  // Per-step metrics: the clock of the progress messages starts just before training.
  const resumeFrom = input.resume ? await resumeState(dir) : undefined;
  const progressMessage = progressMessages(input.stepPointsPerEpoch, Date.now, resumeFrom?.elapsedMs ?? 0);
  const result = await fit({
    resumeFrom,
    objective: session.objective,
    settings: loopSettingsOf(config.training),
    progressPointsPerEpoch: input.stepPointsPerEpoch,
    data: { sampleShape, binary: dataset.binary, train: trainSplit, val: valSplit },
    callbacks: {
      onEpoch: async (epoch, metrics, elapsedMs) => {
        const scored = autoencoder ? await scoreAnomalies(epoch, metrics, autoencoder.autoencoder) : metrics;
        post({ type: 'epoch', epoch, metrics: scored, elapsedMs });
        await writeGallery(epoch);
        if (session.priorSamples) writePriorSamples(artifacts, epoch, await session.priorSamples(), dataset.classNames);
      },
      onLatentKl: (epoch, klPerDimension) => writeLatentKl(artifacts, epoch, klPerDimension),
      onProgress: (epoch, batch, batchesPerEpoch, loss, values) => post(progressMessage(epoch, batch, batchesPerEpoch, loss, values)),
      onCheckpoint: async (epoch, state) => {
        // Never ahead of the store: a resume continues after epochs the run's record holds.
        await epochCommitted(epoch);
        await saveModels(path.join(dir, 'model'), session.checkpointModels, state ? encodeTrainingState(state) : {});
        post({ type: 'artifact', kind: 'model', relPath: path.join(relDir, 'model'), epoch });
      },
      shouldStop: () => Atomics.load(stopFlag, 0) === 1,
    },
  });
  if (result.status === 'completed') await writeDenoisingSweep(artifacts, valSplit, dataset.binary, result.epochsDone);
  return { type: 'done', status: result.status, error: result.error, finalMetrics: result.finalMetrics };
}
