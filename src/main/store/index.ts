/** The run store: SQLite database plus artifact files under the data directory. */
import type { Settings } from '../../shared/api.js';
import { openDatabase, type Db } from './db.js';
import { ExperimentsRepo } from './experiments-repo.js';
import { RemoteRepo } from './remote-repo.js';
import { RunsRepo } from './runs-repo.js';
import { SweepsRepo } from './sweeps-repo.js';

export { NotFoundError } from './errors.js';
export { StoreError } from './db.js';

export class Store {
  readonly experiments: ExperimentsRepo;
  readonly runs: RunsRepo;
  readonly sweeps: SweepsRepo;
  readonly remote: RemoteRepo;
  private readonly db: Db;

  constructor(readonly dataDir: string) {
    this.db = openDatabase(dataDir);
    this.experiments = new ExperimentsRepo(this.db);
    this.runs = new RunsRepo(this.db);
    this.sweeps = new SweepsRepo(this.db, this.runs);
    this.remote = new RemoteRepo(this.db);
  }

  getSetting<K extends keyof Settings>(key: K): Settings[K] | undefined {
    const row = this.db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
    return row ? (JSON.parse(row.value_json) as Settings[K]) : undefined;
  }

  setSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
    this.db
      .prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json')
      .run(key, JSON.stringify(value));
  }

  close(): void {
    this.db.close();
  }
}
