/** The workers view: the workers' heartbeats and this owner's members, with where each runs. */
import type { QueueOverview, QueueWorker } from '../../../shared/api.js';
import type { Store } from '../../store/index.js';
import type { QueueOwner } from './owner.js';
import { QUEUE_PROTOCOL, WORKER_KEY_PATTERN, type WorkerHeartbeat } from './protocol.js';

/** A worker whose heartbeat is older than this is shown offline (its key lives 30 s). */
const ONLINE_WITHIN_MS = 6000;
const MEMBERS_SHOWN = 200;

export async function queueOverview(store: Store, owner: QueueOwner | null): Promise<QueueOverview> {
  const runIds = store.remote.allRunIds().slice(-MEMBERS_SHOWN);
  const members = runIds.map((runId) => {
    const run = store.runs.summary(runId);
    return {
      runId,
      name: run.name,
      sweepId: run.sweepId,
      status: run.status,
      epochsDone: run.epochsDone,
      epochsPlanned: run.epochsPlanned,
      placement: store.remote.placement(runId)!,
    };
  });
  if (!owner) return { queue: null, connected: false, problem: null, workers: [], members };
  const { connected, problem } = owner.status();
  if (!connected) return { queue: owner.address, connected, problem, workers: [], members };
  const redis = owner.redis();
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', WORKER_KEY_PATTERN, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const values = keys.length ? await redis.mget(...keys) : [];
  const now = Date.now();
  const workers: QueueWorker[] = values
    .flatMap((text) => {
      try {
        return text ? [JSON.parse(text) as WorkerHeartbeat] : [];
      } catch {
        return [];
      }
    })
    .map((h) => ({
      id: h.id,
      name: h.name,
      host: h.host,
      version: h.version,
      protocol: h.protocol,
      compatible: h.protocol === QUEUE_PROTOCOL,
      backend: h.backend,
      cores: h.cores,
      concurrency: h.concurrency,
      startedAt: h.startedAt,
      lastSeen: h.at,
      online: now - Date.parse(h.at) < ONLINE_WITHIN_MS,
      busy: h.busy.map((b) => {
        const ours = b.ownerId === owner.ownerId;
        let name: string | null = null;
        if (ours) {
          try {
            name = store.runs.summary(b.runId).name;
          } catch {
            name = null;
          }
        }
        return { runId: b.runId, name, ours, epoch: b.epoch, epochsPlanned: b.epochsPlanned, attempt: b.attempt };
      }),
      membersDone: h.membersDone,
      epochsPerMinute: h.epochsPerMinute,
      samplesPerSecond: h.samplesPerSecond,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { queue: owner.address, connected, problem, workers, members };
}
