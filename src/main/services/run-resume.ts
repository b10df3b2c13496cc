/**
 * Resume (issue 12): an interrupted or cancelled run continues from the training state of its last
 * checkpoint (engine/loop/training-state.ts) in the same run record. The epochs recorded after that
 * checkpoint are dropped and trained again — training is deterministic, so they come back with the
 * same values — and the curve has neither a gap nor a duplicate epoch. A run that stopped before its
 * first checkpoint starts over from epoch 1 (there is nothing to continue from; the message says so).
 * A checkpoint written before checkpoints kept a training state is refused.
 *
 * Resumed runs train in this process (the local scheduler), whatever the queue setting; a member
 * trained through the queue goes back to the queue, its checkpoint in the job, and a worker
 * continues it (queue/owner.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RESUMABLE_STATUSES, type ResumeInfo, type ResumeRefusal, type ResumeStart, type RunSummary } from '../../shared/api.js';
import { parseRunConfig } from '../../shared/config.js';
import { readTrainingStateHeader, type TrainingStateHeader } from '../engine/training-state-files.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import type { Store } from '../store/index.js';
import { runDir } from '../store/paths.js';
import type { RunScheduler } from './run-scheduler.js';
import type { QueueOwner } from './queue/owner.js';

/** A run that cannot be resumed; the message says why (CLI exit code 1). */
export class ResumeRefusedError extends Error {
  readonly code = 'resume_refused';
  constructor(message: string) {
    super(message);
    this.name = 'ResumeRefusedError';
  }
}

/** Where a resume starts: the checkpoint's header, or null for a restart. */
type ResumePoint = { info: Extract<ResumeInfo, { resumable: true }>; header: TrainingStateHeader | null };

const refuse = (reason: ResumeRefusal, message: string): ResumeInfo => ({ resumable: false, reason, message });

/** The run's checkpoint folder on disk (`model`, or `model.previous` when a crash interrupted a replace); null when there is none. */
function checkpointFolder(dataDir: string, runId: number): string | null {
  const dir = path.join(runDir(dataDir, runId), 'model');
  if (fs.existsSync(dir)) return dir;
  return fs.existsSync(`${dir}.previous`) ? `${dir}.previous` : null;
}

function resumePoint(dataDir: string, run: RunSummary): ResumePoint | ResumeInfo {
  const id = run.id;
  if (!(RESUMABLE_STATUSES as readonly string[]).includes(run.status)) {
    return refuse('status', `run ${id} is ${run.status}: only interrupted or cancelled runs can be resumed`);
  }
  const folder = checkpointFolder(dataDir, id);
  if (!folder) return { info: { resumable: true, restart: true, fromEpoch: 0, fromBatch: 0 }, header: null };
  let header: TrainingStateHeader | null;
  try {
    header = readTrainingStateHeader(folder);
  } catch (error) {
    return refuse('damaged-checkpoint', `run ${id}: ${(error as Error).message}`);
  }
  if (!header) {
    return refuse(
      'old-checkpoint',
      `run ${id}: this run's checkpoint predates resumable checkpoints (it keeps the models but not the optimizer state); ` +
        'export its model or train it again',
    );
  }
  if (header.epoch > run.epochsDone) {
    return refuse('damaged-checkpoint', `run ${id}: its checkpoint (epoch ${header.epoch}) is ahead of the epochs its record holds (${run.epochsDone})`);
  }
  return { info: { resumable: true, restart: false, fromEpoch: header.epoch, fromBatch: header.batch }, header };
}

/** Whether `run` can be resumed, and from where. `queueSet`: whether this process follows a queue (members trained through one resume there). */
export function resumeInfo(store: Store, dataDir: string, run: RunSummary, queueSet = true): ResumeInfo {
  const point = resumePoint(dataDir, run);
  if (!('header' in point)) return point;
  if (!queueSet && store.remote.isRemote(run.id)) return refuse('remote', remoteNeedsQueue(store, run.id));
  return point.info;
}

const remoteNeedsQueue = (store: Store, runId: number): string =>
  `run ${runId} was trained through the queue at ${store.remote.placement(runId)?.queue ?? '?'}: set the queue (--queue URL, or the queue setting) to resume it there`;

