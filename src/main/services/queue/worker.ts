/**
 * A queue worker (`latent-lab worker`): takes members from the queue and trains each with the same
 * training thread the local scheduler starts (run-worker.ts), in a scratch folder; forwards every
 * message, in order, to the owner's stream, with the artifacts' files; announces itself with a
 * heartbeat (host, backend and why, cores, what it trains, throughput). It opens no database: the
 * owner is the one writer of its store.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DelayedError, Worker as BullWorker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { BackendReport, Settings } from '../../../shared/api.js';
import type { RunWorkerMessage } from '../run-protocol.js';
import { startWorkerThread } from '../run-scheduler.js';
import { readTrainingStateHeader } from '../../engine/training-state-files.js';
import { packArtifact, unpackArtifact } from './artifact-files.js';
import { checkReachable, connect, describeQueue, parseQueueUrl } from './connection.js';
import {
  cancelKey,
  checkpointKey,
  eventsKey,
  KEY_PREFIX,
  MEMBERS_QUEUE,
  progressChannel,
  QUEUE_PROTOCOL,
  workerKey,
  type CheckpointPayload,
  type MemberEvent,
  type MemberEventBody,
  type MemberJob,
  type WorkerHeartbeat,
  type WorkerIdentity,
} from './protocol.js';
import pkg from '../../../../package.json' with { type: 'json' };

export interface QueueWorkerOptions {
  url: string;
  /** Members trained at the same time. */
  concurrency: number;
  backend: Settings['backend'];
  /** Default: host name and process id. */
  name?: string;
  /** This machine's data directory: its dataset cache and the scratch folders of members. */
  home: string;
  resourcesDir: string;
  /** How long a worker that stopped answering keeps a member before the queue gives it to another. */
  lockMs?: number;
  log: (line: string) => void;
}

interface Busy {
  ownerId: string;
  runId: number;
  name: string;
  epoch: number;
  epochsPlanned: number;
  attempt: number;
  lastBatch: number;
}

const HEARTBEAT_MS = 2000;

/**
 * Claims the member's checkpoint key for attempt ARGV[1] and answers the checkpoint it holds (nil
 * when none). An attempt older than the key's owner claims nothing and gets nil: the queue gave the
 * member to a newer attempt, whose reports the owner keeps.
 */
const CLAIM_CHECKPOINT = `
local owner = tonumber(redis.call('HGET', KEYS[1], 'attempt') or '-1')
if tonumber(ARGV[1]) < owner then return false end
redis.call('HSET', KEYS[1], 'attempt', ARGV[1])
redis.call('EXPIRE', KEYS[1], 604800)
return redis.call('HGET', KEYS[1], 'state')`;

/** Adds the stream entry ARGV[1]; keeps the checkpoint ARGV[3] in the key when attempt ARGV[2] still owns it. One step, so both agree. */
const SEND_CHECKPOINT = `
redis.call('XADD', KEYS[1], '*', 'e', ARGV[1])
local owner = tonumber(redis.call('HGET', KEYS[2], 'attempt') or '-1')
if tonumber(ARGV[2]) >= owner then
  redis.call('HSET', KEYS[2], 'attempt', ARGV[2], 'state', ARGV[3])
  redis.call('EXPIRE', KEYS[2], 604800)
end
return 1`;

/** Drops the checkpoint key once the member ended, unless a newer attempt owns it. */
const DROP_CHECKPOINT = `
local owner = tonumber(redis.call('HGET', KEYS[1], 'attempt') or '-1')
if tonumber(ARGV[1]) >= owner then redis.call('DEL', KEYS[1]) end
return 1`;

export class QueueWorker {
  readonly identity: WorkerIdentity;
  private readonly redis: Redis;
  private bull: BullWorker<MemberJob> | null = null;
  private backend: BackendReport | null = null;
  private readonly busy = new Map<string, Busy>();
  private readonly epochTimes: number[] = [];
  private readonly sampleLog: { at: number; samples: number }[] = [];
  private membersDone = 0;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly startedAt = new Date().toISOString();
  private refusal: ((message: string) => void) | null = null;
  /** Resolves with a message when the worker refused a member of another protocol and stopped. */
  readonly refused = new Promise<string>((resolve) => (this.refusal = resolve));

