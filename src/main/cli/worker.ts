/**
 * `latent-lab worker --queue redis://HOST:PORT`: train members from the queue until stopped.
 * Ctrl+C (SIGINT/SIGTERM) stops taking members and lets the ones in training finish; a second one
 * stops at once (the queue hands those members to another worker once their lock expires).
 */
import type { Settings } from '../../shared/api.js';
import { QueueWorker } from '../services/queue/worker.js';
import { resolveResourcesDir } from '../services/resources.js';
import { resolveDataDir } from '../store/paths.js';
import { UsageError } from './usage.js';

export interface WorkerArgs {
  queue?: string;
  concurrency?: number;
  backend: Settings['backend'];
  name?: string;
  home?: string;
}

export async function workerCommand(args: WorkerArgs): Promise<number> {
  const url = args.queue ?? process.env.LATENT_LAB_QUEUE;
  if (!url) throw new UsageError('worker needs --queue redis://HOST:PORT (or LATENT_LAB_QUEUE)');
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const lockMs = process.env.LATENT_LAB_QUEUE_LOCK_MS ? Number(process.env.LATENT_LAB_QUEUE_LOCK_MS) : undefined;
  if (lockMs !== undefined && !(Number.isInteger(lockMs) && lockMs >= 1000)) {
    throw new UsageError(`LATENT_LAB_QUEUE_LOCK_MS must be a number of milliseconds ≥ 1000, got "${process.env.LATENT_LAB_QUEUE_LOCK_MS}"`);
  }
  const worker = new QueueWorker({
    url,
    concurrency: args.concurrency ?? 1,
    backend: args.backend,
    name: args.name,
    home: args.home ?? resolveDataDir(),
    resourcesDir: resolveResourcesDir(),
    lockMs,
    log: say,
  });
  await worker.start();
  say('Ctrl+C: finish the members in training, then stop; twice: stop now (the queue re-queues them).');
  const outcome = await new Promise<{ code: number; graceful: boolean }>((resolve) => {
    let signals = 0;
    const onSignal = (): void => {
      signals += 1;
      if (signals === 1) {
        say(worker.activeCount > 0 ? `stopping after ${worker.activeCount} member(s) in training` : 'stopping');
        resolve({ code: 0, graceful: true });
      } else process.exit(130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void worker.refused.then((message) => {
      process.stderr.write(`latent-lab worker: ${message}\n`);
      resolve({ code: 1, graceful: true });
    });
  });
  await worker.close(outcome.graceful);
  return outcome.code;
}
