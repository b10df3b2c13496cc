/**
 * The `latent-lab` command as a user runs it: real processes, a real SQLite store in a temp
 * LATENT_LAB_HOME, real training on the built-in font dataset.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/latent-lab.js');
let home: string;

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, LATENT_LAB_HOME: home, ...extraEnv },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cli-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('latent-lab CLI', () => {
  it('lists presets, including the font exercise, as JSON lines', () => {
    const { code, stdout } = cli(['presets', '--json']);
    expect(code).toBe(0);
    const ids = jsonLines(stdout).map((p) => p.id);
    expect(ids).toContain('font5x7-2d');
    expect(ids).toContain('mnist-dense-128-relu');
  });

  it('reports the built-in datasets as available', () => {
    const { code, stdout } = cli(['datasets', '--json']);
    expect(code).toBe(0);
    const byId = Object.fromEntries(jsonLines(stdout).map((d) => [d.id, d]));
    expect(byId.font5x7).toMatchObject({ available: true, binary: true });
    expect(byId.mnist).toMatchObject({ available: true });
    expect(byId.cifar10).toBeDefined();
  });

  it('trains a preset, stores the run and exports its models', () => {
    const { code, stdout, stderr } = cli(['train', '--preset', 'font5x7-2d', '--epochs', '3', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines.slice(0, 2).map((l) => l.event)).toEqual(['queued', 'running']);
    expect(lines.filter((l) => l.event === 'epoch')).toHaveLength(3);
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ event: 'completed', epochs: 3 });
    const metrics = last.metrics as Record<string, unknown>;
    expect(typeof metrics.maxWrongPixels).toBe('number');
    expect(metrics.train).toHaveProperty('loss');
    const runId = last.runId as number;

    const runs = jsonLines(cli(['runs', '--json']).stdout);
    expect(runs.find((r) => r.id === runId)).toMatchObject({ status: 'completed', epochsDone: 3, backend: 'wasm' });

    const shown = jsonLines(cli(['show', String(runId), '--json']).stdout)[0]!;
    expect((shown.metrics as unknown[]).length).toBeGreaterThanOrEqual(3);
    expect((shown.backendReport as { skipped: unknown[] }).skipped.length).toBeGreaterThan(0);

    const target = path.join(home, 'exported');
    expect(cli(['export-model', String(runId), target]).code).toBe(0);
    for (const part of ['autoencoder', 'encoder', 'decoder']) {
      expect(fs.existsSync(path.join(target, part, 'model.json'))).toBe(true);
      expect(fs.existsSync(path.join(target, part, 'weights.bin'))).toBe(true);
    }
    // Exporting again into the now non-empty folder is refused, and nothing in it is touched, unless --force.
    fs.writeFileSync(path.join(target, 'notes.txt'), 'mine');
    const weights = fs.statSync(path.join(target, 'encoder', 'weights.bin')).mtimeMs;
    const refused = cli(['export-model', String(runId), target]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`latent-lab: ${target} is not empty (it holds autoencoder, decoder, encoder, notes.txt): export into a new or empty folder, or pass --force to replace the model folders in it\n`);
    expect(fs.statSync(path.join(target, 'encoder', 'weights.bin')).mtimeMs).toBe(weights);
    expect(cli(['export-model', String(runId), target, '--force']).code).toBe(0);
    expect(fs.readFileSync(path.join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('train --seed N overrides the seed of the preset, and the run records it', () => {
    const run = (seed: string): { runId: number; loss: number } => {
      const { code, stdout } = cli(['train', '--preset', 'font5x7-2d', '--epochs', '1', '--seed', seed, '--json']);
      expect(code).toBe(0);
      const last = jsonLines(stdout).at(-1)!;
      return { runId: last.runId as number, loss: (last.metrics as { loss: number }).loss };
    };
    const a = run('7');
    const b = run('0');
    const again = run('7');
    const config = (id: number): { training: { seed: number } } =>
      jsonLines(cli(['show', String(id), '--json']).stdout)[0]!.config as { training: { seed: number } };
    expect(config(a.runId).training.seed).toBe(7);
    expect(config(b.runId).training.seed).toBe(0);
    expect(again.loss).toBe(a.loss);
    expect(b.loss).not.toBe(a.loss);
    expect(cli(['train', '--preset', 'font5x7-2d', '--seed', '-1']).code).toBe(2);
  });

  it('puts the report\'s figure and the deviation beside a reproduction in train and show', () => {
    const file = path.join(home, 'reproduction.json');
    const reference = { source: 'a test report', metric: 'mse', split: 'val', epochs: 3, value: 0.1 };
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: 'reproduction',
        dataset: { id: 'font5x7', valFraction: 0 },
        model: { kind: 'dense', encoder: [16, 2], init: 'torch' },
        training: { epochs: 3, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01, weightDecay: 1e-3, weightDecayMode: 'coupled', epsilon: 1e-8 } },
        reference,
      }),
    );
    const { code, stdout } = cli(['train', '--config', file, '--json']);
    expect(code).toBe(0);
    const last = jsonLines(stdout).at(-1)!;
    const mse = (last.metrics as { val: { mse: number } }).val.mse;
    expect(last.reference).toEqual(reference);
    expect(last.referenceDeviation).toBeCloseTo((mse - 0.1) / 0.1, 10);
    expect(last.referenceComparedAt).toEqual({ epoch: 3, value: mse });
    const runId = last.runId as number;
    const shown = jsonLines(cli(['show', String(runId), '--json']).stdout)[0]!;
    expect(shown).toMatchObject({ reference, referenceDeviation: last.referenceDeviation });
    expect((shown.config as { training: { optimizer: unknown } }).training.optimizer).toMatchObject({ weightDecayMode: 'coupled', epsilon: 1e-8 });
    const human = cli(['show', String(runId)]).stdout;
    expect(human).toMatch(/val mse: report 0\.1 · this run [\d.]+ \([+−]\d+\.\d%\)/);
    expect(cli(['runs']).stdout).toMatch(/report \(deviation\)/);
  });

  it('rejects an invalid config file naming the bad field, exit code 2 (usage)', () => {
    const file = path.join(home, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ dataset: { id: 'font5x7' }, model: { kind: 'dense', encoder: [] }, training: {} }));
    const { code, stderr } = cli(['train', '--config', file]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/model\.encoder/);
  });

  it('refuses a misspelt config field by name instead of training with the default', () => {
    const file = path.join(home, 'typo.json');
    const config = {
      dataset: { id: 'font5x7', valFraction: 0 },
      model: { kind: 'dense', encoder: [16, 2] },
      training: { epochs: 2, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01 }, validationEvry: 5 },
    };
    fs.writeFileSync(file, JSON.stringify(config));
    const { code, stdout, stderr } = cli(['train', '--config', file, '--json']);
    expect(code).toBe(2);
    expect(stderr).toBe('latent-lab: invalid run config: training.validationEvry: unknown field (did you mean "validationEvery"?)\n');
    expect(jsonLines(stdout)).toEqual([{ event: 'failed', runId: null, error: expect.stringContaining('validationEvry'), metrics: {} }]);
  });

  it('gives exit code 2 for every mistake in the command line or the files it names', () => {
    const cases: string[][] = [
      ['train', '--epochs', 'x', '--preset', 'font5x7-2d'],
      ['train', '--bogus'],
      ['train', '--config', path.join(home, 'missing.json')],
      ['sweep', '--spec', path.join(home, 'missing.json')],
      ['show', 'abc'],
      ['export-model', '1'],
      ['runs', 'extra'],
      ['train', '--preset', 'nope'],
    ];
    for (const args of cases) expect([args.join(' '), cli(args).code]).toEqual([args.join(' '), 2]);
    expect(cli(['runs', 'extra']).stderr).toMatch(/^latent-lab: runs: unexpected argument "extra"\n/);
  });

  it('says the data folder is unusable with exit code 6, not "unable to open database file"', () => {
    const blocker = path.join(home, 'a-file');
    fs.writeFileSync(blocker, '');
    const { code, stderr } = cli(['runs', '--home', path.join(blocker, 'home')]);
    expect(code).toBe(6);
    expect(stderr).toMatch(/^latent-lab: cannot create the data folder .*a-file\/home \(ENOTDIR\): Latent Lab keeps its runs there\. Choose another folder with --home DIR or LATENT_LAB_HOME, or make it writable\.\n$/);
    const damagedHome = path.join(home, 'damaged');
    fs.mkdirSync(damagedHome);
    fs.writeFileSync(path.join(damagedHome, 'lab.sqlite'), 'not a database '.repeat(400));
    const damaged = cli(['runs', '--home', damagedHome]);
    expect(damaged.code).toBe(6);
    expect(damaged.stderr).toMatch(/the run store is damaged .* There is no backup of it\./);
  });

  it('gives a one-line error naming a truncated IDX file, exit code 1', () => {
    const file = path.join(home, 'broken-images-idx3-ubyte');
    // Header promises 10 images of 28x28, the body holds 100 bytes.
    const header = Buffer.alloc(16);
    header.writeUInt32BE(0x00000803, 0);
    header.writeUInt32BE(10, 4);
    header.writeUInt32BE(28, 8);
    header.writeUInt32BE(28, 12);
    fs.writeFileSync(file, Buffer.concat([header, Buffer.alloc(100)]));
    const { code, stderr } = cli(['import-dataset', 'idx', file, '--name', 'broken']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('broken-images-idx3-ubyte');
  });

  it('marks a run interrupted after kill -9, keeping its committed epochs', { timeout: 180_000 }, async () => {
    // A run that cannot finish on its own before the kill: many epochs, no early stop.
    const config = JSON.parse(cli(['presets', '--json']).stdout.split('\n').find((l) => l.includes('"font5x7-2d"'))!).config;
    config.training = { ...config.training, epochs: 100_000, validationEvery: 1 };
    delete config.training.stopWhen;
    const file = path.join(home, 'long.json');
    fs.writeFileSync(file, JSON.stringify(config));
    const child = spawn(process.execPath, [BIN, 'train', '--config', file, '--json'], {
      env: { ...process.env, LATENT_LAB_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let runId = 0;
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (const line of buffer.split('\n').slice(0, -1)) {
          const event = JSON.parse(line) as { event: string; runId: number; epoch?: number };
          runId = event.runId;
          if (event.event === 'epoch') resolve();
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      });
      child.on('exit', () => reject(new Error('train ended before it could be killed')));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));

    const run = jsonLines(cli(['runs', '--json']).stdout).find((r) => r.id === runId)!;
    expect(run.status).toBe('interrupted');
    expect(run.epochsDone as number).toBeGreaterThanOrEqual(1);
  });

  it('exits 2 with usage on an unknown command', () => {
    const { code, stderr } = cli(['frobnicate']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command/);
  });
});