  constructor(private readonly options: QueueWorkerOptions) {
    const host = os.hostname();
    this.identity = {
      id: `${host}-${process.pid}-${randomBytes(3).toString('hex')}`,
      name: options.name ?? `${host}-${process.pid}`,
      host,
      pid: process.pid,
      version: pkg.version,
      protocol: QUEUE_PROTOCOL,
      cores: os.availableParallelism(),
    };
    this.redis = connect(options.url, `latent-lab-worker-${this.identity.name}`);
  }

  async start(): Promise<void> {
    await checkReachable(this.options.url);
    // The backend is chosen here once, to report it; each member's thread chooses the same way.
    const { initBackend } = await import('../../engine/backend.js');
    this.backend = (await initBackend(this.options.backend)).report;
    const lockMs = this.options.lockMs ?? 30_000;
    this.bull = new BullWorker<MemberJob>(MEMBERS_QUEUE, (job, token) => this.process(job, token), {
      connection: parseQueueUrl(this.options.url).options,
      prefix: KEY_PREFIX,
      concurrency: this.options.concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      // A member whose worker died is given to another worker up to this many times.
      maxStalledCount: 3,
    });
    this.bull.on('error', (error) => this.options.log(`queue error: ${error.message}`));
    await this.sendHeartbeat();
    this.heartbeat = setInterval(() => void this.sendHeartbeat().catch(() => undefined), HEARTBEAT_MS);
    const b = this.backend;
    this.options.log(
      `worker ${this.identity.name} (host ${this.identity.host}, ${this.identity.cores} cores, Latent Lab ${pkg.version}) joined the queue at ${describeQueue(this.options.url)}`,
    );
    this.options.log(`backend ${b.backend} (${b.package}${b.gpu ? ', GPU' : ''}): ${backendWhy(b, this.options.backend)}`);
    this.options.log(`training up to ${this.options.concurrency} member(s) at a time`);
  }

