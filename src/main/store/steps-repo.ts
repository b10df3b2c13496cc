/** Per-step metrics of runs: appended in batches (one transaction per batch), read back in step order. */
import type { StepPoint } from '../../shared/api.js';
import type { Db } from './db.js';

interface StepRow {
  step: number;
  epoch: number;
  batch: number;
  batches_per_epoch: number;
  elapsed_ms: number;
  name: string;
  value: number | null;
}

export class StepsRepo {
  constructor(private readonly db: Db) {}

  /** Store `points` of a run in one transaction; a repeated step replaces the earlier value. */
  append(runId: number, points: readonly StepPoint[]): void {
    if (points.length === 0) return;
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO run_steps (run_id, step, epoch, batch, batches_per_epoch, elapsed_ms, name, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const point of points) {
        for (const [name, value] of Object.entries(point.values)) {
          // SQLite has no NaN/Infinity: a non-finite value is stored as NULL.
          insert.run(runId, point.step, point.epoch, point.batch, point.batchesPerEpoch, point.elapsedMs, name, Number.isFinite(value) ? value : null);
        }
      }
    })();
  }

  /** Every point of a run in step order. */
  list(runId: number): StepPoint[] {
    const rows = this.db.prepare('SELECT step, epoch, batch, batches_per_epoch, elapsed_ms, name, value FROM run_steps WHERE run_id = ? ORDER BY step, name').all(runId) as StepRow[];
    const points: StepPoint[] = [];
    for (const row of rows) {
      let point = points.at(-1);
      if (!point || point.step !== row.step) {
        point = { step: row.step, epoch: row.epoch, batch: row.batch, batchesPerEpoch: row.batches_per_epoch, elapsedMs: row.elapsed_ms, values: {} };
        points.push(point);
      }
      point.values[row.name] = row.value ?? Number.NaN;
    }
    return points;
  }
}
