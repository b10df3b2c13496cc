/**
 * SQLite schema, migrated by `PRAGMA user_version`: migration i brings the database to version i + 1.
 * Append new migrations; never edit one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE experiments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    preset_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued','running','completed','failed','cancelled','interrupted','diverged')),
    config_json TEXT NOT NULL,
    dataset_id TEXT NOT NULL,
    model_kind TEXT NOT NULL,
    epochs_planned INTEGER NOT NULL,
    epochs_done INTEGER NOT NULL DEFAULT 0,
    backend TEXT,
    backend_report_json TEXT,
    architecture_json TEXT,
    error TEXT,
    notes TEXT NOT NULL DEFAULT '',
    owner_pid INTEGER,
    created_at TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    duration_ms INTEGER
  );
  CREATE INDEX runs_by_experiment ON runs(experiment_id);
  CREATE TABLE metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    split TEXT NOT NULL CHECK (split IN ('train','val')),
    name TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, epoch, split, name)
  ) WITHOUT ROWID;
  CREATE TABLE artifacts (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    epoch INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (run_id, kind)
  );
  CREATE TABLE run_tags (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (run_id, tag)
  ) WITHOUT ROWID;
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
  );
  `,
  // 2: sweeps. Deleting a sweep keeps its member runs as plain runs (their results are the data);
  // deleting the experiment removes both.
  `
  CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    preset_id TEXT,
    spec_json TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX sweeps_by_experiment ON sweeps(experiment_id);
  ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
  CREATE INDEX runs_by_sweep ON runs(sweep_id);
  `,
  // 3: run config schema 2 (src/shared/config.ts). Version-1 configs decayed weights decoupled and
  // initialised layers Glorot-uniform; both become explicit so that no later default can change what a
  // stored run meant. Sweep bases that name version 1 get the same; bases without a version are current.
  `
  UPDATE runs SET config_json = json_set(config_json,
      '$.schemaVersion', 2,
      '$.training.optimizer.weightDecayMode', COALESCE(json_extract(config_json, '$.training.optimizer.weightDecayMode'), 'decoupled'),
      '$.model.init', COALESCE(json_extract(config_json, '$.model.init'), 'glorotUniform'))
    WHERE json_extract(config_json, '$.schemaVersion') = 1;
  UPDATE sweeps SET spec_json = json_set(spec_json,
      '$.base.schemaVersion', 2,
      '$.base.training.optimizer.weightDecayMode', COALESCE(json_extract(spec_json, '$.base.training.optimizer.weightDecayMode'), 'decoupled'),
      '$.base.model.init', COALESCE(json_extract(spec_json, '$.base.model.init'), 'glorotUniform'))
    WHERE json_extract(spec_json, '$.base.schemaVersion') = 1;
  `,
  // 4: remote members (issue 15). A run trained by a worker through the queue: its job, the last
  // applied (attempt, seq) of its event stream (applying is idempotent), the worker of the current
  // attempt; the run's history (queued, started on, lost, restarted…); this store's owner id on the
  // queue and the last stream entry applied.
  `
  CREATE TABLE remote_members (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    job_id TEXT NOT NULL,
    queue TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL DEFAULT 0,
    worker_json TEXT
  );
  CREATE TABLE run_history (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX run_history_by_run ON run_history(run_id);
  CREATE TABLE queue_owner (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    owner_id TEXT NOT NULL,
    last_event_id TEXT NOT NULL DEFAULT '0'
  );
  `,
];
