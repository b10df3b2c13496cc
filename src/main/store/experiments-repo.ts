import type { Experiment } from '../../shared/api.js';
import type { Db } from './db.js';
import { NotFoundError } from './errors.js';

interface ExperimentRow {
  id: number;
  name: string;
  closed: number;
  created_at: string;
}

const toExperiment = (row: ExperimentRow): Experiment => ({
  id: row.id,
  name: row.name,
  closed: row.closed === 1,
  createdAt: row.created_at,
});

export class ExperimentsRepo {
  constructor(private readonly db: Db) {}

  list(): Experiment[] {
    return (this.db.prepare('SELECT * FROM experiments ORDER BY id').all() as ExperimentRow[]).map(toExperiment);
  }

  get(id: number): Experiment {
    const row = this.db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined;
    if (!row) throw new NotFoundError(`experiment ${id} does not exist`);
    return toExperiment(row);
  }

  findByName(name: string): Experiment | null {
    const row = this.db.prepare('SELECT * FROM experiments WHERE name = ? ORDER BY id LIMIT 1').get(name) as
      | ExperimentRow
      | undefined;
    return row ? toExperiment(row) : null;
  }

  create(name: string): Experiment {
    const info = this.db
      .prepare('INSERT INTO experiments (name, closed, created_at) VALUES (?, 0, ?)')
      .run(name, new Date().toISOString());
    return this.get(Number(info.lastInsertRowid));
  }

  rename(id: number, name: string): Experiment {
    this.get(id);
    this.db.prepare('UPDATE experiments SET name = ? WHERE id = ?').run(name, id);
    return this.get(id);
  }

  setClosed(id: number, closed: boolean): Experiment {
    this.get(id);
    this.db.prepare('UPDATE experiments SET closed = ? WHERE id = ?').run(closed ? 1 : 0, id);
    return this.get(id);
  }
}