  /** Stop taking members; with `graceful`, let the ones in training finish first. */
  async close(graceful: boolean): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.bull?.close(!graceful).catch(() => undefined);
    await this.redis.del(workerKey(this.identity.id)).catch(() => undefined);
    this.redis.disconnect();
  }

  get activeCount(): number {
    return this.busy.size;
  }

  private async process(job: Job<MemberJob>, token?: string): Promise<{ status: string }> {
    const data = job.data;
    if (data.protocol !== QUEUE_PROTOCOL) return this.refuse(job, token);
    // A member queued again by `resume` is a new job: its attempts count after the earlier jobs'.
    const attempt = (data.attemptBase ?? 0) + job.attemptsStarted;
    const jobId = job.id!;
    const key = `${jobId}#${attempt}`;
    // Where it continues: the checkpoint an earlier attempt of this job left in Redis (a worker that
    // died), else the owner's checkpoint the job carries (a resume), else epoch 1.
    const kept = (await this.redis.eval(CLAIM_CHECKPOINT, 1, checkpointKey(jobId), attempt)) as string | null;
    const resumeFrom: CheckpointPayload | null = kept ? (JSON.parse(kept) as CheckpointPayload) : (data.resumeFrom ?? null);
    const busy: Busy = { ownerId: data.ownerId, runId: data.runId, name: data.name, epoch: 0, epochsPlanned: data.config.training.epochs, attempt, lastBatch: 0 };
    this.busy.set(key, busy);
    const label = `run ${data.runId} "${data.name}" of owner ${data.ownerId.slice(0, 8)} (attempt ${attempt})`;
    this.options.log(`${label}: started`);

    let seq = 0;
    let chain: Promise<unknown> = Promise.resolve();
    const event = (body: MemberEventBody): string =>
      JSON.stringify({ runId: data.runId, jobId, attempt, seq: ++seq, at: new Date().toISOString(), body } satisfies MemberEvent);
    const send = (body: MemberEventBody): void => {
      const entry = event(body);
      chain = chain.then(() => this.redis.xadd(eventsKey(data.ownerId), '*', 'e', entry));
    };
    /** A checkpoint goes to the owner's stream and, in the same step, into the member's checkpoint key. */
    const sendCheckpoint = (body: Extract<MemberEventBody, { type: 'artifact' }>, payload: CheckpointPayload): void => {
      const entry = event(body);
      chain = chain.then(() => this.redis.eval(SEND_CHECKPOINT, 2, eventsKey(data.ownerId), checkpointKey(jobId), entry, attempt, JSON.stringify(payload)));
    };

    const scratch = path.join(this.options.home, 'queue-scratch', `${data.ownerId}-${data.runId}-a${attempt}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    if (resumeFrom) unpackArtifact(scratch, resumeFrom.artifact);
    const resumedFrom = resumeFrom && { epoch: resumeFrom.epoch, batch: resumeFrom.batch, step: resumeFrom.step };
    send({ type: 'start', worker: this.identity, resumedFrom });
    if (resumedFrom) this.options.log(`${label}: continues after epoch ${resumedFrom.epoch}${resumedFrom.batch > 0 ? ` and ${resumedFrom.batch} batches` : ''} (its last checkpoint)`);
    const stopBuffer = new SharedArrayBuffer(4);
    const stopFlag = new Int32Array(stopBuffer);
    const thread = startWorkerThread({
      runId: data.runId,
      config: data.config,
      dataDir: this.options.home,
      resourcesDir: this.options.resourcesDir,
      backend: this.options.backend,
      stopFlag: stopBuffer,
      gallerySize: data.gallerySize,
      // Per-step points do not travel through the queue yet: the bar's progress is read by time.
      stepPointsPerEpoch: 0,
      runDir: scratch,
      resume: resumeFrom !== null,
    });
    let done: Extract<RunWorkerMessage, { type: 'done' }> | null = null;
    let lastProgress = 0;
    thread.on('message', (message: RunWorkerMessage) => {
      switch (message.type) {
        case 'progress': {
          this.countSamples(busy, message.epoch, message.batch, message.batchesPerEpoch, data.config.training.batchSize);
          const now = Date.now();
          if (now - lastProgress < 200) return;
          lastProgress = now;
          const { epoch, batch, batchesPerEpoch, loss } = message;
          void this.redis.publish(progressChannel(data.ownerId), JSON.stringify({ runId: data.runId, attempt, epoch, batch, batchesPerEpoch, loss })).catch(() => undefined);
          return;
        }
        case 'artifact': {
          const absolute = path.join(this.options.home, message.relPath);
          try {
            const body = { type: 'artifact', kind: message.kind, epoch: message.epoch, artifact: packArtifact(absolute, path.relative(scratch, absolute)) } as const;
            const header = message.kind === 'model' ? readTrainingStateHeader(absolute) : null;
            if (header) sendCheckpoint(body, { epoch: header.epoch, batch: header.batch, step: header.step, artifact: body.artifact });
            else send(body);
          } catch (error) {
            // Replaced while we read it: the next one carries the newer state.
            this.options.log(`${label}: artifact ${message.kind} skipped (${(error as Error).message})`);
          }
          return;
        }
        case 'epoch':
          busy.epoch = message.epoch;
          this.epochTimes.push(Date.now());
          send({ type: 'run', message });
          return;
        case 'done':
          done = message;
          send({ type: 'run', message });
          return;
        default:
          send({ type: 'run', message });
      }
    });
    const cancelPoll = setInterval(() => {
      void this.redis.exists(cancelKey(jobId)).then((n) => n && Atomics.store(stopFlag, 0, 1)).catch(() => undefined);
    }, 1000);
    const exitCode = await new Promise<number>((resolve) => {
      thread.on('error', () => undefined);
      thread.on('exit', resolve);
    });
    clearInterval(cancelPoll);
    if (!done) {
      done = { type: 'done', status: 'failed', error: `the training thread on worker ${this.identity.name} exited unexpectedly (code ${exitCode})`, finalMetrics: { train: {}, val: {} } };
      send({ type: 'run', message: done });
    }
    await chain;
    // The member ended (the owner holds its last checkpoint): a later resume brings its own.
    await this.redis.eval(DROP_CHECKPOINT, 1, checkpointKey(jobId), attempt).catch(() => undefined);
    fs.rmSync(scratch, { recursive: true, force: true });
    this.busy.delete(key);
    this.membersDone += 1;
    const finished: Extract<RunWorkerMessage, { type: 'done' }> = done;
    this.options.log(`${label}: ${finished.status}${finished.error ? ` (${finished.error})` : ''}`);
    return { status: finished.status };
  }

  /** A member from an owner of another protocol: leave it to a compatible worker, tell both sides, stop. */
  private async refuse(job: Job<MemberJob>, token?: string): Promise<never> {
    const data = job.data;
    const reason =
      `the owner speaks queue protocol ${data.protocol} (Latent Lab ${data.ownerVersion}), this worker ${QUEUE_PROTOCOL} (Latent Lab ${pkg.version}); ` +
      `install Latent Lab ${data.ownerVersion} on ${this.identity.host}`;
    const event: MemberEvent = { runId: data.runId, jobId: job.id!, attempt: 0, seq: 0, at: new Date().toISOString(), body: { type: 'refused', worker: this.identity, reason } };
    if (typeof data.ownerId === 'string') await this.redis.xadd(eventsKey(data.ownerId), '*', 'e', JSON.stringify(event));
    await job.moveToDelayed(Date.now() + 5000, token);
    const message = `refused run ${data.runId} of owner ${String(data.ownerId).slice(0, 8)}: ${reason}; it stays in the queue for a compatible worker`;
    this.refusal?.(message);
    throw new DelayedError();
  }

  private countSamples(busy: Busy, epoch: number, batch: number, batchesPerEpoch: number, batchSize: number): void {
    const index = (epoch - 1) * batchesPerEpoch + batch;
    const batches = Math.max(0, index - busy.lastBatch);
    busy.lastBatch = index;
    this.sampleLog.push({ at: Date.now(), samples: batches * batchSize });
  }

  private async sendHeartbeat(): Promise<void> {
    const now = Date.now();
    while (this.epochTimes.length && now - this.epochTimes[0]! > 60_000) this.epochTimes.shift();
    while (this.sampleLog.length && now - this.sampleLog[0]!.at > 30_000) this.sampleLog.shift();
    const window = Math.min(30, (now - Date.parse(this.startedAt)) / 1000);
    const samples = this.sampleLog.reduce((sum, s) => sum + s.samples, 0);
    const heartbeat: WorkerHeartbeat = {
      ...this.identity,
      backend: this.backend!,
      concurrency: this.options.concurrency,
      startedAt: this.startedAt,
      at: new Date(now).toISOString(),
      busy: [...this.busy.values()].map(({ ownerId, runId, name, epoch, epochsPlanned, attempt }) => ({ ownerId, runId, name, epoch, epochsPlanned, attempt })),
      membersDone: this.membersDone,
      epochsPerMinute: Math.round((this.epochTimes.length / Math.max(5, Math.min(60, (now - Date.parse(this.startedAt)) / 1000))) * 600) / 10,
      samplesPerSecond: window > 0 ? Math.round(samples / window) : 0,
    };
    await this.redis.set(workerKey(this.identity.id), JSON.stringify(heartbeat), 'EX', 30);
  }
}

/** Why this backend: forced, or the more-preferred ones that could not load. */
export function backendWhy(report: BackendReport, wanted: Settings['backend']): string {
  if (wanted !== 'auto') return `forced with --backend ${wanted}`;
  if (report.skipped.length === 0) return 'the first choice of the preference order';
  return `chosen after ${report.skipped.map((s) => `${s.candidate}: ${s.reason}`).join('; ')}`;
}
