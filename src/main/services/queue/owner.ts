/**
 * The owner's side of the queue: puts members on it as BullMQ jobs and applies what workers send
 * back to the store, staying its one writer. Every entry of the owner's stream is applied in one
 * transaction that also records the stream position and the member's (attempt, seq), so entries
 * are applied exactly once and in order, whether the owner, a worker or Redis restarts meanwhile.
 */
import path from 'node:path';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RunStatus } from '../../../shared/api.js';
import { TERMINAL_STATUSES } from '../../../shared/api.js';
import type { Store } from '../../store/index.js';
import { runDir } from '../../store/paths.js';
import type { LabEventBus } from '../events.js';
import { readTrainingStateHeader } from '../../engine/training-state-files.js';
import { packArtifact, unpackArtifact } from './artifact-files.js';
import { checkReachable, connect, describeQueue, parseQueueUrl } from './connection.js';
import {
  cancelKey,
  checkpointKey,
  eventsKey,
  KEY_PREFIX,
  MEMBERS_QUEUE,
  memberJobId,
  progressChannel,
  QUEUE_PROTOCOL,
  type CheckpointPayload,
  type MemberEvent,
  type MemberJob,
  type MemberProgress,
} from './protocol.js';
import pkg from '../../../../package.json' with { type: 'json' };

export interface QueueOwnerOptions {
  url: string;
  dataDir: string;
  /** Grace period between a cancel request and giving up on the worker's answer. */
  hardStopMs?: number;
  /** How often unfinished members are checked against the queue (a job lost or failed by BullMQ). */
  reconcileMs?: number;
}

const describeWorker = (w: { name: string; host: string }): string => `${w.name} (${w.host})`;

