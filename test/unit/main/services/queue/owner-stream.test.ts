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
  await send(1, 1, { type: 'start', worker: worker('a') });
  await send(1, 2, epoch(1));
  await send(1, 2, epoch(1)); // the same entry again
  await send(2, 1, { type: 'start', worker: worker('b') }); // the queue gave it to b
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
