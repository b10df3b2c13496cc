/**
 * `latent-lab sweep` and `sweeps` as a user runs them: real processes, a real store in a temp
 * LATENT_LAB_HOME, real training of a 2x2 grid on the built-in font.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/latent-lab.js');
let home: string;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LATENT_LAB_HOME: home }, encoding: 'utf8', timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const jsonLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const spec = {
  name: 'font',
  base: {
    dataset: { id: 'font5x7', valFraction: 0 },
    model: { kind: 'dense', encoder: [16, 2], activation: 'tanh', codeActivation: 'linear' },
    training: { epochs: 5, batchSize: 32, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 }, checkpointEvery: 1000 },
  },
  grid: [
    { path: 'model.encoder', values: [[16, 2], [32, 2]] },
    { path: 'training.optimizer.learningRate', values: [0.01, 0.001] },
  ],
};

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-sweep-cli-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('latent-lab sweep', () => {
  it('queues a spec file, prints JSON lines per member, and ends with the members sorted by val loss', { timeout: 240_000 }, () => {
    const file = path.join(home, 'spec.json');
    fs.writeFileSync(file, JSON.stringify(spec));
    const { code, stdout, stderr } = cli(['sweep', '--spec', file, '--epochs', '2', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = jsonLines(stdout);
    const first = lines[0]!;
    expect(first).toMatchObject({ event: 'sweepQueued', name: 'font', fields: ['model.encoder', 'training.optimizer.learningRate'] });
    const runIds = (first.members as { runId: number; epochs: number }[]).map((m) => m.runId);
    expect(runIds).toHaveLength(4);
    expect((first.members as { epochs: number }[]).every((m) => m.epochs === 2)).toBe(true);
    for (const runId of runIds) {
      const own = lines.filter((l) => l.runId === runId);
      expect(own.map((l) => l.event)).toEqual(['running', 'epoch', 'epoch', 'completed']);
      expect(own.every((l) => l.sweepId === first.sweepId)).toBe(true);
      expect((own[3]!.metrics as { val: { loss: number } }).val.loss).toBeTypeOf('number');
    }
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ event: 'sweepCompleted', sweepId: first.sweepId, status: 'completed', statusCounts: { completed: 4 }, failedMembers: 0 });
    expect(last.peakConcurrency as number).toBeGreaterThanOrEqual(1);
    const losses = (last.members as { metrics: { loss: number } }[]).map((m) => m.metrics.loss);
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
    expect(new Set((last.members as { runId: number }[]).map((m) => m.runId))).toEqual(new Set(runIds));

    const listed = jsonLines(cli(['sweeps', '--json']).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: first.sweepId, memberCount: 4, status: 'completed' })]);
    const runs = jsonLines(cli(['runs', '--json']).stdout);
    expect(runs.filter((r) => r.sweepId === first.sweepId)).toHaveLength(4);
  });

  it('prints the results table with the best run marked', { timeout: 240_000 }, () => {
    const file = path.join(home, 'spec-one-axis.json');
    fs.writeFileSync(file, JSON.stringify({ ...spec, grid: [spec.grid[1]] }));
    const { code, stdout } = cli(['sweep', '--spec', file, '--epochs', '1']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/sweep \d+ completed: 2 runs in .*, at most \d training at once; sorted by val loss, \* = best/);
    const table = stdout.slice(stdout.indexOf('learningRate'));
    expect(table.split('\n').filter((l) => l.startsWith('*'))).toHaveLength(1);
  });

  it('reports a sweep whose members partly diverged as partial, counting them, exit 1', { timeout: 240_000 }, () => {
    const file = path.join(home, 'spec-diverging.json');
    const diverging = {
      name: 'diverging',
      base: {
        dataset: { id: 'spiral3d', valFraction: 0.2 },
        model: { kind: 'dense', encoder: [2], activation: 'linear', outputActivation: 'linear' },
        training: { epochs: 2, batchSize: 32, loss: 'mse', optimizer: { name: 'sgd', learningRate: 0.01 }, checkpointEvery: 1000 },
      },
      grid: [{ path: 'training.optimizer.learningRate', values: [0.01, 10] }],
    };
    fs.writeFileSync(file, JSON.stringify(diverging));
    const { code, stdout } = cli(['sweep', '--spec', file, '--json']);
    const last = jsonLines(stdout).at(-1)!;
    expect(last).toMatchObject({ event: 'sweepCompleted', status: 'partial', failedMembers: 1, statusCounts: { completed: 1, diverged: 1 } });
    expect(code).toBe(1);
    const listed = jsonLines(cli(['sweeps', '--json']).stdout);
    expect(listed.find((s) => s.id === last.sweepId)).toMatchObject({ status: 'partial' });
  });

  it('rejects a bad value with one line naming the member and the field, exit 2 (usage), and queues nothing', () => {
    const file = path.join(home, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ ...spec, grid: [{ path: 'model.activation', values: ['relu', 'swish'] }] }));
    const { code, stderr, stdout } = cli(['sweep', '--spec', file, '--json']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/member 2 \(activation=swish\): model\.activation/);
    expect(jsonLines(stdout).at(-1)).toMatchObject({ event: 'sweepCompleted', sweepId: null, status: 'failed' });
    expect(cli(['sweep', '--preset', 'nope']).code).toBe(2);
    expect(cli(['sweep', '--spec', file, '--preset', 'mnist-dense-grid']).code).toBe(2);
  });

  it('cancels every member on Ctrl+C and ends with the cancelled group, exit 4', { timeout: 240_000 }, async () => {
    const file = path.join(home, 'long.json');
    fs.writeFileSync(file, JSON.stringify({ ...spec, name: 'long' }));
    const child = spawn(process.execPath, [BIN, 'sweep', '--spec', file, '--epochs', '100000', '--json'], {
      env: { ...process.env, LATENT_LAB_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('"event":"epoch"')) resolve();
      });
      child.on('exit', () => reject(new Error('sweep ended before Ctrl+C')));
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(4);
    const last = jsonLines(stdout).at(-1)!;
    expect(last).toMatchObject({ event: 'sweepCompleted', status: 'cancelled', statusCounts: { cancelled: 4 } });
  });

  it('lists the sweep presets under the run presets, leaving presets --json as it was', () => {
    const text = cli(['presets']).stdout;
    expect(text).toMatch(/sweeps \(latent-lab sweep --preset ID\):[\s\S]*mnist-dense-grid[\s\S]*fashion-mnist-dense-grid/);
    const ids = jsonLines(cli(['presets', '--json']).stdout).map((p) => p.id);
    expect(ids).toContain('font5x7-2d');
    expect(ids).not.toContain('mnist-dense-grid');
  });
});
