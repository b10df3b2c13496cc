/**
 * `latent-lab resume` on real processes: a run trained 6 epochs straight vs the same config killed
 * with SIGKILL after its epoch-3 checkpoint and resumed, on the same backend (wasm). The final
 * checkpoints must be byte-identical and the run's record must hold epochs 1..6 once each, with
 * the straight run's values. Plus the refusals and the restart of a run killed before any checkpoint.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/latent-lab.js');
let home: string;
const env = (): NodeJS.ProcessEnv => ({ ...process.env, LATENT_LAB_HOME: home });

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Starts `train --json` and kills it with SIGKILL as soon as a stdout line matches `when`; returns the run id. */
async function trainAndKill(config: string, when: RegExp): Promise<number> {
  const child = spawn(process.execPath, [BIN, 'train', '--config', config, '--json', '--backend', 'wasm'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (when.test(stdout)) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('close', () => reject(new Error(`train ended before ${when} was printed:\n${stdout}`)));
  });
  await closed;
  expect(child.signalCode).toBe('SIGKILL');
  expect(stdout).not.toContain('"completed"');
  return jsonLines(stdout)[0]!.runId as number;
}

function writeConfig(name: string, model: object, training: object = {}): string {
  const file = path.join(home, `${name}.json`);
  const config = {
    dataset: { id: 'spiral3d', valFraction: 0.2 },
    model,
    training: {
      epochs: 6, batchSize: 8, seed: 5, checkpointEvery: 3, validationEvery: 1, loss: 'mse',
      optimizer: { name: 'adam', learningRate: 0.003 }, lrSchedule: { kind: 'step', factor: 0.5, everyEpochs: 2 }, ...training,
    },
  };
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

/** Every file of a run's checkpoint folder, by relative path; the training state's manifest without its wall time (elapsedMs). */
function checkpointFiles(runId: number): Record<string, Buffer> {
  const dir = path.join(home, 'runs', String(runId), 'model');
  const files: Record<string, Buffer> = {};
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name === 'training-state.json') {
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, child), 'utf8')) as { elapsedMs?: number };
        expect(manifest.elapsedMs).toBeGreaterThan(0);
        delete manifest.elapsedMs;
        files[child] = Buffer.from(JSON.stringify(manifest));
      } else if (entry.name !== 'model.json') files[child] = fs.readFileSync(path.join(dir, child));
    }
  };
  walk('');
  return files;
}

/** Read straight from the store (cheaper than a CLI process per question). */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(home, 'lab.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const epochRows = (runId: number) => query<{ epoch: number; split: string; name: string; value: number }>('SELECT epoch, split, name, value FROM metrics WHERE run_id = ? ORDER BY epoch, split, name', runId);
const trainEpochs = (runId: number): number[] => query<{ epoch: number }>("SELECT DISTINCT epoch FROM metrics WHERE run_id = ? AND split = 'train' ORDER BY epoch", runId).map((r) => r.epoch);
const statusOf = (runId: number): string => query<{ status: string }>('SELECT status FROM runs WHERE id = ?', runId)[0]!.status;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-resume-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('latent-lab resume (kill -9, then resume)', () => {
  const kinds = [
    { name: 'dense AE, batch norm, Adam, step schedule', model: { kind: 'dense', encoder: [32, 16, 2], batchNormCode: true } },
    { name: 'VAE (log-variance head, sampling noise)', model: { kind: 'vae', encoder: [32], latent: 2 } },
  ];
  for (const kind of kinds) {
    it(`6 epochs straight = 3 epochs + kill -9 + resume, bit for bit: ${kind.name}`, async () => {
      const config = writeConfig(kind.model.kind, kind.model);
      const straight = cli(['train', '--config', config, '--json', '--backend', 'wasm']);
      expect(straight.code).toBe(0);
      const straightId = jsonLines(straight.stdout)[0]!.runId as number;

      // Epoch 4's line comes after the epoch-3 checkpoint is on disk (the loop saves it before epoch 4 starts).
      const killedId = await trainAndKill(config, /"epoch":4,/);
      // The store still says `running` (nobody marked it): the next start makes it `interrupted`, and resume takes it from there.
      expect(statusOf(killedId)).toBe('running');

      const resumed = cli(['resume', String(killedId), '--json']);
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      const lines = jsonLines(resumed.stdout);
      expect(lines[0]).toMatchObject({ event: 'resumed', runId: killedId, epochs: 6, fromEpoch: 3, fromBatch: 0, restarted: false });
      expect(lines[1]).toMatchObject({ event: 'running', runId: killedId });
      expect(lines.filter((l) => l.event === 'epoch').map((l) => l.epoch)).toEqual([4, 5, 6]);
      expect(lines.at(-1)).toMatchObject({ event: 'completed', runId: killedId, epochs: 6 });

      // Same final weights and optimizer state, byte for byte.
      const a = checkpointFiles(straightId);
      const b = checkpointFiles(killedId);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      expect(Object.keys(a)).toContain('training-state.bin');
      for (const file of Object.keys(a)) expect(b[file]!.equals(a[file]!), file).toBe(true);
      // The curve: epochs 1..6 once each per split, with the straight run's values.
      const rows = epochRows(killedId);
      expect(trainEpochs(killedId)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(rows).toEqual(epochRows(straightId));
      expect(statusOf(killedId)).toBe('completed');
    });
  }

  it('starts over a run killed before its first checkpoint, and says so', async () => {
    const config = writeConfig('early', { kind: 'dense', encoder: [8, 2] }, { epochs: 4, checkpointEvery: 3 });
    const id = await trainAndKill(config, /"epoch":1,/);
    const resumed = cli(['resume', String(id)]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`run ${id} "`);
    expect(resumed.stdout).toContain('had no checkpoint to continue from: it starts over (4 epochs)');
    expect(trainEpochs(id)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a completed run, a missing run and a checkpoint written before resumable checkpoints, with exit code 1', async () => {
    const config = writeConfig('old', { kind: 'dense', encoder: [8, 2] }, { epochs: 6, checkpointEvery: 1 });
    const id = await trainAndKill(config, /"epoch":2,/);
    // What a checkpoint of an older version holds: the models only.
    for (const dir of ['model', 'model.previous']) {
      for (const file of ['training-state.json', 'training-state.bin']) fs.rmSync(path.join(home, 'runs', String(id), dir, file), { force: true });
    }
    const old = cli(['resume', String(id), '--json']);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain(`latent-lab: run ${id}: this run's checkpoint predates resumable checkpoints`);
    expect(jsonLines(old.stdout)).toEqual([{ event: 'failed', runId: null, error: expect.stringContaining('predates resumable checkpoints'), metrics: {} }]);
    const show = jsonLines(cli(['show', String(id), '--json']).stdout)[0]!;
    expect(show).toMatchObject({ status: 'interrupted', resume: { resumable: false, reason: 'old-checkpoint' } });

    const completed = query<{ id: number }>("SELECT id FROM runs WHERE status = 'completed'")[0]!;
    const again = cli(['resume', String(completed.id)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`latent-lab: run ${completed.id} is completed: only interrupted or cancelled runs can be resumed\n`);
    expect(cli(['resume', '999']).stderr).toBe('latent-lab: run 999 does not exist\n');
    expect(cli(['resume']).code).toBe(2);
  });
});
