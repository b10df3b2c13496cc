/**
 * Queues runs and trains each in its own worker thread, so the caller's event loop stays free.
 * The scheduler is the only writer of run progress: it persists each epoch in one transaction and
 * forwards events. Cancel is cooperative (a shared flag checked at batch boundaries) with a hard stop
 * after a timeout.
 *
 * Memory: every run is checked against the memory limit before it is queued (memory-budget.ts).
 * Should a training grow past it anyway, it must not take the app down with it: each worker's
 * JavaScript heap is capped (resourceLimits: the worker dies with ERR_WORKER_OUT_OF_MEMORY, the app
 * does not), and a watchdog samples the process's resident memory while runs train — tensors live
 * in ArrayBuffers and the wasm heap, outside any V8 limit — and terminates the largest run when the
 * process passes the limit. Either way the run ends `failed` with a message saying why.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RunStatus, Settings } from '../../shared/api.js';
import { TERMINAL_STATUSES } from '../../shared/api.js';
import type { Store } from '../store/index.js';
import type { LabEventBus } from './events.js';
import { describeLimit, formatBytes, memoryLimitBytes } from './memory-budget.js';
import type { RunWorkerCommand, RunWorkerInput, RunWorkerMessage } from './run-protocol.js';
import { StepLog } from './step-log.js';

export interface SchedulerOptions {
  dataDir: string;
  resourcesDir: string;
  /** Read at each start so a settings change applies to the next run. */
  settings: () => Settings;
  /** Grace period between a cancel request and terminating the worker. */
  hardStopMs?: number;
  /** How often the memory watchdog samples the resident memory while runs train. */
  memoryCheckMs?: number;
}

interface ActiveRun {
  worker: Worker;
  stopFlag: Int32Array;
  hardStop: NodeJS.Timeout | null;
  /** Set once the worker reported its terminal status. */
  finished: boolean;
  /** Parameters of its model, once the worker reported the architecture (the watchdog stops the largest run first). */
  parameters: number;
  startedAt: number;
}

/**
 * Starts the worker entry: the bundled run-worker.js next to us, or — when running from the
 * TypeScript sources (CLI via tsx, tests) — run-worker.ts behind tsx's loader, registered inside
 * the worker because loader hooks registered on the main thread do not reach workers.
 */
export function startWorkerThread(workerData: RunWorkerInput, resourceLimits?: ResourceLimits): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./run-worker.js', import.meta.url), { workerData, resourceLimits });
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./run-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

export class RunScheduler {
  private readonly queue: number[] = [];
  /** Queued runs that continue from their checkpoint's training state (runs.resume). */
  private readonly resuming = new Set<number>();
  private readonly active = new Map<number, ActiveRun>();
  private readonly waiters = new Map<number, ((status: RunStatus) => void)[]>();
  private disposed = false;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly stepLog: StepLog;

  constructor(
    private readonly store: Store,
    private readonly events: LabEventBus,
    private readonly options: SchedulerOptions,
  ) {
    this.stepLog = new StepLog(store.steps, events);
  }

  /** Queues a run; `resume`: continue from its checkpoint's training state instead of starting over. */
  enqueue(runId: number, options: { resume?: boolean } = {}): void {
    if (options.resume) this.resuming.add(runId);
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
      this.resuming.delete(runId);
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

  /** Queued, or training and not yet ended (a worker that reported its end may still be exiting). */
  isActive(runId: number): boolean {
    const run = this.active.get(runId);
    return (run !== undefined && !run.finished) || this.queue.includes(runId);
  }

  /** Stops every run; queued and running ones end `cancelled`. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stopWatchdog();
    this.stepLog.dispose();
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
      stepPointsPerEpoch: this.options.settings().stepPointsPerEpoch,
      resume: this.resuming.delete(runId),
      ackEpochs: true,
    };
    const limitMb = Math.floor(memoryLimitBytes(this.options.settings().memoryLimitMb) / 2 ** 20);
    // The worker's JS heap (not its tensors) gets the whole limit, at most 16 GB: running out there kills the worker only.
    const worker = startWorkerThread(input, { maxOldGenerationSizeMb: Math.max(256, Math.min(limitMb, 16_384)) });
    const run: ActiveRun = { worker, stopFlag: new Int32Array(stopBuffer), hardStop: null, finished: false, parameters: 0, startedAt: Date.now() };
    this.active.set(runId, run);
    this.startWatchdog();
    this.store.runs.markRunning(runId);
    this.events.emit('runStatus', { runId, status: 'running', error: null });

    worker.on('message', (message: RunWorkerMessage) => {
      // A run already ended here (stopped by the watchdog or a hard stop) ignores what its dying worker still had queued.
      if (run.finished) return;
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
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.finish(runId, 'failed', outOfMemory ? `the training ran out of memory (its JavaScript heap reached ${describeLimit(this.options.settings().memoryLimitMb)}); the app kept running` : error.message);
    });
    worker.on('exit', (code) => {
      if (run.hardStop) clearTimeout(run.hardStop);
      // A resumed run may already train in a new worker under the same id.
      if (this.active.get(runId) === run) this.active.delete(runId);
      if (this.active.size === 0) this.stopWatchdog();
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
        run.parameters = message.summary.totalParams;
        this.store.runs.recordArchitecture(runId, message.summary);
        break;
      case 'progress': {
        const { type: _type, recorded, values, ...progress } = message;
        this.stepLog.add({ runId, ...progress }, recorded, values);
        break;
      }
      case 'epoch':
        this.stepLog.flush(runId);
        this.store.runs.recordEpoch(runId, message.epoch, message.metrics);
        // The worker checkpoints only epochs the store holds (RunWorkerInput.ackEpochs).
        run.worker.postMessage({ type: 'epochCommitted', epoch: message.epoch } satisfies RunWorkerCommand);
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

  private startWatchdog(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => this.checkMemory(), this.options.memoryCheckMs ?? 500);
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  /** Over the limit: stop the run with the most parameters (the newest among equals), once per sample. */
  private checkMemory(): void {
    const settingMb = this.options.settings().memoryLimitMb;
    const rss = process.memoryUsage.rss();
    if (rss <= memoryLimitBytes(settingMb)) return;
    const candidates = [...this.active.entries()].filter(([, run]) => !run.finished);
    const victim = candidates.sort(([, a], [, b]) => b.parameters - a.parameters || b.startedAt - a.startedAt)[0];
    if (!victim) return;
    const [runId, run] = victim;
    run.finished = true;
    void run.worker.terminate();
    this.finish(
      runId,
      'failed',
      `stopped: the process reached ${formatBytes(rss)} of memory while this run trained, over ${describeLimit(settingMb)}; the app kept running`,
    );
  }

  private finish(runId: number, status: RunStatus, error: string | null): void {
    this.stepLog.end(runId);
    this.store.runs.finish(runId, status, error);
    this.events.emit('runStatus', { runId, status, error });
    for (const resolve of this.waiters.get(runId) ?? []) resolve(status);
    this.waiters.delete(runId);
  }
}
