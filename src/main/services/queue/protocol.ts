/**
 * What owners and workers say to each other through Redis. Members travel as BullMQ jobs on one
 * queue; everything a worker produces for a member travels back, in order, as entries of the
 * owner's Redis stream (durable, ordered, read from the last applied id); batch progress, which may
 * be lost, goes over pub/sub. Workers announce themselves with a heartbeat key that expires.
 *
 * Bump QUEUE_PROTOCOL whenever a job's or an event's shape changes: a worker refuses members from
 * an owner that speaks another protocol, and says so on both sides.
 */
import type { BackendReport } from '../../../shared/api.js';
import type { RunConfig } from '../../../shared/config.js';
import type { RunWorkerMessage } from '../run-protocol.js';

/** 2: members continue from their last checkpoint (a job's `resumeFrom`, the checkpoint key, `start.resumedFrom`). */
export const QUEUE_PROTOCOL = 2;
/** BullMQ key prefix and the queue of members. */
export const KEY_PREFIX = 'latent-lab';
export const MEMBERS_QUEUE = 'members';

export const eventsKey = (ownerId: string): string => `${KEY_PREFIX}:events:${ownerId}`;
export const progressChannel = (ownerId: string): string => `${KEY_PREFIX}:progress:${ownerId}`;
export const workerKey = (workerId: string): string => `${KEY_PREFIX}:worker:${workerId}`;
export const WORKER_KEY_PATTERN = `${KEY_PREFIX}:worker:*`;
export const cancelKey = (jobId: string): string => `${KEY_PREFIX}:cancel:${jobId}`;
/**
 * A hash holding a member's last checkpoint (`state`: a CheckpointPayload as JSON) and the attempt
 * that owns it (`attempt`): a worker that takes the member claims it, so a worker the queue gave up
 * on cannot overwrite the checkpoint of the one that took over. Its stream entries hold the same
 * checkpoint; the key lets the next worker continue from it when the owner is away.
 */
export const checkpointKey = (jobId: string): string => `${KEY_PREFIX}:checkpoint:${jobId}`;
/** BullMQ refuses ':' in custom job ids. */
export const memberJobId = (ownerId: string, runId: number): string => `${ownerId}-${runId}`;

/** A member of a sweep (or a single run) as queued by its owner. Holds no credentials. */
export interface MemberJob {
  protocol: number;
  /** Latent Lab version of the owner, for messages. */
  ownerVersion: string;
  ownerId: string;
  runId: number;
  /** The run's name in the owner's store (the workers view shows it). */
  name: string;
  config: RunConfig;
  gallerySize: number;
  /**
   * Added to BullMQ's attempt count: a member queued again by `resume` is a new job, whose attempts
   * must count after those of the jobs before it (their late reports are then dropped).
   */
  attemptBase: number;
  /** The owner's last checkpoint of the member, with its training state: the worker continues from it. Null: from epoch 1. */
  resumeFrom: CheckpointPayload | null;
}

/** A checkpoint (the run's `model` folder with its training state) and where it stands. */
export interface CheckpointPayload {
  epoch: number;
  batch: number;
  step: number;
  artifact: ArtifactFiles;
}

/** Who trains a member: recorded on the run by the owner. */
export interface WorkerIdentity {
  id: string;
  name: string;
  host: string;
  pid: number;
  version: string;
  protocol: number;
  cores: number;
}

/** Files of one artifact (a file, or a folder such as a model checkpoint), base64. */
export interface ArtifactFiles {
  /** Path of the artifact inside the run's folder, e.g. `model` or `reconstructions.json`. */
  name: string;
  isDirectory: boolean;
  /** Paths relative to the artifact (empty string for a single file). */
  files: { path: string; base64: string }[];
}

export type MemberEventBody =
  /**
   * A worker took the member: attempt 1, or more after BullMQ re-queued a stalled one.
   * `resumedFrom`: it continues from that checkpoint (the owner keeps the epochs up to it), else from epoch 1.
   */
  | { type: 'start'; worker: WorkerIdentity; resumedFrom: { epoch: number; batch: number; step: number } | null }
  | { type: 'run'; message: Exclude<RunWorkerMessage, { type: 'progress' } | { type: 'artifact' }> }
  | { type: 'artifact'; kind: string; epoch: number; artifact: ArtifactFiles }
  /** A worker that speaks another protocol left the member in the queue. */
  | { type: 'refused'; worker: WorkerIdentity; reason: string };

/** One entry of the owner's stream. `(attempt, seq)` makes applying it idempotent. */
export interface MemberEvent {
  runId: number;
  jobId: string;
  /** BullMQ's attemptsStarted when the worker took the job (1, 2, …); 0 for `refused`. */
  attempt: number;
  /** 1, 2, … within an attempt. */
  seq: number;
  /** When the worker sent it (ISO 8601): the run's times and history are the worker's, even when the owner applies them later. */
  at: string;
  body: MemberEventBody;
}

/** Batch progress over pub/sub (lossy). */
export interface MemberProgress {
  runId: number;
  attempt: number;
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
}

/** The value of a worker's heartbeat key. */
export interface WorkerHeartbeat extends WorkerIdentity {
  backend: BackendReport;
  concurrency: number;
  startedAt: string;
  at: string;
  busy: { ownerId: string; runId: number; name: string; epoch: number; epochsPlanned: number; attempt: number }[];
  membersDone: number;
  epochsPerMinute: number;
  samplesPerSecond: number;
}
