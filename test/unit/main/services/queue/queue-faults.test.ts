/**
 * Remote workers on a real redis-server, with real `latent-lab worker` and owner processes: members
 * reach the owner's store exactly once and in order through worker deaths, owner restarts, a Redis
 * restart and duplicate delivery; an incompatible worker refuses; credentials never leak.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { latentLab, memberRows, readStore, spiralSpec, startRedis, startWorker, until, writeReport, type Proc, type RedisServer } from './redis-support.js';

const FAST_LOCK = { LATENT_LAB_QUEUE_LOCK_MS: '2000' };
let tmp: string;
const procs: Proc[] = [];
const servers: RedisServer[] = [];
const track = (p: Proc): Proc => (procs.push(p), p);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-queue-'));
});
afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill()));
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function redis(options: Parameters<typeof startRedis>[0] = {}): Promise<RedisServer> {
  const server = await startRedis(options);
  servers.push(server);
  return server;
}

const home = (name: string): string => fs.mkdtempSync(path.join(tmp, `${name}-`));

describe('remote workers on Redis', () => {
  it('trains a sweep on two workers behind a password: each member once, worker recorded, the password nowhere', async () => {
    const server = await redis({ password: 's3cret-pw' });
    const owner = home('owner');
    const workers = ['w1', 'w2'].map((name) => track(startWorker(server.url, name, home(name))));
    await Promise.all(workers.map((w) => w.waitFor(/joined the queue at redis:\/\/127\.0\.0\.1:\d+\n/)));
    const sweep = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 3, 4), '--queue', server.url, '--home', owner]));
    expect(await sweep.exited).toBe(0);

    const rows = memberRows(owner);
    expect(rows.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    for (const r of rows) {
      expect(r.metricEpochs).toEqual(range(4));
      expect(r.history).toEqual(['queued', 'started', 'completed']);
      expect(['w1', 'w2']).toContain(JSON.parse(r.worker!).name);
    }
    // Artifacts came through the queue into the owner's data directory.
    const artifacts = readStore(owner, (db) => db.prepare('SELECT run_id, kind, path FROM artifacts ORDER BY run_id, kind').all()) as { kind: string; path: string }[];
    expect(artifacts.filter((a) => a.kind === 'model')).toHaveLength(3);
    for (const a of artifacts) expect(fs.existsSync(path.join(owner, a.path))).toBe(true);
    // Credentials: not in the store, not in any output.
    expect(fs.readFileSync(path.join(owner, 'lab.sqlite')).includes('s3cret-pw')).toBe(false);
    for (const p of [sweep, ...workers]) expect(p.output()).not.toContain('s3cret-pw');
    const show = track(latentLab(['show', String(rows[0]!.id), '--home', owner]));
    expect(await show.exited).toBe(0);
    expect(show.output()).toMatch(/queue redis:\/\/127\.0\.0\.1:\d+ {2}worker w[12] on .+ \(wasm\) {2}attempt 1/);
  }, 120_000);

  it('a worker killed mid-member: the queue re-queues it, another worker continues it from its last checkpoint, the history says so', async () => {
    const server = await redis();
    const owner = home('owner');
    const a = track(startWorker(server.url, 'a', home('a'), FAST_LOCK));
    await a.waitFor(/joined the queue/);
    const sweep = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 1, 30), '--queue', server.url, '--home', owner]));
    await until(() => fs.existsSync(path.join(owner, 'lab.sqlite')) && (memberRows(owner)[0]?.epochs ?? 0) >= 3, 90_000, 'epoch 3 on worker a');
    await a.kill('SIGKILL');
    const killedAt = memberRows(owner)[0]!.epochs;
    const b = track(startWorker(server.url, 'b', home('b'), FAST_LOCK));
    expect(await sweep.exited).toBe(0);
    writeReport('kill-a-worker', { 'owner: latent-lab sweep --queue': sweep, 'worker a (killed)': a, 'worker b': b }, owner);

    const [run] = memberRows(owner);
    expect(run!.status).toBe('completed');
    expect(run!.metricEpochs).toEqual(range(30));
    expect(run!.history).toEqual(['queued', 'started', 'lost', 'restarted', 'completed']);
    expect(JSON.parse(run!.worker!).name).toBe('b');
    const details = readStore(owner, (db) => db.prepare('SELECT event, detail FROM run_history WHERE run_id = ? ORDER BY id').all(run!.id)) as { event: string; detail: string }[];
    expect(details.find((h) => h.event === 'lost')!.detail).toContain(`worker a (`);
    expect(details.find((h) => h.event === 'lost')!.detail).toMatch(/stopped reporting after epoch \d+/);
    expect(details.find((h) => h.event === 'restarted')!.detail).toMatch(/attempt 2 on worker b .*continues after epoch \d+ from its last checkpoint/);
    expect(killedAt).toBeGreaterThanOrEqual(3);
    expect(b.output()).toMatch(/attempt 2\): completed/);
  }, 150_000);

  it('the owner killed mid-sweep and started again: nothing lost, the sweep completes', async () => {
    const server = await redis();
    const owner = home('owner');
    const w = track(startWorker(server.url, 'w', home('w')));
    await w.waitFor(/joined the queue/);
    const first = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 4, 6), '--queue', server.url, '--home', owner]));
    await first.waitFor(/\[1\/4\] run \d+ completed/);
    await first.kill('SIGKILL');
    // The worker goes on while no owner listens; its reports wait in Redis.
    await w.waitFor(/(completed\n[^]*){3}/, 120_000);
    const before = memberRows(owner);
    expect(before.filter((r) => r.status === 'completed').length).toBeLessThan(3);
    const second = track(latentLab(['follow', '1', '--queue', server.url, '--home', owner]));
    expect(await second.exited).toBe(0);
    writeReport('restart-the-owner', { 'owner 1: latent-lab sweep --queue (killed)': first, 'owner 2: latent-lab follow 1 --queue': second, worker: w }, owner);
    expect(second.output()).toMatch(/sweep 1 completed: 4 completed/);
    for (const r of memberRows(owner)) {
      expect(r.status).toBe('completed');
      expect(r.metricEpochs).toEqual(range(6));
      expect(r.history).toEqual(['queued', 'started', 'completed']);
    }
  }, 180_000);

  it('Redis killed and restarted with its append-only file: nothing lost', async () => {
    const server = await redis({ appendonly: true });
    const owner = home('owner');
    const w = track(startWorker(server.url, 'w', home('w')));
    await w.waitFor(/joined the queue/);
    const sweep = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 3, 8), '--queue', server.url, '--home', owner]));
    await sweep.waitFor(/\[1\/3\] run \d+ epoch 4\/8/);
    await server.kill();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await server.start();
    expect(await sweep.exited).toBe(0);
    writeReport('restart-redis', { 'owner: latent-lab sweep --queue': sweep, worker: w }, owner);
    for (const r of memberRows(owner)) {
      expect(r.status).toBe('completed');
      expect(r.metricEpochs).toEqual(range(8));
      expect(r.history.filter((h) => h === 'completed')).toHaveLength(1);
    }
  }, 150_000);

  it('duplicate delivery: a worker paused past its lock comes back and reports again; one copy of each epoch is kept', async () => {
    const server = await redis();
    const owner = home('owner');
    const a = track(startWorker(server.url, 'a', home('a'), FAST_LOCK));
    await a.waitFor(/joined the queue/);
    const sweep = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 1, 30), '--queue', server.url, '--home', owner]));
    await until(() => fs.existsSync(path.join(owner, 'lab.sqlite')) && (memberRows(owner)[0]?.epochs ?? 0) >= 2, 90_000, 'epoch 2 on worker a');
    a.child.kill('SIGSTOP');
    const b = track(startWorker(server.url, 'b', home('b'), FAST_LOCK));
    await b.waitFor(/attempt 2\): started/);
    // Worker a wakes up believing it still trains attempt 1: both now deliver the same member.
    a.child.kill('SIGCONT');
    expect(await sweep.exited).toBe(0);
    writeReport('duplicate-delivery', { 'owner: latent-lab sweep --queue': sweep, 'worker a (paused, resumed)': a, 'worker b': b }, owner);
    const [run] = memberRows(owner);
    expect(run!.status).toBe('completed');
    expect(run!.metricEpochs).toEqual(range(30));
    expect(run!.history.filter((h) => h === 'completed')).toHaveLength(1);
    expect(JSON.parse(run!.worker!).name).toBe('b');
    const rowsPerEpoch = readStore(owner, (db) => db.prepare(`SELECT COUNT(*) AS n FROM metrics WHERE run_id = ? AND name = 'loss' AND split = 'train'`).get(run!.id)) as { n: number };
    expect(rowsPerEpoch.n).toBe(30);
  }, 150_000);

  it('a worker of another protocol version refuses the member with a message and leaves it in the queue', async () => {
    const server = await redis();
    const queue = new Queue('members', { connection: { host: '127.0.0.1', port: server.port }, prefix: 'latent-lab' });
    const preset = { dataset: { id: 'spiral3d' }, model: { kind: 'dense', encoder: [2] }, training: { epochs: 1 } };
    await queue.add('member', { protocol: 999, ownerVersion: '9.0.0', ownerId: 'futureowner', runId: 7, name: 'from the future', config: preset, gallerySize: 8 }, { jobId: 'futureowner-7' });
    const w = track(startWorker(server.url, 'old', home('old')));
    expect(await w.exited).toBe(1);
    expect(w.output()).toMatch(/refused run 7 of owner futureow: the owner speaks queue protocol 999 \(Latent Lab 9\.0\.0\), this worker 2 \(Latent Lab [\d.]+\); install Latent Lab 9\.0\.0/);
    expect(w.output()).toContain('it stays in the queue for a compatible worker');
    const job = await queue.getJob('futureowner-7');
    expect(await job!.getState()).toBe('delayed');
    const client = new Redis({ host: '127.0.0.1', port: server.port });
    const entries = await client.xrange('latent-lab:events:futureowner', '-', '+');
    client.disconnect();
    await queue.close();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]![1][1]!).body).toMatchObject({ type: 'refused', worker: { name: 'old' } });
  }, 90_000);

  it('a TLS queue with a password (rediss://): the member trains and the certificate is checked', async () => {
    const server = await redis({ tls: true, password: 'tls-pw' });
    const trust = { NODE_EXTRA_CA_CERTS: server.caFile! };
    const owner = home('owner');
    const w = track(startWorker(server.url, 'tls', home('tls'), trust));
    await w.waitFor(/joined the queue at rediss:\/\/127\.0\.0\.1:\d+\n/);
    const sweep = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 1, 2), '--queue', server.url, '--home', owner], trust));
    expect(await sweep.exited).toBe(0);
    expect(memberRows(owner)[0]).toMatchObject({ status: 'completed', metricEpochs: [1, 2] });
    // Without the CA the certificate is refused, with a message.
    const untrusting = track(startWorker(server.url, 'untrusting', home('u')));
    expect(await untrusting.exited).toBe(1);
    expect(untrusting.output()).toMatch(/cannot reach the queue at rediss:\/\/127\.0\.0\.1:\d+ \(.*certificate/);
    for (const p of [w, sweep, untrusting]) expect(p.output()).not.toContain('tls-pw');
  }, 90_000);

  it('Ctrl+C on the owner cancels the members on the workers', async () => {
    const server = await redis();
    const owner = home('owner');
    const w = track(startWorker(server.url, 'w', home('w')));
    await w.waitFor(/joined the queue/);
    const sweep = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 2, 200), '--queue', server.url, '--home', owner]));
    await sweep.waitFor(/\[1\/2\] run \d+ epoch 2\/200/);
    sweep.child.kill('SIGINT');
    expect(await sweep.exited).toBe(4);
    const rows = memberRows(owner);
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(rows[0]!.epochs).toBeLessThan(200);
    await w.waitFor(/attempt 1\): cancelled/);
  }, 90_000);

  it('an unreachable queue is a clear message, without the password', async () => {
    const server = await redis();
    const url = `redis://:hunter2@127.0.0.1:${server.port}`;
    await server.kill();
    const sweep = track(latentLab(['sweep', '--spec', spiralSpec(tmp, 1, 1), '--queue', url, '--home', home('owner')]));
    expect(await sweep.exited).toBe(1);
    expect(sweep.output()).toContain(`cannot reach the queue at redis://127.0.0.1:${server.port}`);
    expect(sweep.output()).toContain('is redis-server running there');
    const worker = track(startWorker(url, 'w', home('w')));
    expect(await worker.exited).toBe(1);
    for (const p of [sweep, worker]) expect(p.output()).not.toContain('hunter2');
  }, 60_000);
});
