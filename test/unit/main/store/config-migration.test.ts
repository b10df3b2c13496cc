/**
 * Run config schema 1 → 2 in the store: a database written by a version-1 app, with a run and a
 * sweep, opened by this one keeps what each stored run meant (decoupled decay, Glorot init).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../../src/main/store/index.js';
import { MIGRATIONS } from '../../../../src/main/store/schema.js';

/** A config exactly as a version-1 app stored it (defaults filled in, no mode, no init). */
const V1_CONFIG = {
  schemaVersion: 1,
  name: 'old',
  dataset: { id: 'mnist', valFraction: 0.1 },
  model: { kind: 'dense', encoder: [128], activation: 'relu', outputActivation: 'sigmoid', batchNormCode: false, weightDecay: 0 },
  training: {
    epochs: 20,
    batchSize: 128,
    optimizer: { name: 'adam', learningRate: 0.001, momentum: 0, beta1: 0.9, beta2: 0.999, weightDecay: 1e-5 },
    loss: 'mse',
    seed: 42,
    shuffle: true,
    validationEvery: 1,
    lrSchedule: { kind: 'constant' },
    checkpointEvery: 10,
  },
};

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('store migration 3: run configs to schema 2', () => {
  it('makes the old meaning explicit in stored runs and sweeps, leaving newer configs alone', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-migrate-'));
    const db = new Database(path.join(dir, 'lab.sqlite'));
    db.exec(MIGRATIONS[0]!);
    db.exec(MIGRATIONS[1]!);
    db.pragma('user_version = 2');
    db.prepare(`INSERT INTO experiments (id, name, created_at) VALUES (1, 'Tab', '2026-01-01')`).run();
    db.prepare(`INSERT INTO sweeps (id, experiment_id, name, spec_json, created_at) VALUES (1, 1, 'g', ?, '2026-01-01')`).run(
      JSON.stringify({ schemaVersion: 1, name: 'g', base: V1_CONFIG, grid: [{ path: 'model.encoder', values: [[64]] }] }),
    );
    const insertRun = db.prepare(
      `INSERT INTO runs (id, experiment_id, name, status, config_json, dataset_id, model_kind, epochs_planned, created_at)
       VALUES (?, 1, 'r', 'completed', ?, 'mnist', 'dense', 20, '2026-01-01')`,
    );
    insertRun.run(1, JSON.stringify(V1_CONFIG));
    const v2 = { ...V1_CONFIG, schemaVersion: 2, model: { ...V1_CONFIG.model, init: 'torch' } };
    v2.training = { ...V1_CONFIG.training, optimizer: { ...V1_CONFIG.training.optimizer, weightDecayMode: 'coupled' } as never };
    insertRun.run(2, JSON.stringify(v2));
    db.close();

    const store = new Store(dir);
    try {
      const old = store.runs.detail(1).config;
      expect(old.schemaVersion).toBe(2);
      expect(old.training.optimizer.weightDecayMode).toBe('decoupled');
      expect(old.training.optimizer.weightDecay).toBe(1e-5);
      expect(old.model.init).toBe('glorotUniform');
      const newer = store.runs.detail(2).config;
      expect(newer.training.optimizer.weightDecayMode).toBe('coupled');
      expect(newer.model.init).toBe('torch');
    } finally {
      store.close();
    }
    const raw = new Database(path.join(dir, 'lab.sqlite'));
    const stored = JSON.parse((raw.prepare('SELECT config_json FROM runs WHERE id = 1').get() as { config_json: string }).config_json);
    expect(stored.schemaVersion).toBe(2);
    expect(stored.training.optimizer.weightDecayMode).toBe('decoupled');
    const spec = JSON.parse((raw.prepare('SELECT spec_json FROM sweeps WHERE id = 1').get() as { spec_json: string }).spec_json);
    expect(spec.base.schemaVersion).toBe(2);
    expect(spec.base.training.optimizer.weightDecayMode).toBe('decoupled');
    expect(spec.base.model.init).toBe('glorotUniform');
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
  });
});
