/**
 * Opens the run store: one SQLite file per data directory, WAL, foreign keys, synchronous=FULL,
 * migrated to the latest schema. The main process (or CLI process) is the only writer.
 *
 * Opening says plainly what is wrong instead of SQLite's codes: a data folder that cannot be
 * written, a database file that is damaged (`PRAGMA quick_check` runs at every open) and where the
 * backup is. Before a migration changes an existing database, a copy is kept as
 * `lab.sqlite.v<version>.bak` (once per version).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export const DATABASE_FILE = 'lab.sqlite';
const BACKUP = /^lab\.sqlite\.v(\d+)\.bak$/;

/** Backups next to the database, newest schema version first. */
export function databaseBackups(dataDir: string): string[] {
  const names = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter((name) => BACKUP.test(name)) : [];
  return names
    .sort((a, b) => Number(BACKUP.exec(b)![1]) - Number(BACKUP.exec(a)![1]))
    .map((name) => path.join(dataDir, name));
}

function damaged(dataDir: string, file: string, what: string): StoreError {
  const [backup] = databaseBackups(dataDir);
  const restore = backup
    ? `The last backup is ${backup}: quit Latent Lab, move ${file} aside, and copy the backup to ${file} (runs after the backup are lost).`
    : 'There is no backup of it. Move it aside to start with an empty run store (runs/ keeps the files of your runs).';
  return new StoreError(`${file}: the run store is damaged (${what}). ${restore}`);
}

/** Why the data folder cannot hold a database we can write, or null when it can. */
function unwritable(dataDir: string, file: string): string | null {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    return `cannot create the data folder ${dataDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  for (const target of [dataDir, file]) {
    if (target === file && !fs.existsSync(file)) continue;
    try {
      fs.accessSync(target, fs.constants.R_OK | fs.constants.W_OK);
    } catch (error) {
      const what = target === dataDir ? 'the data folder' : 'the run store';
      return `${what} ${target} is not writable (${(error as NodeJS.ErrnoException).code ?? 'no permission'})`;
    }
  }
  return null;
}

export function openDatabase(dataDir: string): Db {
  const file = path.join(dataDir, DATABASE_FILE);
  const problem = unwritable(dataDir, file);
  if (problem) {
    throw new StoreError(`${problem}: Latent Lab keeps its runs there. Choose another folder with --home DIR or LATENT_LAB_HOME, or make it writable.`);
  }
  let db: Db;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) throw damaged(dataDir, file, (error as Error).message);
    throw new StoreError(`${file}: cannot open the run store (${(error as Error).message})`);
  }
  try {
    const check = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
    const problems = check.map((row) => row.quick_check).filter((line) => line !== 'ok');
    if (problems.length > 0) throw damaged(dataDir, file, `quick_check: ${problems.slice(0, 3).join('; ')}`);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    migrate(db, dataDir, file);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) throw damaged(dataDir, file, (error as Error).message);
    throw new StoreError(`${file}: cannot open the run store (${(error as Error).message})`);
  }
  return db;
}

function migrate(db: Db, dataDir: string, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StoreError(
      `${file}: the run store has schema version ${version}, newer than this Latent Lab understands (${MIGRATIONS.length}); update the app`,
    );
  }
  if (version > 0 && version < MIGRATIONS.length) {
    const backup = path.join(dataDir, `${DATABASE_FILE}.v${version}.bak`);
    // A consistent copy even while WAL holds recent pages; kept if one exists already.
    if (!fs.existsSync(backup)) db.prepare('VACUUM INTO ?').run(backup);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
