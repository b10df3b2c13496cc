/**
 * Remote members continue from their last checkpoint (issue 12 on the queue), with a real
 * redis-server and real `latent-lab worker` and owner processes: a worker killed with SIGKILL after
 * a checkpoint, and a member cancelled and then resumed with `latent-lab resume RUN`, both end with
 * epochs 1..N once each, the straight run's epoch values and the straight run's final weights and
 * optimizer state, byte for byte (every worker trains on wasm).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { latentLab, memberRows, readStore, spiralSpec, startRedis, startWorker, until, writeReport, type Proc, type RedisServer } from './redis-support.js';

const FAST_LOCK = { LATENT_LAB_QUEUE_LOCK_MS: '2000' };
// Enough epochs that a member is still training when the test cancels it after its epoch-2 checkpoint
// (with the native kernels the spiral trains an epoch in ~20 ms).
const EPOCHS = 120;
let tmp: string;
let spec: string;
const procs: Proc[] = [];
const servers: RedisServer[] = [];
const track = (p: Proc): Proc => (procs.push(p), p);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const home = (name: string): string => fs.mkdtempSync(path.join(tmp, `${name}-`));

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-queue-resume-'));
  spec = spiralSpec(tmp, 1, EPOCHS);
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function redis(): Promise<RedisServer> {
  const server = await startRedis();
  servers.push(server);
  return server;
}

/** The files of a run's final checkpoint at the owner; the training state's manifest without its wall time. */
function checkpointFiles(owner: string, runId: number): Record<string, Buffer> {
  const dir = path.join(owner, 'runs', String(runId), 'model');
  const files: Record<string, Buffer> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile() || path.basename(name) === 'model.json') continue;
    if (path.basename(name) === 'training-state.json') {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { elapsedMs?: number };
      delete manifest.elapsedMs;
      files[name] = Buffer.from(JSON.stringify(manifest));
    } else files[name] = fs.readFileSync(file);
  }
  return files;
}

/** Every epoch row (epoch, split, metric, value) of the owner's only run. */
function epochRows(owner: string): unknown[] {
  return readStore(owner, (db) => db.prepare('SELECT epoch, split, name, value FROM metrics ORDER BY epoch, split, name').all());
}

function modelCheckpointEpoch(owner: string): number {
  if (!fs.existsSync(path.join(owner, 'lab.sqlite'))) return 0;
  try {
    const row = readStore(owner, (db) => db.prepare(`SELECT epoch FROM artifacts WHERE kind = 'model'`).get()) as { epoch: number } | undefined;
    return row?.epoch ?? 0;
  } catch {
    return 0; // the owner is still creating its store
  }
}

let straight: { owner: string; files: Record<string, Buffer>; rows: unknown[] } | null = null;

/** The member trained straight through on one worker: what the interrupted ones must end with. */
async function straightRun(url: string): Promise<NonNullable<typeof straight>> {
  if (straight) return straight;
  const owner = home('straight');
  const w = track(startWorker(url, 'straight', home('w-straight')));
  await w.waitFor(/joined the queue/);
  const sweep = track(latentLab(['sweep', '--spec', spec, '--queue', url, '--home', owner]));
  expect(await sweep.exited).toBe(0);
  await w.kill('SIGTERM');
  const [run] = memberRows(owner);
  expect(run!.metricEpochs).toEqual(range(EPOCHS));
  straight = { owner, files: checkpointFiles(owner, run!.id), rows: epochRows(owner) };
  expect(Object.keys(straight.files)).toContain('training-state.bin');
  return straight;
}

function expectSameAsStraight(owner: string, runId: number, reference: NonNullable<typeof straight>): void {
  const files = checkpointFiles(owner, runId);
  expect(Object.keys(files).sort()).toEqual(Object.keys(reference.files).sort());
  for (const name of Object.keys(reference.files)) expect(files[name]!.equals(reference.files[name]!), name).toBe(true);
  expect(epochRows(owner)).toEqual(reference.rows);
}

