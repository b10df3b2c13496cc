/**
 * Queues runs and trains each in its own worker thread, so the caller's event loop stays free.
 * The scheduler is the only writer of run progress: it persists each epoch in one transaction and
 * forwards events. Cancel is cooperative (a shared flag checked at batch boundaries) with a hard stop
 * after a timeout.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunStatus, Settings } from '../../shared/api.js';
import { TERMINAL_STATUSES } from '../../shared/api.js';
import type { Store } from '../store/index.js';
import type { LabEventBus } from './events.js';
import type { RunWorkerInput, RunWorkerMessage } from './run-protocol.js';

export interface SchedulerOptions {
  dataDir: string;
  resourcesDir: string;
  /** Read at each start so a settings change applies to the next run. */
  settings: () => Settings;
  /** Grace period between a cancel request and terminating the worker. */
  hardStopMs?: number;
}

interface ActiveRun {
  worker: Worker;
  stopFlag: Int32Array;
  hardStop: NodeJS.Timeout | null;
  /** Set once the worker reported its terminal status. */
  finished: boolean;
}

/**
 * Starts the worker entry: the bundled run-worker.js next to us, or — when running from the
 * TypeScript sources (CLI via tsx, tests) — run-worker.ts behind tsx's loader, registered inside
 * the worker because loader hooks registered on the main thread do not reach workers.
 */
export function startWorkerThread(workerData: RunWorkerInput): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./run-worker.js', import.meta.url), { workerData });
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./run-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export class RunScheduler {
  private readonly queue: number[] = [];
  private readonly active = new Map<number, ActiveRun>();
  private readonly waiters = new Map<number, ((status: RunStatus) => void)[]>();
  private disposed = false;

  constructor(
    private readonly store: Store,
    private readonly events: LabEventBus,
    private readonly options: SchedulerOptions,
  ) {}

  enqueue(runId: number): void {
    this.queue.push(runId);
    this.events.emit('runStatus', { runId, status: 'queued', error: null });
    this.pump();
  }

  /** Resolves with the run's terminal status. */
  waitFor(runId: number): Promise<RunStatus> {
    const status = this.store.runs.summary(runId).status;
    if (TERMINAL_STATUSES.includes(status)) return Promise.resolve(status);
    return new Promise((resolve) => {
      const list = this.waiters.get(runId) ?? [];
      list.push(resolve);
      this.waiters.set(runId, list);
    });
  }

  cancel(runId: number): void {
    const queuedAt = this.queue.indexOf(runId);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      this.finish(runId, 'cancelled', 'cancelled before it started');
      return;
    }
    const run = this.active.get(runId);
    if (!run || run.hardStop) return;
    Atomics.store(run.stopFlag, 0, 1);
    run.hardStop = setTimeout(() => {
      if (run.finished) return;
      void run.worker.terminate();
      this.finish(runId, 'cancelled', 'stopped: the worker did not reach a batch boundary in time');
    }, this.options.hardStopMs ?? 15_000);
  }

  isActive(runId: number): boolean {
    return this.active.has(runId) || this.queue.includes(runId);
  }

  /** Stops every run; queued and running ones end `cancelled`. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const runId of [...this.queue]) this.cancel(runId);
    const workers = [...this.active.entries()];
    for (const [runId] of workers) this.cancel(runId);
    await Promise.all(
      workers.map(([runId, run]) =>
        run.finished ? undefined : run.worker.terminate().then(() => this.finish(runId, 'cancelled', 'the app closed while it ran')),
      ),
    );
  }

  private concurrency(): number {
    const wanted = this.options.settings().concurrency;
    return Math.max(1, Number.isFinite(wanted) && wanted > 0 ? wanted : os.availableParallelism());
  }

  private pump(): void {
    while (!this.disposed && this.queue.length > 0 && this.active.size < this.concurrency()) {
      this.startWorker(this.queue.shift()!);
    }
  }

  private startWorker(runId: number): void {
    const config = this.store.runs.config(runId);
    const stopBuffer = new SharedArrayBuffer(4);
    const input: RunWorkerInput = {
      runId,
      config,
      dataDir: this.options.dataDir,
      resourcesDir: this.options.resourcesDir,
      backend: this.options.settings().backend,
      stopFlag: stopBuffer,
      gallerySize: 8,
    };
    const worker = startWorkerThread(input);
    const run: ActiveRun = { worker, stopFlag: new Int32Array(stopBuffer), hardStop: null, finished: false };
    this.active.set(runId, run);
    this.store.runs.markRunning(runId, process.pid);
    this.events.emit('runStatus', { runId, status: 'running', error: null });

    worker.on('message', (message: RunWorkerMessage) => {
      try {
        this.onMessage(runId, run, message);
      } catch (error) {
        // A store failure must not leave the run looking alive.
        run.finished = true;
        void worker.terminate();
        this.finish(runId, 'failed', `could not record progress: ${(error as Error).message}`);
      }
    });
    worker.on('error', (error) => {
      if (run.finished) return;
      run.finished = true;
      this.finish(runId, 'failed', error.message);
    });
    worker.on('exit', (code) => {
      if (run.hardStop) clearTimeout(run.hardStop);
      this.active.delete(runId);
      if (!run.finished) {
        run.finished = true;
        this.finish(runId, 'failed', `the training worker exited unexpectedly (code ${code})`);
      }
      this.pump();
    });
  }

  private onMessage(runId: number, run: ActiveRun, message: RunWorkerMessage): void {
    switch (message.type) {
      case 'backend':
        this.store.runs.recordBackend(runId, message.report);
        break;
      case 'architecture':
        this.store.runs.recordArchitecture(runId, message.summary);
        break;
      case 'progress':
        this.events.emit('runProgress', { runId, ...message });
        break;
      case 'epoch':
        this.store.runs.recordEpoch(runId, message.epoch, message.metrics);
        this.events.emit('runEpoch', {
          runId,
          epoch: message.epoch,
          epochsPlanned: this.store.runs.summary(runId).epochsPlanned,
          metrics: message.metrics,
          elapsedMs: message.elapsedMs,
        });
        break;
      case 'artifact':
        this.store.runs.setArtifact(runId, message.kind, message.relPath, message.epoch);
        break;
      case 'done':
        run.finished = true;
        this.finish(runId, message.status, message.error);
        break;
    }
  }

  private finish(runId: number, status: RunStatus, error: string | null): void {
    this.store.runs.finish(runId, status, error);
    this.events.emit('runStatus', { runId, status, error });
    for (const resolve of this.waiters.get(runId) ?? []) resolve(status);
    this.waiters.delete(runId);
  }
}
