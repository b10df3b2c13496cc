/**
 * Runs, their per-epoch metrics, artifacts and tags.
 * Epoch metrics are written in one transaction per epoch, so a crash keeps every whole epoch.
 */
import type {
  ArchitectureSummary,
  Artifact,
  BackendName,
  BackendReport,
  EpochMetrics,
  RunDetail,
  RunStatus,
  RunSummary,
} from '../../shared/api.js';
import { parseStoredRunConfig, referenceSchema, type MetricValues, type ModelKind, type Reference, type RunConfig } from '../../shared/config.js';
import { compareWithReference, type ReferenceComparison } from '../../shared/reproduction.js';
import type { Db } from './db.js';
import { NotFoundError } from './errors.js';
import { currentIdentity, isIdentityAlive, type ProcessIdentity } from './process-identity.js';

const ownerPid = (owner: ProcessIdentity): number => Number.parseInt(owner, 10);

interface RunRow {
  id: number;
  experiment_id: number;
  name: string;
  preset_id: string | null;
  status: RunStatus;
  config_json: string;
  dataset_id: string;
  /** Written from a validated config's model.kind. */
  model_kind: ModelKind;
  epochs_planned: number;
  epochs_done: number;
  backend: BackendName | null;
  backend_report_json: string | null;
  architecture_json: string | null;
  error: string | null;
  notes: string;
  owner_pid: number | null;
  owner_identity: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  duration_ms: number | null;
  sweep_id: number | null;
}

interface ArtifactRow {
  id: number;
  run_id: number;
  kind: string;
  path: string;
  epoch: number | null;
  created_at: string;
}

const now = (): string => new Date().toISOString();

export class RunsRepo {
  /** `owner`: the identity written on the runs this process queues and trains. */
  constructor(
    private readonly db: Db,
    private readonly owner: ProcessIdentity = currentIdentity(),
  ) {}

