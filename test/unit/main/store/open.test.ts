import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { Store, StoreError } from '../../../../src/main/store/index.js';
import { MIGRATIONS } from '../../../../src/main/store/schema.js';

const config = parseRunConfig({
  dataset: { id: 'font5x7', valFraction: 0 },
  model: { kind: 'dense', encoder: [16, 2] },
  training: { epochs: 5, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01 } },
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-open-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

/** Fill the database with enough rows to span many pages, then overwrite some of its pages with garbage. */
function damageDatabase(): void {
  const store = new Store(dir);
  const exp = store.experiments.create('Tab');
  for (let i = 0; i < 200; i++) {
    const run = store.runs.create({ experimentId: exp.id, name: `run ${i} ${'x'.repeat(200)}`, presetId: null, config });
    store.runs.recordEpoch(run.id, 1, [{ epoch: 1, split: 'train', values: { loss: i } }]);
  }
  store.close();
  const file = path.join(dir, 'lab.sqlite');
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fd = fs.openSync(file, 'r+');
  const pageSize = 4096;
  for (const page of [3, 5, 8, 13]) fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
  fs.closeSync(fd);
}

describe('opening the run store', () => {
  it('says plainly that a damaged database is damaged, and that there is no backup', () => {
    damageDatabase();
    const error = thrown(() => new Store(dir));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/lab\.sqlite: the run store is damaged \(.+\)\. There is no backup of it\./);
    expect(error.message).not.toMatch(/unable to open database file/);
  });

  it('a file that is not a database at all is reported as damaged too', () => {
    fs.writeFileSync(path.join(dir, 'lab.sqlite'), 'this is not sqlite, it is a text file that got in the way\n'.repeat(100));
    expect(thrown(() => new Store(dir)).message).toMatch(/lab\.sqlite: the run store is damaged/);
  });

  it('backs the database up before migrating it, once per version, and names the backup when damage is found', () => {
    // A database at schema version 1, as an older Latent Lab left it.
    const file = path.join(dir, 'lab.sqlite');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO experiments (name, closed, created_at) VALUES ('Old', 0, '2026-01-01')").run();
    old.close();
    const store = new Store(dir);
    store.close();
    const backup = path.join(dir, 'lab.sqlite.v1.bak');
    expect(fs.existsSync(backup)).toBe(true);
    const copy = new Database(backup, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(copy.prepare('SELECT name FROM experiments').all()).toEqual([{ name: 'Old' }]);
    copy.close();
    // Opening the migrated store again makes no new backup.
    new Store(dir).close();
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.bak'))).toEqual(['lab.sqlite.v1.bak']);

    damageDatabase();
    expect(thrown(() => new Store(dir)).message).toContain(`The last backup is ${backup}`);
  });

  it('a data folder that cannot be created is named, with what to do', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const error = thrown(() => new Store(path.join(blocker, 'home')));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/cannot create the data folder .*a-file\/home \(ENOTDIR\).*--home DIR or LATENT_LAB_HOME/);
  });

  // root may write anywhere, so only an ordinary user can see this refusal.
  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('a read-only data folder is named as not writable', () => {
    fs.chmodSync(dir, 0o555);
    try {
      expect(thrown(() => new Store(dir)).message).toMatch(/the data folder .* is not writable \(EACCES\)/);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });

  it('opens runs whose stored config holds fields this version no longer knows', () => {
    const store = new Store(dir);
    const exp = store.experiments.create('Tab');
    const run = store.runs.create({ experimentId: exp.id, name: 'old', presetId: null, config });
    store.close();
    const db = new Database(path.join(dir, 'lab.sqlite'));
    const stored = { ...config, training: { ...config.training, retiredOption: true } };
    db.prepare('UPDATE runs SET config_json = ? WHERE id = ?').run(JSON.stringify(stored), run.id);
    db.close();
    const reopened = new Store(dir);
    try {
      expect(reopened.runs.detail(run.id).config).toEqual(config);
    } finally {
      reopened.close();
    }
  });
});
