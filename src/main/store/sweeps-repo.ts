/**
 * Sweeps: a spec (base config + grid) and its member runs, which point back with runs.sweep_id.
 * A sweep and all its members are created in one transaction: either the whole group is queued or
 * nothing is.
 */
import type { RunStatus, RunSummary, SweepSummary } from '../../shared/api.js';
import type { RunConfig } from '../../shared/config.js';
import { parseSweepSpec, sweepStatus, type SweepSpec } from '../../shared/sweep.js';
import type { Db } from './db.js';
import { NotFoundError } from './errors.js';
import type { RunsRepo } from './runs-repo.js';

interface SweepRow {
  id: number;
  experiment_id: number;
  name: string;
  preset_id: string | null;
  spec_json: string;
  created_at: string;
}

export class SweepsRepo {
  constructor(
    private readonly db: Db,
    private readonly runs: RunsRepo,
  ) {}

  /** Insert the sweep and one queued run per member config, atomically. Returns the sweep id and run ids. */
  create(args: { experimentId: number; name: string; presetId: string | null; spec: SweepSpec; members: RunConfig[] }): {
    sweepId: number;
    runIds: number[];
  } {
    return this.db.transaction(() => {
      const info = this.db
        .prepare('INSERT INTO sweeps (experiment_id, name, preset_id, spec_json, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(args.experimentId, args.name, args.presetId, JSON.stringify(args.spec), new Date().toISOString());
      const sweepId = Number(info.lastInsertRowid);
      const runIds = args.members.map(
        (config) =>
          this.runs.create({ experimentId: args.experimentId, name: config.name ?? args.name, presetId: null, config, sweepId }).id,
      );
      return { sweepId, runIds };
    })();
  }

  private row(id: number): SweepRow {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as SweepRow | undefined;
    if (!row) throw new NotFoundError(`sweep ${id} does not exist`);
    return row;
  }

  spec(id: number): SweepSpec {
    return parseSweepSpec(JSON.parse(this.row(id).spec_json));
  }

  /** Member runs in expansion order (the order they were inserted). */
  members(id: number): RunSummary[] {
    this.row(id);
    const ids = this.db.prepare('SELECT id FROM runs WHERE sweep_id = ? ORDER BY id').all(id) as { id: number }[];
    return ids.map((r) => this.runs.summary(r.id));
  }

  summary(id: number): SweepSummary {
    return this.toSummary(this.row(id));
  }

  list(experimentId?: number): SweepSummary[] {
    const rows = (
      experimentId === undefined
        ? this.db.prepare('SELECT * FROM sweeps ORDER BY id').all()
        : this.db.prepare('SELECT * FROM sweeps WHERE experiment_id = ? ORDER BY id').all(experimentId)
    ) as SweepRow[];
    return rows.map((row) => this.toSummary(row));
  }

  private toSummary(row: SweepRow): SweepSummary {
    const counts = this.db.prepare('SELECT status, COUNT(*) AS n FROM runs WHERE sweep_id = ? GROUP BY status').all(row.id) as {
      status: RunStatus;
      n: number;
    }[];
    const statusCounts = Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<RunStatus, number>>;
    return {
      id: row.id,
      experimentId: row.experiment_id,
      name: row.name,
      presetId: row.preset_id,
      createdAt: row.created_at,
      memberCount: counts.reduce((sum, c) => sum + c.n, 0),
      statusCounts,
      status: sweepStatus(statusCounts),
    };
  }
}