describe('remote members continue from their last checkpoint', () => {
  it('a worker killed with SIGKILL after a checkpoint: the next worker continues from it; epochs 1..N once each, the same weights as a straight run', async () => {
    const server = await redis();
    const reference = await straightRun(server.url);
    const owner = home('owner');
    const a = track(startWorker(server.url, 'a', home('a'), FAST_LOCK));
    await a.waitFor(/joined the queue/);
    const sweep = track(latentLab(['sweep', '--spec', spec, '--queue', server.url, '--home', owner]));
    await until(() => modelCheckpointEpoch(owner) >= 2, 90_000, 'the epoch-2 checkpoint at the owner');
    await a.kill('SIGKILL');
    const killedAfter = modelCheckpointEpoch(owner);
    const rowsAtKill = memberRows(owner)[0]!;
    expect(rowsAtKill.status).toBe('running');
    const b = track(startWorker(server.url, 'b', home('b'), FAST_LOCK));
    expect(await sweep.exited).toBe(0);
    writeReport('remote-resume-kill-a-worker', { 'owner: latent-lab sweep --queue': sweep, 'worker a (SIGKILL after a checkpoint)': a, 'worker b': b }, owner);

    const [run] = memberRows(owner);
    expect(run!.status).toBe('completed');
    expect(run!.metricEpochs).toEqual(range(EPOCHS));
    expect(run!.history).toEqual(['queued', 'started', 'lost', 'restarted', 'completed']);
    const details = readStore(owner, (db) => db.prepare('SELECT event, detail FROM run_history WHERE run_id = ? ORDER BY id').all(run!.id)) as { event: string; detail: string }[];
    const restarted = details.find((h) => h.event === 'restarted')!.detail;
    const from = Number(/continues after epoch (\d+) from its last checkpoint/.exec(restarted)?.[1]);
    // The checkpoint the owner held at the kill, or a later one a still sent before it died.
    expect(from).toBeGreaterThanOrEqual(killedAfter);
    expect(from).toBeGreaterThanOrEqual(2);
    expect(from).toBeLessThan(EPOCHS);
    expect(b.output()).toMatch(new RegExp(`attempt 2\\): continues after epoch ${from} \\(its last checkpoint\\)`));
    expect(b.output()).toMatch(/attempt 2\): completed/);
    expectSameAsStraight(owner, run!.id, reference);
    fs.writeFileSync(path.join(tmp, 'kill-summary.txt'), `killed after checkpoint ${killedAfter}; worker b continued after epoch ${from}\n`);
  }, 240_000);

  it('a member cancelled on its worker, then `latent-lab resume RUN`: queued again with its checkpoint, a worker continues it to the same weights', async () => {
    const server = await redis();
    const reference = await straightRun(server.url);
    const owner = home('owner');
    const w = track(startWorker(server.url, 'w', home('w')));
    await w.waitFor(/joined the queue/);
    const sweep = track(latentLab(['sweep', '--spec', spec, '--queue', server.url, '--home', owner]));
    await until(() => modelCheckpointEpoch(owner) >= 2, 90_000, 'the epoch-2 checkpoint at the owner');
    sweep.child.kill('SIGINT');
    expect(await sweep.exited).toBe(4);
    await w.waitFor(/attempt 1\): cancelled/);
    const [cancelled] = memberRows(owner);
    expect(cancelled!.status).toBe('cancelled');
    expect(cancelled!.epochs).toBeLessThan(EPOCHS);
    const durationOf = (): number => (readStore(owner, (db) => db.prepare('SELECT duration_ms AS d FROM runs WHERE id = ?').get(cancelled!.id)) as { d: number }).d;
    const cancelledMs = durationOf();
    expect(cancelledMs).toBeGreaterThan(0);

    // `show` says whether it can be resumed: with the queue set, from where; without, how.
    const showWith = track(latentLab(['show', String(cancelled!.id), '--home', owner], { LATENT_LAB_QUEUE: server.url }));
    expect(await showWith.exited).toBe(0);
    expect(showWith.output()).toMatch(new RegExp(`resume: latent-lab resume ${cancelled!.id} continues after epoch \\d+`));
    const showWithout = track(latentLab(['show', String(cancelled!.id), '--home', owner], { LATENT_LAB_QUEUE: '' }));
    expect(await showWithout.exited).toBe(0);
    expect(showWithout.output()).toMatch(/resume: not possible: run \d+ was trained through the queue at redis:\/\/127\.0\.0\.1:\d+: set the queue/);

    // Without the queue set, the refusal says how.
    const refused = track(latentLab(['resume', String(cancelled!.id), '--home', owner], { LATENT_LAB_QUEUE: '' }));
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(/was trained through the queue at redis:\/\/127\.0\.0\.1:\d+: set the queue/);

    const resume = track(latentLab(['resume', String(cancelled!.id), '--queue', server.url, '--home', owner, '--json']));
    const resumeCode = await resume.exited;
    expect(resumeCode, resume.output()).toBe(0);
    writeReport('remote-resume-cancel-then-resume', { 'owner: latent-lab sweep --queue (Ctrl+C)': sweep, 'latent-lab resume RUN --queue --json': resume, worker: w }, owner);
    const lines = resume.output().trim().split('\n').map((l) => JSON.parse(l) as { event: string; epoch?: number; fromEpoch?: number });
    expect(lines[0]).toMatchObject({ event: 'resumed', runId: cancelled!.id });
    expect(lines.at(-1)).toMatchObject({ event: 'completed', epochs: EPOCHS });
    const [run] = memberRows(owner);
    expect(run!.status).toBe('completed');
    expect(run!.metricEpochs).toEqual(range(EPOCHS));
    expect(run!.history).toEqual(['queued', 'started', 'cancelled', 'resumed', 'started', 'completed']);
    expect(w.output()).toMatch(/attempt 2\): continues after epoch \d+/);
    // The run's training time adds the resumed part to the cancelled one's.
    expect(durationOf()).toBeGreaterThan(cancelledMs);
    expectSameAsStraight(owner, run!.id, reference);
  }, 240_000);
});
