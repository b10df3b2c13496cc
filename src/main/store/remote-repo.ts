/**
 * Remote members (trained by queue workers): which job, which attempt and event sequence number was
 * applied last, which worker has it; the run history; this store's owner id on the queue. The
 * owner applies each stream entry inside `applyEvent`, one transaction that also moves the stream
 * position, so a crash at any moment neither loses nor repeats an entry.
 */
import { randomUUID } from 'node:crypto';
import type { BackendName, RemotePlacement } from '../../shared/api.js';
import type { Db } from './db.js';

interface RemoteRow {
  run_id: number;
  job_id: string;
  queue: string;
  attempt: number;
  seq: number;
  worker_json: string | null;
}

export interface RemoteWorkerRecord {
  id: string;
  name: string;
  host: string;
  backend: BackendName | null;
}

/** What an event may do, given where the member's stream stands. */
export type EventVerdict = 'apply' | 'new-attempt' | 'duplicate' | 'stale-attempt';

export class RemoteRepo {
  constructor(private readonly db: Db) {}

  /** This store's id on the queue, created once: it names the owner's stream and job ids. */
  ownerId(): string {
    const row = this.db.prepare('SELECT owner_id FROM queue_owner WHERE id = 1').get() as { owner_id: string } | undefined;
    if (row) return row.owner_id;
    const id = randomUUID().replaceAll('-', '').slice(0, 16);
    this.db.prepare('INSERT INTO queue_owner (id, owner_id) VALUES (1, ?)').run(id);
    return id;
  }

  lastEventId(): string {
    const row = this.db.prepare('SELECT last_event_id FROM queue_owner WHERE id = 1').get() as { last_event_id: string } | undefined;
    return row?.last_event_id ?? '0';
  }

  /** Record that the run goes to the queue (idempotent: a re-queue keeps the attempt and position). */
  register(runId: number, jobId: string, queue: string): void {
    this.db
      .prepare('INSERT INTO remote_members (run_id, job_id, queue) VALUES (?, ?, ?) ON CONFLICT (run_id) DO NOTHING')
      .run(runId, jobId, queue);
  }

  isRemote(runId: number): boolean {
    return this.db.prepare('SELECT 1 FROM remote_members WHERE run_id = ?').get(runId) !== undefined;
  }

  /** Remote runs not yet ended, oldest first. */
  unfinished(): { runId: number; jobId: string }[] {
    return (
      this.db
        .prepare(
          `SELECT r.run_id AS runId, r.job_id AS jobId FROM remote_members r JOIN runs ON runs.id = r.run_id
            WHERE runs.status IN ('queued', 'running') ORDER BY r.run_id`,
        )
        .all() as { runId: number; jobId: string }[]
    );
  }

  allRunIds(): number[] {
    return (this.db.prepare('SELECT run_id FROM remote_members ORDER BY run_id').all() as { run_id: number }[]).map((r) => r.run_id);
  }

  /**
   * Where an event stands against what was applied: the next seq of the current attempt is applied;
   * the start of a newer attempt opens it; an older attempt (a worker BullMQ gave up on that still
   * talks) or a seq already applied is dropped.
   */
  verdict(runId: number, attempt: number, seq: number, isStart: boolean): EventVerdict {
    const row = this.row(runId);
    if (!row) return 'stale-attempt';
    if (attempt < row.attempt) return 'stale-attempt';
    if (attempt > row.attempt) return isStart ? 'new-attempt' : 'stale-attempt';
    return seq <= row.seq ? 'duplicate' : 'apply';
  }

  /**
   * Apply one stream entry: `apply` decides (reading the member's position inside the transaction)
   * and returns the member position to record, or null to only step over the entry. One immediate
   * transaction, so two processes following the same queue cannot both apply it.
   */
  applyEvent(streamId: string, apply: () => { runId: number; attempt: number; seq: number } | null): void {
    this.db
      .transaction(() => {
        const position = apply();
        if (position) {
          this.db.prepare('UPDATE remote_members SET attempt = ?, seq = ? WHERE run_id = ?').run(position.attempt, position.seq, position.runId);
        }
        this.db.prepare('UPDATE queue_owner SET last_event_id = ? WHERE id = 1').run(streamId);
      })
      .immediate();
  }

  /** null: no worker has it (queued again by `resume`). */
  setWorker(runId: number, worker: RemoteWorkerRecord | null): void {
    this.db.prepare('UPDATE remote_members SET worker_json = ? WHERE run_id = ?').run(worker ? JSON.stringify(worker) : null, runId);
  }

  worker(runId: number): RemoteWorkerRecord | null {
    const row = this.row(runId);
    return row?.worker_json ? (JSON.parse(row.worker_json) as RemoteWorkerRecord) : null;
  }

  /** Drop the epochs of a lost attempt: the next one trains from the start. */
  clearProgress(runId: number): void {
    this.db.prepare('DELETE FROM metrics WHERE run_id = ?').run(runId);
    this.db.prepare('UPDATE runs SET epochs_done = 0 WHERE id = ?').run(runId);
  }

  /** Keep the epochs and steps up to a checkpoint a new attempt continues from; the later ones are trained again. */
  keepProgress(runId: number, epochs: number, steps: number): void {
    this.db.prepare('DELETE FROM metrics WHERE run_id = ? AND epoch > ?').run(runId, epochs);
    this.db.prepare('DELETE FROM run_steps WHERE run_id = ? AND step > ?').run(runId, steps);
    this.db.prepare('UPDATE runs SET epochs_done = ? WHERE id = ?').run(epochs, runId);
  }

  /** `at`: when it happened (a worker's report time), default now. */
  addHistory(runId: number, event: string, detail: string, at = new Date().toISOString()): void {
    this.db.prepare('INSERT INTO run_history (run_id, at, event, detail) VALUES (?, ?, ?, ?)').run(runId, at, event, detail);
  }

  /** A remote run's start and end are the worker's times, not when the owner applied them. */
  setStartedAt(runId: number, at: string): void {
    this.db.prepare('UPDATE runs SET started_at = ? WHERE id = ?').run(at, runId);
  }

  /** `earlierMs`: the training time of the member's earlier parts (a resume), added to this part's. */
  setEndedAt(runId: number, at: string, earlierMs = 0): void {
    this.db
      .prepare(
        `UPDATE runs SET ended_at = ?, duration_ms = CASE WHEN started_at IS NULL THEN NULL
           ELSE CAST(ROUND((julianday(?) - julianday(started_at)) * 86400000) AS INTEGER) + ? END WHERE id = ?`,
      )
      .run(at, at, earlierMs, runId);
  }

  placement(runId: number): RemotePlacement | null {
    const row = this.row(runId);
    if (!row) return null;
    const worker = row.worker_json ? (JSON.parse(row.worker_json) as RemoteWorkerRecord) : null;
    const history = this.db
      .prepare('SELECT at, event, detail FROM run_history WHERE run_id = ? ORDER BY id')
      .all(runId) as RemotePlacement['history'];
    return {
      queue: row.queue,
      worker: worker ? { name: worker.name, host: worker.host, backend: worker.backend } : null,
      attempt: row.attempt,
      history,
    };
  }

  private row(runId: number): RemoteRow | undefined {
    return this.db.prepare('SELECT * FROM remote_members WHERE run_id = ?').get(runId) as RemoteRow | undefined;
  }
}
