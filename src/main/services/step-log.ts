/**
 * Per-step metrics on their way from a training worker to the store and the windows: points are
 * buffered and written in one transaction a few times a second (and at each epoch's end and the
 * run's end), then pushed as one `runSteps` event, so the worker never waits on SQLite and the
 * renderer gets batches rather than a message per step. The progress bar's `runProgress` event is
 * thinned to at most one per `progressIntervalMs` per run.
 */
import type { LabEvents, StepPoint } from '../../shared/api.js';
import type { MetricValues } from '../../shared/config.js';
import type { StepsRepo } from '../store/steps-repo.js';
import type { LabEventBus } from './events.js';

export interface StepLogOptions {
  flushIntervalMs?: number;
  progressIntervalMs?: number;
  now?: () => number;
}

type Progress = LabEvents['runProgress'];

export class StepLog {
  private readonly pending = new Map<number, StepPoint[]>();
  private readonly lastProgress = new Map<number, number>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly flushIntervalMs: number;
  private readonly progressIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly steps: Pick<StepsRepo, 'append'>,
    private readonly events: Pick<LabEventBus, 'emit'>,
    options: StepLogOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  /**
   * A progress message of a worker: a step point when `record` (its `values`: the batch's named
   * values, a VAE's parts, a GAN's two losses; the loss alone when not given), and a (thinned) progress event.
   */
  add(progress: Progress, record: boolean, values?: MetricValues): void {
    const { runId, epoch, batch, batchesPerEpoch, loss, elapsedMs } = progress;
    if (record) {
      const named = Object.fromEntries(Object.entries(values ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
      const point: StepPoint = { step: (epoch - 1) * batchesPerEpoch + batch, epoch, batch, batchesPerEpoch, elapsedMs, values: { ...named, loss } };
      const list = this.pending.get(runId) ?? [];
      list.push(point);
      this.pending.set(runId, list);
      this.timer ??= setInterval(() => this.flushAll(), this.flushIntervalMs);
    }
    const time = this.now();
    const last = this.lastProgress.get(runId) ?? -Infinity;
    if (time - last >= this.progressIntervalMs || batch === batchesPerEpoch) {
      this.lastProgress.set(runId, time);
      this.events.emit('runProgress', progress);
    }
  }

  /** Write and push the buffered points of one run (at an epoch's end, at the run's end). */
  flush(runId: number): void {
    const points = this.pending.get(runId);
    this.pending.delete(runId);
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    if (!points || points.length === 0) return;
    this.steps.append(runId, points);
    this.events.emit('runSteps', { runId, points });
  }

  /** The run ended: write what is left and forget it. */
  end(runId: number): void {
    this.flush(runId);
    this.lastProgress.delete(runId);
  }

  flushAll(): void {
    for (const runId of [...this.pending.keys()]) this.flush(runId);
  }

  dispose(): void {
    this.flushAll();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
