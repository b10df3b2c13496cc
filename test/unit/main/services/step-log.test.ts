import { describe, expect, it, vi } from 'vitest';
import type { LabEvents, StepPoint } from '../../../../src/shared/api.js';
import { progressCadence, stepsBetweenPoints } from '../../../../src/main/engine/progress-cadence.js';
import { StepLog } from '../../../../src/main/services/step-log.js';
import { progressMessages } from '../../../../src/main/services/step-points.js';

const progress = (batch: number, epoch = 1, elapsedMs = batch * 10): LabEvents['runProgress'] =>
  ({ runId: 7, epoch, batch, batchesPerEpoch: 100, loss: 1 / batch, elapsedMs });

describe('progress cadence', () => {
  it('reads about N points per epoch, every floor(batches / N) steps, and always the last batch', () => {
    expect(stepsBetweenPoints(469, 50)).toBe(9);
    expect(stepsBetweenPoints(1, 50)).toBe(1);
    const cadence = progressCadence({ intervalMs: 100, pointsPerEpoch: 50 });
    const due = Array.from({ length: 469 }, (_, i) => i + 1).filter((batch) => cadence.due(batch, 469, 0));
    expect(due.length).toBe(53); // 52 multiples of 9, and batch 469
    expect(due.slice(0, 3)).toEqual([9, 18, 27]);
    expect(due.at(-1)).toBe(469);
  });

  it('falls back to at most one read per interval without a step cadence', () => {
    const cadence = progressCadence({ intervalMs: 100 });
    expect([0, 50, 100, 150, 250].map((now, i) => cadence.due(i + 1, 1000, now))).toEqual([true, false, true, false, true]);
  });
});

describe('worker progress messages', () => {
  it('carry the wall time since training began and whether they are recorded points', () => {
    let now = 1000;
    const make = progressMessages(50, () => now);
    now = 1250;
    expect(make(2, 3, 10, 0.5)).toEqual({ type: 'progress', epoch: 2, batch: 3, batchesPerEpoch: 10, loss: 0.5, elapsedMs: 250, recorded: true });
    expect(progressMessages(0, () => now)(1, 1, 1, 1).recorded).toBe(false);
    // A resumed run: the clock goes on from the checkpoint's elapsed time.
    const resumed = progressMessages(50, () => now, 90_000);
    now = 1500;
    expect(resumed(4, 1, 10, 0.5).elapsedMs).toBe(90_250);
  });
});

describe('step log', () => {
  it('buffers points and writes them in one batch per flush, pushing the same batch', () => {
    const appended: StepPoint[][] = [];
    const emitted: string[] = [];
    const log = new StepLog({ append: (_id, points) => void appended.push([...points]) }, { emit: (name) => void emitted.push(name) }, { now: () => 0 });
    for (let batch = 1; batch <= 5; batch++) log.add(progress(batch), true);
    expect(appended).toEqual([]);
    log.flush(7);
    expect(appended).toHaveLength(1);
    expect(appended[0]!.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(emitted.filter((e) => e === 'runSteps')).toHaveLength(1);
    log.flush(7);
    expect(appended).toHaveLength(1);
    log.dispose();
  });

  it('numbers steps across epochs and flushes on its timer', () => {
    vi.useFakeTimers();
    try {
      const appended: StepPoint[] = [];
      const log = new StepLog({ append: (_id, points) => void appended.push(...points) }, { emit: () => {} }, { flushIntervalMs: 250 });
      log.add(progress(3, 2), true);
      vi.advanceTimersByTime(300);
      expect(appended.map((p) => [p.step, p.epoch, p.batch])).toEqual([[103, 2, 3]]);
      log.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('thins progress events to one per interval but keeps the end of each epoch; unrecorded progress stores nothing', () => {
    let now = 0;
    const events: LabEvents['runProgress'][] = [];
    const appended: StepPoint[] = [];
    const log = new StepLog(
      { append: (_id, points) => void appended.push(...points) },
      { emit: (name, payload) => void (name === 'runProgress' && events.push(payload as LabEvents['runProgress'])) },
      { now: () => now, progressIntervalMs: 100 },
    );
    for (const batch of [1, 2, 3, 4, 100]) {
      log.add(progress(batch), false);
      now += 40;
    }
    // 1 at 0 ms, 4 at 120 ms, and 100 (the epoch's last batch) although only 40 ms later.
    expect(events.map((e) => e.batch)).toEqual([1, 4, 100]);
    log.end(7);
    expect(appended).toEqual([]);
    log.dispose();
  });
});
