/**
 * The owner applying its stream from a real redis-server: an entry delivered twice (a worker that
 * resent after a lost reply) is applied once; an attempt the queue took away is ignored.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../../src/shared/config.js';
import { LabEventBus } from '../../../../../src/main/services/events.js';
import { QueueOwner } from '../../../../../src/main/services/queue/owner.js';
import { eventsKey, type MemberEvent, type MemberEventBody } from '../../../../../src/main/services/queue/protocol.js';
import { Store } from '../../../../../src/main/store/index.js';
import { startRedis, type RedisServer } from './redis-support.js';

let server: RedisServer;
let home: string;
beforeAll(async () => {
  server = await startRedis();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-owner-stream-'));
});
afterAll(async () => {
  await server.kill();
  fs.rmSync(home, { recursive: true, force: true });
});

const worker = (name: string) => ({ id: name, name, host: 'h', pid: 1, version: '0.1.0', protocol: 1, cores: 2 });
const epoch = (n: number): MemberEventBody => ({
  type: 'run',
  message: { type: 'epoch', epoch: n, elapsedMs: n, metrics: [{ epoch: n, split: 'train', values: { loss: 1 / n } }] },
});

it('applies a repeated entry once and drops the reports of a superseded attempt', async () => {
  const store = new Store(home);
  const experiment = store.experiments.create('queue');
  const config = parseRunConfig({ dataset: { id: 'spiral3d' }, model: { kind: 'dense', encoder: [2] }, training: { epochs: 3, batchSize: 16, loss: 'mse', optimizer: { name: 'adam', learningRate: 0.01 } } });
  const run = store.runs.create({ experimentId: experiment.id, name: 'member', presetId: null, config });
  const owner = new QueueOwner(store, new LabEventBus(), { url: server.url, dataDir: home });
  store.remote.register(run.id, `${owner.ownerId}-${run.id}`, owner.address);
  await owner.start();
  const redis = new Redis({ host: '127.0.0.1', port: server.port });
  const send = (attempt: number, seq: number, body: MemberEventBody) =>
    redis.xadd(eventsKey(owner.ownerId), '*', 'e', JSON.stringify({ runId: run.id, jobId: 'j', attempt, seq, at: new Date().toISOString(), body } satisfies MemberEvent));
  await send(1, 1, { type: 'start', worker: worker('a'), resumedFrom: null });
  await send(1, 2, epoch(1));
  await send(1, 2, epoch(1)); // the same entry again
  await send(2, 1, { type: 'start', worker: worker('b'), resumedFrom: null }); // the queue gave it to b
  await send(1, 3, epoch(2)); // a's late report: dropped
  for (const [seq, n] of [[2, 1], [3, 2], [3, 2], [4, 3]] as const) await send(2, seq, epoch(n));
  await send(2, 5, { type: 'run', message: { type: 'done', status: 'completed', error: null, finalMetrics: { train: {}, val: {} } } });
  expect(await owner.waitFor(run.id)).toBe('completed');
  expect(store.runs.metrics(run.id).map((m) => m.epoch)).toEqual([1, 2, 3]);
  expect(store.remote.placement(run.id)).toMatchObject({ attempt: 2, worker: { name: 'b' } });
  // 'requeued': registered without a job, the owner's first check against the queue put it there.
  expect(store.remote.placement(run.id)!.history.map((h) => h.event)).toEqual(['requeued', 'started', 'lost', 'restarted', 'completed']);
  redis.disconnect();
  await owner.dispose();
  store.close();
}, 30_000);

it('a new attempt that continues from a checkpoint: the epochs up to it stay, the later ones are trained again', async () => {
  const store = new Store(home);
  const experiment = store.experiments.create('queue resume');
  const config = parseRunConfig({ dataset: { id: 'spiral3d' }, model: { kind: 'dense', encoder: [2] }, training: { epochs: 4, batchSize: 16, loss: 'mse', optimizer: { name: 'adam', learningRate: 0.01 } } });
  const run = store.runs.create({ experimentId: experiment.id, name: 'member', presetId: null, config });
  const owner = new QueueOwner(store, new LabEventBus(), { url: server.url, dataDir: home });
  const jobId = `${owner.ownerId}-${run.id}`;
  store.remote.register(run.id, jobId, owner.address);
  await owner.start();
  const redis = new Redis({ host: '127.0.0.1', port: server.port });
  const send = (attempt: number, seq: number, body: MemberEventBody) =>
    redis.xadd(eventsKey(owner.ownerId), '*', 'e', JSON.stringify({ runId: run.id, jobId, attempt, seq, at: new Date().toISOString(), body } satisfies MemberEvent));
  const lossOf = (n: number, value: number): MemberEventBody => ({ type: 'run', message: { type: 'epoch', epoch: n, elapsedMs: n, metrics: [{ epoch: n, split: 'train', values: { loss: value } }] } });
  await send(1, 1, { type: 'start', worker: worker('a'), resumedFrom: null });
  // a reports epochs 1..3 (its checkpoint was after epoch 2), then dies.
  for (const n of [1, 2, 3]) await send(1, n + 1, lossOf(n, 10 + n));
  await send(2, 1, { type: 'start', worker: worker('b'), resumedFrom: { epoch: 2, batch: 0, step: 10 } });
  for (const n of [3, 4]) await send(2, n - 1, lossOf(n, 20 + n));
  await send(2, 4, { type: 'run', message: { type: 'done', status: 'completed', error: null, finalMetrics: { train: {}, val: {} } } });
  expect(await owner.waitFor(run.id)).toBe('completed');
  const metrics = store.runs.metrics(run.id).filter((m) => m.split === 'train');
  expect(metrics.map((m) => [m.epoch, m.values.loss])).toEqual([[1, 11], [2, 12], [3, 23], [4, 24]]);
  const history = store.remote.placement(run.id)!.history;
  expect(history.map((h) => h.event)).toEqual(['requeued', 'started', 'lost', 'restarted', 'completed']);
  expect(history.find((h) => h.event === 'restarted')!.detail).toMatch(/attempt 2 on worker b .*continues after epoch 2 from its last checkpoint/);
  redis.disconnect();
  await owner.dispose();
  store.close();
}, 30_000);