  create(args: { experimentId: number; name: string; presetId: string | null; config: RunConfig; sweepId?: number | null }): RunSummary {
    const { experimentId, name, presetId, config } = args;
    const info = this.db
      .prepare(
        `INSERT INTO runs (experiment_id, name, preset_id, status, config_json, dataset_id, model_kind, epochs_planned, created_at, sweep_id, owner_pid, owner_identity)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        experimentId, name, presetId, JSON.stringify(config), config.dataset.id, config.model.kind, config.training.epochs, now(),
        args.sweepId ?? null, ownerPid(this.owner), this.owner,
      );
    return this.summary(Number(info.lastInsertRowid));
  }

  private row(id: number): RunRow {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) throw new NotFoundError(`run ${id} does not exist`);
    return row;
  }

  summary(id: number): RunSummary {
    return this.toSummary(this.row(id));
  }

  list(experimentId?: number): RunSummary[] {
    const rows = (
      experimentId === undefined
        ? this.db.prepare('SELECT * FROM runs ORDER BY id').all()
        : this.db.prepare('SELECT * FROM runs WHERE experiment_id = ? ORDER BY id').all(experimentId)
    ) as RunRow[];
    return rows.map((row) => this.toSummary(row));
  }

  detail(id: number): RunDetail {
    const row = this.row(id);
    return {
      ...this.toSummary(row),
      backendReport: row.backend_report_json ? (JSON.parse(row.backend_report_json) as BackendReport) : null,
      durationMs: row.duration_ms,
      artifacts: this.artifacts(id),
      architecture: row.architecture_json ? (JSON.parse(row.architecture_json) as ArchitectureSummary) : null,
    };
  }

  config(id: number): RunConfig {
    return parseStoredRunConfig(JSON.parse(this.row(id).config_json));
  }

  /** The run starts training in this process (or in the one `owner` names). */
  markRunning(id: number, owner: ProcessIdentity = this.owner): void {
    this.db
      .prepare(`UPDATE runs SET status = 'running', started_at = ?, owner_pid = ?, owner_identity = ?, error = NULL WHERE id = ?`)
      .run(now(), ownerPid(owner), owner, id);
  }

  recordBackend(id: number, report: BackendReport): void {
    this.db.prepare('UPDATE runs SET backend = ?, backend_report_json = ? WHERE id = ?').run(report.backend, JSON.stringify(report), id);
  }

  recordArchitecture(id: number, architecture: ArchitectureSummary): void {
    this.db.prepare('UPDATE runs SET architecture_json = ? WHERE id = ?').run(JSON.stringify(architecture), id);
  }

  /** Persist one epoch's metrics (all splits) and the epoch counter atomically. */
  recordEpoch(id: number, epoch: number, metrics: EpochMetrics[]): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO metrics (run_id, epoch, split, name, value) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const { split, values } of metrics) {
        for (const [name, value] of Object.entries(values)) {
          // SQLite has no NaN/Infinity: a non-finite value is stored as NULL.
          insert.run(id, epoch, split, name, Number.isFinite(value) ? value : null);
        }
      }
      this.db.prepare('UPDATE runs SET epochs_done = MAX(epochs_done, ?) WHERE id = ?').run(epoch, id);
    })();
  }

  /**
   * Makes an interrupted or cancelled run `queued` again, to continue after `keep.epochs` epochs
   * and `keep.steps` steps: the epoch and step rows after them go (those epochs are trained again),
   * and `epochsPlanned`, when given, becomes its planned total (config included). The training time
   * recorded so far stays and `finish` adds the resumed part to it (an interrupted run has none
   * recorded: its process died before it could say). One transaction;
   * throws when the run is no longer interrupted or cancelled (another process resumed it).
   */
  prepareResume(id: number, keep: { epochs: number; steps: number }, epochsPlanned?: number): void {
    this.row(id);
    this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE runs SET status = 'queued', epochs_done = ?, error = NULL, ended_at = NULL, owner_pid = ?, owner_identity = ?
            WHERE id = ? AND status IN ('interrupted', 'cancelled')`,
        )
        .run(keep.epochs, ownerPid(this.owner), this.owner, id).changes;
      if (changed !== 1) throw new Error(`run ${id} is no longer interrupted or cancelled: it was resumed meanwhile`);
      this.db.prepare('DELETE FROM metrics WHERE run_id = ? AND epoch > ?').run(id, keep.epochs);
      this.db.prepare('DELETE FROM run_steps WHERE run_id = ? AND step > ?').run(id, keep.steps);
      if (epochsPlanned !== undefined) {
        this.db
          .prepare(`UPDATE runs SET epochs_planned = ?, config_json = json_set(config_json, '$.training.epochs', ?) WHERE id = ?`)
          .run(epochsPlanned, epochsPlanned, id);
      }
    })();
  }

  finish(id: number, status: RunStatus, error: string | null): void {
    const row = this.row(id);
    // duration_ms is set while a run is queued or trains only when it was resumed: the time of its earlier parts.
    const earlier = row.status === 'queued' || row.status === 'running' ? (row.duration_ms ?? 0) : 0;
    const durationMs = row.started_at ? Date.now() - Date.parse(row.started_at) + earlier : row.duration_ms;
    this.db
      .prepare('UPDATE runs SET status = ?, error = ?, ended_at = ?, duration_ms = ?, owner_pid = NULL, owner_identity = NULL WHERE id = ?')
      .run(status, error, now(), durationMs, id);
  }

  /**
   * Runs left `running` or `queued` by a process that no longer runs become `interrupted`; their
   * committed epochs stay. The owner is its process identity (pid and start time), so neither a
   * reused pid nor a zombie keeps a dead run alive; rows of older versions carry only the pid.
   * Returns the ids changed.
   */
  recoverOrphans(isAlive: (owner: ProcessIdentity) => boolean = isIdentityAlive): number[] {
    const rows = this.db
      // Remote members (issue 15) live on the queue, not in a process of ours: their owner collects them.
      .prepare(
        `SELECT id, owner_pid, owner_identity FROM runs WHERE status IN ('running', 'queued') AND id NOT IN (SELECT run_id FROM remote_members)`,
      )
      .all() as { id: number; owner_pid: number | null; owner_identity: string | null }[];
    const orphans = rows
      .filter((r) => {
        const owner = r.owner_identity ?? (r.owner_pid === null ? null : String(r.owner_pid));
        return owner === null || !isAlive(owner);
      })
      .map((r) => r.id);
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', ended_at = ?, owner_pid = NULL, owner_identity = NULL,
         error = COALESCE(error, 'the process running it stopped before the run ended') WHERE id = ?`,
    );
    this.db.transaction(() => orphans.forEach((id) => mark.run(now(), id)))();
    return orphans;
  }

  metrics(id: number): EpochMetrics[] {
    this.row(id);
    const rows = this.db
      .prepare('SELECT epoch, split, name, value FROM metrics WHERE run_id = ? ORDER BY epoch, split')
      .all(id) as { epoch: number; split: 'train' | 'val'; name: string; value: number | null }[];
    const byKey = new Map<string, EpochMetrics>();
    for (const r of rows) {
      const key = `${r.epoch}:${r.split}`;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { epoch: r.epoch, split: r.split, values: {} }));
      (entry.values as Record<string, number>)[r.name] = r.value ?? Number.NaN;
    }
    return [...byKey.values()];
  }

  /** The reference of a stored config, read without validating the whole config (lists stay cheap). */
  private reference(configJson: string): Reference | null {
    const parsed = referenceSchema.safeParse((JSON.parse(configJson) as { reference?: unknown }).reference);
    return parsed.success ? parsed.data : null;
  }

  private referenceComparison(id: number, reference: Reference | null): ReferenceComparison | null {
    if (!reference) return null;
    const points = this.db
      .prepare('SELECT epoch, value FROM metrics WHERE run_id = ? AND split = ? AND name = ? AND value IS NOT NULL')
      .all(id, reference.split, reference.metric) as { epoch: number; value: number }[];
    return compareWithReference(reference, points);
  }

  private finalMetrics(id: number): { train: MetricValues; val: MetricValues } {
    const rows = this.db
      .prepare(
        `SELECT m.split, m.name, m.value FROM metrics m
           JOIN (SELECT split, MAX(epoch) AS epoch FROM metrics WHERE run_id = ? GROUP BY split) last
             ON m.split = last.split AND m.epoch = last.epoch
          WHERE m.run_id = ?`,
      )
      .all(id, id) as { split: 'train' | 'val'; name: string; value: number | null }[];
    const result = { train: {} as Record<string, number>, val: {} as Record<string, number> };
    for (const r of rows) result[r.split][r.name] = r.value ?? Number.NaN;
    return result;
  }

  setArtifact(runId: number, kind: string, relPath: string, epoch: number | null): void {
    this.db
      .prepare(
        `INSERT INTO artifacts (run_id, kind, path, epoch, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, kind) DO UPDATE SET path = excluded.path, epoch = excluded.epoch, created_at = excluded.created_at`,
      )
      .run(runId, kind, relPath, epoch, now());
  }

  artifacts(runId: number): Artifact[] {
    return (this.db.prepare('SELECT * FROM artifacts WHERE run_id = ? ORDER BY id').all(runId) as ArtifactRow[]).map((r) => ({
      id: r.id,
      runId: r.run_id,
      kind: r.kind,
      path: r.path,
      epoch: r.epoch,
      createdAt: r.created_at,
    }));
  }

  update(id: number, patch: { name?: string; tags?: string[]; notes?: string }): RunSummary {
    this.row(id);
    this.db.transaction(() => {
      if (patch.name !== undefined) this.db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(patch.name, id);
      if (patch.notes !== undefined) this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(patch.notes, id);
      if (patch.tags !== undefined) {
        this.db.prepare('DELETE FROM run_tags WHERE run_id = ?').run(id);
        const insert = this.db.prepare('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)');
        for (const tag of patch.tags) insert.run(id, tag);
      }
    })();
    return this.summary(id);
  }

  delete(id: number): void {
    this.row(id);
    this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
  }

  private toSummary(row: RunRow): RunSummary {
    const tags = (this.db.prepare('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').all(row.id) as { tag: string }[]).map(
      (t) => t.tag,
    );
    const reference = this.reference(row.config_json);
    return {
      id: row.id,
      experimentId: row.experiment_id,
      name: row.name,
      status: row.status,
      presetId: row.preset_id,
      datasetId: row.dataset_id,
      modelKind: row.model_kind,
      backend: row.backend,
      epochsDone: row.epochs_done,
      epochsPlanned: row.epochs_planned,
      createdAt: row.created_at,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      finalMetrics: this.finalMetrics(row.id),
      error: row.error,
      tags,
      notes: row.notes,
      sweepId: row.sweep_id,
      config: parseStoredRunConfig(JSON.parse(row.config_json)),
      reference,
      referenceComparison: this.referenceComparison(row.id, reference),
    };
  }
}
