import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { expandSweep, parseSweepSpec } from '../../../../src/shared/sweep.js';
import { Store } from '../../../../src/main/store/index.js';
import { MIGRATIONS } from '../../../../src/main/store/schema.js';

const spec = parseSweepSpec({
  name: 'grid',
  base: {
    dataset: { id: 'font5x7', valFraction: 0 },
    model: { kind: 'dense', encoder: [16, 2] },
    training: { epochs: 5, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01 } },
  },
  grid: [{ path: 'training.seed', values: [1, 2, 3] }],
});
const members = expandSweep(spec).map((m) => m.config);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-sweeps-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 2 (sweeps)', () => {
  it('upgrades a version-1 database in place, keeping its runs, metrics and tags as plain runs', () => {
    const file = path.join(dir, 'lab.sqlite');
    const v1 = new Database(file);
    v1.exec(MIGRATIONS[0]!);
    v1.pragma('user_version = 1');
    const config = JSON.stringify(members[0]);
    v1.prepare(`INSERT INTO experiments (id, name, closed, created_at) VALUES (1, 'Old', 0, '2026-01-01T00:00:00Z')`).run();
    v1.prepare(
      `INSERT INTO runs (id, experiment_id, name, status, config_json, dataset_id, model_kind, epochs_planned, epochs_done, created_at)
       VALUES (7, 1, 'old run', 'completed', ?, 'font5x7', 'dense', 5, 5, '2026-01-01T00:00:00Z')`,
    ).run(config);
    v1.prepare(`INSERT INTO metrics (run_id, epoch, split, name, value) VALUES (7, 5, 'val', 'loss', 0.25)`).run();
    v1.prepare(`INSERT INTO run_tags (run_id, tag) VALUES (7, 'kept')`).run();
    v1.close();

    const store = new Store(dir);
    try {
      const run = store.runs.summary(7);
      expect(run).toMatchObject({ name: 'old run', status: 'completed', epochsDone: 5, tags: ['kept'], sweepId: null });
      expect(run.finalMetrics.val).toEqual({ loss: 0.25 });
      expect(store.sweeps.list()).toEqual([]);
      // The upgraded database takes sweeps like a new one.
      const { sweepId } = store.sweeps.create({ experimentId: 1, name: 'grid', presetId: null, spec, members });
      expect(store.sweeps.members(sweepId)).toHaveLength(3);
    } finally {
      store.close();
    }
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });
});

describe('SweepsRepo', () => {
  let store: Store;
  beforeEach(() => {
    store = new Store(dir);
  });
  afterEach(() => store.close());

  it('creates a sweep and its queued member runs, in order, pointing back at it', () => {
    const exp = store.experiments.create('Tab');
    const { sweepId, runIds } = store.sweeps.create({ experimentId: exp.id, name: 'grid', presetId: 'p', spec, members });
    expect(store.sweeps.summary(sweepId)).toMatchObject({
      name: 'grid',
      presetId: 'p',
      memberCount: 3,
      statusCounts: { queued: 3 },
      status: 'queued',
    });
    expect(store.sweeps.members(sweepId).map((m) => [m.id, m.sweepId, m.status])).toEqual(runIds.map((id) => [id, sweepId, 'queued']));
    expect(store.sweeps.spec(sweepId)).toEqual(spec);
    store.runs.markRunning(runIds[0]!);
    store.runs.finish(runIds[1]!, 'completed', null);
    expect(store.sweeps.summary(sweepId)).toMatchObject({ status: 'running', statusCounts: { running: 1, completed: 1, queued: 1 } });
  });

  it('creates nothing when any insert fails (one transaction)', () => {
    expect(() => store.sweeps.create({ experimentId: 42, name: 'grid', presetId: null, spec, members })).toThrow(/FOREIGN KEY/);
    // The third member cannot be written (JSON has no BigInt): the sweep and the first two go too.
    const exp = store.experiments.create('Tab');
    const unwritable = { ...members[2]!, seedBig: 1n } as unknown as (typeof members)[number];
    expect(() => store.sweeps.create({ experimentId: exp.id, name: 'grid', presetId: null, spec, members: [members[0]!, members[1]!, unwritable] })).toThrow(
      /BigInt/,
    );
    expect(store.sweeps.list()).toEqual([]);
    expect(store.runs.list()).toEqual([]);
  });

  it('keeps the member runs as plain runs when the sweep row goes; deleting the experiment removes both', () => {
    const exp = store.experiments.create('Tab');
    const { sweepId, runIds } = store.sweeps.create({ experimentId: exp.id, name: 'grid', presetId: null, spec, members });
    store.runs.delete(runIds[0]!);
    expect(store.sweeps.summary(sweepId).memberCount).toBe(2);
    const db = new Database(path.join(dir, 'lab.sqlite'));
    db.pragma('foreign_keys = ON');
    db.prepare('DELETE FROM sweeps WHERE id = ?').run(sweepId);
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs WHERE sweep_id IS NULL').get()).toEqual({ n: 2 });
    const other = store.sweeps.create({ experimentId: exp.id, name: 'again', presetId: null, spec, members: [parseRunConfig(members[0])] });
    db.prepare('DELETE FROM experiments WHERE id = ?').run(exp.id);
    db.close();
    expect(store.sweeps.list()).toEqual([]);
    expect(() => store.sweeps.summary(other.sweepId)).toThrow(/sweep \d+ does not exist/);
  });
});