export class QueueOwner {
  readonly address: string;
  readonly ownerId: string;
  private readonly queue: Queue<MemberJob>;
  private readonly commands: Redis;
  private readonly reader: Redis;
  private readonly subscriber: Redis;
  private readonly waiters = new Map<number, ((status: RunStatus) => void)[]>();
  private readonly hardStops = new Map<number, NodeJS.Timeout>();
  private disposed = false;
  private loop: Promise<void> | null = null;
  private lastReconcile = 0;
  private problem: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly events: LabEventBus,
    private readonly options: QueueOwnerOptions,
  ) {
    this.address = describeQueue(options.url);
    this.ownerId = store.remote.ownerId();
    const { options: redisOptions } = parseQueueUrl(options.url);
    this.queue = new Queue<MemberJob>(MEMBERS_QUEUE, { connection: redisOptions, prefix: KEY_PREFIX });
    this.queue.on('error', () => undefined);
    this.commands = connect(options.url, 'latent-lab-owner');
    this.reader = connect(options.url, 'latent-lab-owner-events');
    this.subscriber = connect(options.url, 'latent-lab-owner-progress');
  }

  /** Check Redis answers, then follow the stream: first what arrived while we were away. */
  async start(): Promise<void> {
    await checkReachable(this.options.url);
    await this.subscriber.subscribe(progressChannel(this.ownerId));
    this.subscriber.on('message', (_channel: string, text: string) => this.onProgress(text));
    await this.drain(false);
    await this.reconcile();
    this.problem = null;
    this.loop = this.follow();
  }

  /** The app keeps running while Redis is away: retry every few seconds, say why once. */
  startInBackground(log: (line: string) => void): void {
    let said = false;
    const attempt = (): void => {
      if (this.disposed) return;
      this.start().catch((error: unknown) => {
        this.problem = (error as Error).message;
        if (!said) log(`${this.problem} (retrying every 5 s)`);
        said = true;
        setTimeout(attempt, 5000).unref();
      });
    };
    attempt();
  }

  /** Why the queue is unusable right now, or null. */
  status(): { connected: boolean; problem: string | null } {
    return { connected: this.commands.status === 'ready', problem: this.commands.status === 'ready' ? null : (this.problem ?? `not connected to ${this.address} (${this.commands.status})`) };
  }

  redis(): Redis {
    return this.commands;
  }

  async enqueue(runId: number): Promise<void> {
    const run = this.store.runs.summary(runId);
    const jobId = memberJobId(this.ownerId, runId);
    this.store.remote.register(runId, jobId, this.address);
    this.store.remote.addHistory(runId, 'queued', `on the queue at ${this.address}`);
    this.events.emit('runStatus', { runId, status: 'queued', error: null });
    await this.addJob(runId, run.name);
  }

  isActive(runId: number): boolean {
    return this.store.remote.isRemote(runId) && !TERMINAL_STATUSES.includes(this.store.runs.summary(runId).status);
  }

  waitFor(runId: number): Promise<RunStatus> {
    const status = this.store.runs.summary(runId).status;
    if (TERMINAL_STATUSES.includes(status)) return Promise.resolve(status);
    return new Promise((resolve) => {
      const list = this.waiters.get(runId) ?? [];
      list.push(resolve);
      this.waiters.set(runId, list);
    });
  }

  /** A waiting member leaves the queue; a running one is asked to stop at its next batch. */
  async cancel(runId: number): Promise<void> {
    if (!this.isActive(runId)) return;
    const jobId = memberJobId(this.ownerId, runId);
    const job = await this.queue.getJob(jobId);
    const state = job ? await job.getState() : 'unknown';
    if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
      try {
        await job.remove();
        this.finish(runId, 'cancelled', 'cancelled before a worker took it');
        return;
      } catch {
        // A worker took it meanwhile: ask it to stop.
      }
    }
    await this.commands.set(cancelKey(jobId), '1', 'EX', 7 * 24 * 3600);
    if (this.hardStops.has(runId)) return;
    this.hardStops.set(
      runId,
      setTimeout(() => {
        this.hardStops.delete(runId);
        if (!this.isActive(runId)) return;
        this.store.remote.addHistory(runId, 'cancelled', 'no worker confirmed the stop in time; its later reports are ignored');
        this.finish(runId, 'cancelled', 'stopped: no worker confirmed the cancel in time');
      }, this.options.hardStopMs ?? 15_000),
    );
  }

  /** Members keep training on the workers; their reports wait in the stream for our return. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of this.hardStops.values()) clearTimeout(timer);
    this.reader.disconnect();
    await this.loop?.catch(() => undefined);
    this.subscriber.disconnect();
    this.commands.disconnect();
    await this.queue.close().catch(() => undefined);
  }

  /**
   * Takes the member's finished job off the queue so that `requeue` can add it again (`resume`);
   * answers the attempts it and the jobs before it counted. Refuses while a worker still holds it.
   * Call before the store marks the run queued again.
   */
  async releaseJob(runId: number): Promise<number> {
    const jobId = memberJobId(this.ownerId, runId);
    const job = await this.queue.getJob(jobId);
    let attempts = this.store.remote.placement(runId)?.attempt ?? 0;
    if (job) {
      const state = await job.getState();
      if (state === 'active') throw new Error(`run ${runId} is still held by a worker on ${this.address}; try again once it stopped`);
      attempts = Math.max(attempts, (job.data.attemptBase ?? 0) + job.attemptsStarted);
      await job.remove();
    }
    // A checkpoint left by a lost worker is older than or equal to ours: the job carries ours. The
    // cancel request of a cancelled member must not stop its continuation.
    await this.commands.del(checkpointKey(jobId), cancelKey(jobId));
    return attempts;
  }

  /** Queues a member again after `releaseJob`, to continue from the owner's checkpoint (`resume`). */
  async requeue(runId: number, attemptBase: number, detail: string): Promise<void> {
    this.store.remote.setWorker(runId, null);
    this.store.remote.addHistory(runId, 'resumed', detail);
    this.events.emit('runStatus', { runId, status: 'queued', error: null });
    await this.addJob(runId, this.store.runs.summary(runId).name, attemptBase);
  }

  /** The owner's checkpoint of the run with its training state, or null (none yet, or one that cannot be resumed). */
  private checkpoint(runId: number): CheckpointPayload | null {
    const folder = path.join(runDir(this.options.dataDir, runId), 'model');
    let header;
    try {
      header = readTrainingStateHeader(folder);
    } catch {
      return null;
    }
    // Never ahead of the epochs the store holds (a checkpoint is applied after its epoch, so this holds unless damaged).
    if (!header || header.epoch > this.store.runs.summary(runId).epochsDone) return null;
    return { epoch: header.epoch, batch: header.batch, step: header.step, artifact: packArtifact(folder, 'model') };
  }

  /** `attemptBase`: see MemberJob; the job carries the owner's checkpoint when it has one. */
  private async addJob(runId: number, name: string, attemptBase = this.store.remote.placement(runId)?.attempt ?? 0): Promise<void> {
    const data: MemberJob = {
      protocol: QUEUE_PROTOCOL,
      ownerVersion: pkg.version,
      ownerId: this.ownerId,
      runId,
      name,
      config: this.store.runs.config(runId),
      gallerySize: 8,
      attemptBase,
      resumeFrom: this.checkpoint(runId),
    };
    // The job id makes queueing idempotent: adding a member that is already there does nothing.
    await this.queue.add('member', data, {
      jobId: memberJobId(this.ownerId, runId),
      attempts: 1,
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  private async follow(): Promise<void> {
    while (!this.disposed) {
      try {
        await this.drain(true);
        this.resolveEndedElsewhere();
        if (Date.now() - this.lastReconcile > (this.options.reconcileMs ?? 10_000)) await this.reconcile();
      } catch (error) {
        if (this.disposed) return;
        this.problem = `the queue at ${this.address}: ${(error as Error).message}`;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Apply stream entries after the last applied one; with `block`, wait up to 2 s for one. */
  private async drain(block: boolean): Promise<void> {
    const key = eventsKey(this.ownerId);
    for (;;) {
      const args = block ? (['COUNT', 20, 'BLOCK', 2000] as const) : (['COUNT', 20] as const);
      const reply = (await this.reader.xread(...(args as unknown as ['COUNT', number]), 'STREAMS', key, this.store.remote.lastEventId())) as
        | [string, [string, string[]][]][]
        | null;
      const entries = reply?.[0]?.[1] ?? [];
      for (const [id, fields] of entries) this.applyEntry(id, fields);
      if (entries.length > 0) {
        this.problem = null;
        // Applied entries are in SQLite now: Redis need not keep them.
        await this.commands.xtrim(key, 'MINID', entries.at(-1)![0]);
      }
      if (entries.length < 20 || this.disposed) return;
    }
  }

  private applyEntry(streamId: string, fields: string[]): void {
    const after: (() => void)[] = [];
    this.store.remote.applyEvent(streamId, () => {
      let event: MemberEvent;
      try {
        event = JSON.parse(fields[fields.indexOf('e') + 1] ?? '') as MemberEvent;
      } catch {
        return null;
      }
      const { runId, attempt, seq, body } = event;
      if (!this.store.remote.isRemote(runId)) return null;
      if (body.type === 'refused') {
        this.store.remote.addHistory(runId, 'refused', `worker ${describeWorker(body.worker)} refused it: ${body.reason}`);
        return null;
      }
      if (TERMINAL_STATUSES.includes(this.store.runs.summary(runId).status)) return null;
      // A seq already applied (a repeated delivery) or an attempt the queue took away is dropped.
      const verdict = this.store.remote.verdict(runId, attempt, seq, body.type === 'start');
      if (verdict === 'duplicate' || verdict === 'stale-attempt') return null;
      this.applyBody(event, verdict === 'new-attempt', after);
      return { runId, attempt, seq };
    });
    after.forEach((emit) => emit());
  }

  /** Inside the transaction; `after` collects the events to push once it committed. */
  private applyBody({ runId, attempt, at, body }: MemberEvent, newAttempt: boolean, after: (() => void)[]): void {
    const runs = this.store.runs;
    const remote = this.store.remote;
    switch (body.type) {
      case 'start': {
        if (!newAttempt) return;
        const previous = remote.worker(runId);
        const done = runs.summary(runId).epochsDone;
        const from = body.resumedFrom;
        // A previous worker means a lost attempt (attempt numbers also count refusals, so they may skip).
        const lost = previous !== null;
        if (lost) {
          remote.addHistory(
            runId,
            'lost',
            `worker ${describeWorker(previous)} stopped reporting after epoch ${done} (attempt ${remote.placement(runId)?.attempt ?? attempt - 1}); the queue gave the member to another worker`,
            at,
          );
        }
        // The epochs up to the checkpoint it continues from stay; the later ones are trained again.
        if (from) remote.keepProgress(runId, from.epoch, from.step);
        else if (lost) remote.clearProgress(runId);
        remote.setWorker(runId, { id: body.worker.id, name: body.worker.name, host: body.worker.host, backend: null });
        const where = from
          ? `, continues after epoch ${from.epoch}${from.batch > 0 ? ` and ${from.batch} batches` : ''} from its last checkpoint`
          : lost
            ? ', from epoch 1 (no checkpoint yet)'
            : '';
        remote.addHistory(runId, lost ? 'restarted' : 'started', `attempt ${attempt} on worker ${describeWorker(body.worker)}, Latent Lab ${body.worker.version}${where}`, at);
        runs.markRunning(runId);
        remote.setStartedAt(runId, at);
        after.push(() => this.events.emit('runStatus', { runId, status: 'running', error: null }));
        return;
      }
      case 'artifact': {
        const folder = runDir(this.options.dataDir, runId);
        unpackArtifact(folder, body.artifact);
        const relPath = path.relative(this.options.dataDir, path.join(folder, body.artifact.name));
        runs.setArtifact(runId, body.kind, relPath, body.epoch);
        return;
      }
      case 'run': {
        const message = body.message;
        switch (message.type) {
          case 'backend': {
            runs.recordBackend(runId, message.report);
            const worker = remote.worker(runId);
            if (worker) remote.setWorker(runId, { ...worker, backend: message.report.backend });
            return;
          }
          case 'architecture':
            runs.recordArchitecture(runId, message.summary);
            return;
          case 'epoch': {
            runs.recordEpoch(runId, message.epoch, message.metrics);
            const epochsPlanned = runs.summary(runId).epochsPlanned;
            after.push(() =>
              this.events.emit('runEpoch', { runId, epoch: message.epoch, epochsPlanned, metrics: message.metrics, elapsedMs: message.elapsedMs }),
            );
            return;
          }
          case 'done': {
            const worker = remote.worker(runId);
            remote.addHistory(runId, message.status, `on worker ${worker ? describeWorker(worker) : '?'}${message.error ? `: ${message.error}` : ''}`, at);
            // A resumed member: the time of its earlier parts (kept by prepareResume) adds to this one's.
            const earlierMs = runs.detail(runId).durationMs ?? 0;
            runs.finish(runId, message.status, message.error);
            remote.setEndedAt(runId, at, earlierMs);
            after.push(() => this.afterFinish(runId, message.status, message.error));
            return;
          }
        }
      }
    }
  }

  private onProgress(text: string): void {
    let progress: MemberProgress;
    try {
      progress = JSON.parse(text) as MemberProgress;
    } catch {
      return;
    }
    if (!this.isActive(progress.runId)) return;
    const { runId, epoch, batch, batchesPerEpoch, loss } = progress;
    // Remote progress moves the bar only: pub/sub is lossy, so no per-step points are recorded from it.
    this.events.emit('runProgress', { runId, epoch, batch, batchesPerEpoch, loss, elapsedMs: 0 });
  }

  /**
   * Unfinished members against the queue, after the stream was drained: a job BullMQ failed (a
   * member stalled more often than allowed) leaves the run interrupted (resumable); a job the queue
   * no longer has (Redis lost it) is queued again, with the owner's last checkpoint.
   */
  private async reconcile(): Promise<void> {
    this.lastReconcile = Date.now();
    for (const { runId, jobId } of this.store.remote.unfinished()) {
      const job = await this.queue.getJob(jobId);
      if (!job) {
        const name = this.store.runs.summary(runId).name;
        this.store.remote.addHistory(runId, 'requeued', `the queue at ${this.address} had no job for it any more; queued again (from its last checkpoint, if any)`);
        await this.addJob(runId, name);
        continue;
      }
      if ((await job.getState()) === 'failed' && this.isActive(runId)) {
        // Workers kept dying on it: nothing went wrong in training, so it is interrupted (and
        // `resume` continues it from its last checkpoint), not failed.
        const reason = job.failedReason || 'the queue gave up on it';
        this.store.remote.addHistory(runId, 'interrupted', `the queue gave up: ${reason}; latent-lab resume ${runId} continues it from its last checkpoint`);
        this.finish(runId, 'interrupted', `the queue gave up on it: ${reason}`);
      }
    }
  }

  /** Another process following the same store (the app beside a CLI sweep) may have applied the end. */
  private resolveEndedElsewhere(): void {
    for (const runId of [...this.waiters.keys()]) {
      const status = this.store.runs.summary(runId).status;
      if (TERMINAL_STATUSES.includes(status)) this.afterFinish(runId, status, this.store.runs.summary(runId).error);
    }
  }

  private finish(runId: number, status: RunStatus, error: string | null): void {
    this.store.runs.finish(runId, status, error);
    this.afterFinish(runId, status, error);
  }

  private afterFinish(runId: number, status: RunStatus, error: string | null): void {
    const timer = this.hardStops.get(runId);
    if (timer) clearTimeout(timer);
    this.hardStops.delete(runId);
    this.events.emit('runStatus', { runId, status, error });
    for (const resolve of this.waiters.get(runId) ?? []) resolve(status);
    this.waiters.delete(runId);
  }
}
