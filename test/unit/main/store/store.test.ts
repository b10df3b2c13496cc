import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { Store } from '../../../../src/main/store/index.js';
import { MIGRATIONS } from '../../../../src/main/store/schema.js';
import { currentIdentity } from '../../../../src/main/store/process-identity.js';

const config = parseRunConfig({
  dataset: { id: 'font5x7', valFraction: 0 },
  model: { kind: 'dense', encoder: [16, 2] },
  training: { epochs: 5, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01 } },
});

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-store-'));
  store = new Store(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Store', () => {
  it('opens with WAL, foreign keys, synchronous=FULL and the latest schema version', () => {
    store.close();
    const db = new Database(path.join(dir, 'lab.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    store = new Store(dir);
  });

  it('refuses a database from a newer version of the app', () => {
    store.close();
    const db = new Database(path.join(dir, 'lab.sqlite'));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new Store(dir)).toThrow(/newer than this Latent Lab understands/);
    fs.rmSync(path.join(dir, 'lab.sqlite'));
    store = new Store(dir);
  });

  it('records epochs and reports the last metrics of each split as final', () => {
    const exp = store.experiments.create('Tab');
    const run = store.runs.create({ experimentId: exp.id, name: 'r', presetId: null, config });
    store.runs.markRunning(run.id);
    store.runs.recordEpoch(run.id, 1, [
      { epoch: 1, split: 'train', values: { loss: 0.5 } },
      { epoch: 1, split: 'val', values: { loss: 0.6, maxWrongPixels: 4 } },
    ]);
    store.runs.recordEpoch(run.id, 2, [{ epoch: 2, split: 'train', values: { loss: 0.4 } }]);
    const summary = store.runs.summary(run.id);
    expect(summary.epochsDone).toBe(2);
    expect(summary.finalMetrics).toEqual({ train: { loss: 0.4 }, val: { loss: 0.6, maxWrongPixels: 4 } });
    expect(store.runs.metrics(run.id)).toHaveLength(3);
    expect(store.runs.detail(run.id).config).toEqual(config);
  });

  it('stores a non-finite metric as NaN rather than failing the epoch', () => {
    const exp = store.experiments.create('Tab');
    const run = store.runs.create({ experimentId: exp.id, name: 'r', presetId: null, config });
    store.runs.recordEpoch(run.id, 1, [{ epoch: 1, split: 'train', values: { loss: Number.POSITIVE_INFINITY } }]);
    expect(store.runs.metrics(run.id)[0]!.values.loss).toBeNaN();
  });

  it('marks runs of dead processes interrupted and keeps their epochs; live owners are left alone', () => {
    const exp = store.experiments.create('Tab');
    const orphan = store.runs.create({ experimentId: exp.id, name: 'orphan', presetId: null, config });
    const live = store.runs.create({ experimentId: exp.id, name: 'live', presetId: null, config });
    store.runs.markRunning(orphan.id, '999999@gone');
    store.runs.markRunning(live.id);
    store.runs.recordEpoch(orphan.id, 1, [{ epoch: 1, split: 'train', values: { loss: 0.3 } }]);
    const changed = store.runs.recoverOrphans((owner) => owner === currentIdentity());
    expect(changed).toEqual([orphan.id]);
    expect(store.runs.summary(orphan.id).status).toBe('interrupted');
    expect(store.runs.summary(orphan.id).epochsDone).toBe(1);
    expect(store.runs.summary(live.id).status).toBe('running');
  });

  it('edits tags and notes, and deleting a run removes its metrics and artifacts', () => {
    const exp = store.experiments.create('Tab');
    const run = store.runs.create({ experimentId: exp.id, name: 'r', presetId: null, config });
    store.runs.recordEpoch(run.id, 1, [{ epoch: 1, split: 'train', values: { loss: 0.3 } }]);
    store.runs.setArtifact(run.id, 'model', 'runs/1/model', 1);
    store.runs.setArtifact(run.id, 'model', 'runs/1/model', 2);
    expect(store.runs.artifacts(run.id)).toHaveLength(1);
    expect(store.runs.update(run.id, { tags: ['b', 'a', 'a'], notes: 'good' })).toMatchObject({ tags: ['a', 'b'], notes: 'good' });
    store.runs.delete(run.id);
    expect(() => store.runs.summary(run.id)).toThrow(/does not exist/);
    expect(store.runs.list()).toHaveLength(0);
  });

  it('keeps experiments, closes and reopens tabs', () => {
    const exp = store.experiments.create('First');
    expect(store.experiments.setClosed(exp.id, true).closed).toBe(true);
    expect(store.experiments.rename(exp.id, 'Renamed')).toMatchObject({ name: 'Renamed', closed: true });
    expect(store.experiments.setClosed(exp.id, false).closed).toBe(false);
  });
});