/** A run summary with its resume info. */
export function withResumeInfo<R extends RunSummary>(store: Store, dataDir: string, run: R, queueSet = true): R {
  return { ...run, resume: resumeInfo(store, dataDir, run, queueSet) };
}

export interface ResumeContext {
  store: Store;
  dataDir: string;
  datasets: DatasetRegistry;
  scheduler: Pick<RunScheduler, 'enqueue' | 'isActive'>;
  /** The queue this process follows, for members trained through it; null when none is set. */
  queueOwner?: () => Pick<QueueOwner, 'address' | 'isActive' | 'releaseJob' | 'requeue'> | null;
}

/** Queues the run again to continue from its checkpoint (or from the start when it has none). */
export async function resumeRun(context: ResumeContext, runId: number, options: { epochs?: number } = {}): Promise<ResumeStart> {
  const { store, dataDir, datasets, scheduler } = context;
  const run = store.runs.summary(runId);
  if (scheduler.isActive(runId)) throw new ResumeRefusedError(`run ${runId} is already queued or training`);
  const point = resumePoint(dataDir, run);
  if (!('header' in point)) throw new ResumeRefusedError(point.resumable ? `run ${runId} cannot be resumed` : point.message);
  const { info, header } = point;
  if (store.remote.isRemote(runId)) return resumeRemote(context, runId, info, header, options.epochs);
  const config = store.runs.config(runId);
  const epochs = options.epochs;
  checkEpochs(store, runId, info.fromEpoch, epochs);
  // A run stopped after its last checkpoint of the last epoch resumes to end at once as completed.
  const dataset = await datasets.info(config.dataset.id);
  if (!dataset.available) throw new ResumeRefusedError(`dataset ${config.dataset.id} is not available: ${dataset.howToGet ?? 'import it first'}`);
  store.runs.prepareResume(runId, { epochs: info.fromEpoch, steps: header?.step ?? 0 }, epochs);
  scheduler.enqueue(runId, { resume: !info.restart });
  return { run: store.runs.summary(runId), fromEpoch: info.fromEpoch, fromBatch: info.fromBatch, restarted: info.restart };
}

function checkEpochs(store: Store, runId: number, fromEpoch: number, epochs: number | undefined): void {
  if (epochs === undefined) return;
  if (epochs <= fromEpoch) throw new ResumeRefusedError(`--epochs ${epochs}: run ${runId} keeps ${fromEpoch} epochs already; ask for more`);
  // The config with its new length must still be valid (a stopWhen or schedule that names epochs).
  const config = store.runs.config(runId);
  parseRunConfig({ ...config, training: { ...config.training, epochs } });
}

/**
 * A member trained through the queue goes back to it: its finished job leaves the queue, the store
 * keeps the epochs up to the checkpoint, and a new job carries the checkpoint to the next worker.
 */
async function resumeRemote(
  context: ResumeContext,
  runId: number,
  info: ResumePoint['info'],
  header: TrainingStateHeader | null,
  epochs: number | undefined,
): Promise<ResumeStart> {
  const { store } = context;
  const owner = context.queueOwner?.() ?? null;
  if (!owner) throw new ResumeRefusedError(remoteNeedsQueue(store, runId));
  if (owner.isActive(runId)) throw new ResumeRefusedError(`run ${runId} is already queued or training`);
  checkEpochs(store, runId, info.fromEpoch, epochs);
  let attemptBase: number;
  try {
    attemptBase = await owner.releaseJob(runId);
  } catch (error) {
    throw new ResumeRefusedError((error as Error).message);
  }
  store.runs.prepareResume(runId, { epochs: info.fromEpoch, steps: header?.step ?? 0 }, epochs);
  const where = info.restart ? 'from epoch 1 (no checkpoint yet)' : `to continue after epoch ${info.fromEpoch}${info.fromBatch > 0 ? ` and ${info.fromBatch} batches` : ''} (its checkpoint goes with the job)`;
  try {
    await owner.requeue(runId, attemptBase, `queued again on ${owner.address} ${where}`);
  } catch (error) {
    // The owner's check against the queue adds the job again once Redis answers.
    store.remote.addHistory(runId, 'requeued', `could not reach ${owner.address} (${(error as Error).message}); it is queued again once the queue answers`);
  }
  return { run: store.runs.summary(runId), fromEpoch: info.fromEpoch, fromBatch: info.fromBatch, restarted: info.restart };
}
