/**
 * Sends each run to the local scheduler or to the queue: sweep members go to the queue when one is
 * set, single runs only when the user asked for it. Without a queue nothing changes.
 */
import type { RunStatus } from '../../../shared/api.js';
import type { Store } from '../../store/index.js';
import type { LabEventBus } from '../events.js';
import type { RunScheduler } from '../run-scheduler.js';
import type { QueueOwner } from './owner.js';

export class RunRouter {
  constructor(
    private readonly store: Store,
    private readonly events: LabEventBus,
    private readonly local: RunScheduler,
    private readonly owner: () => QueueOwner | null,
    private readonly singleRunsToQueue: () => boolean,
  ) {}

  enqueue(runId: number): void {
    const owner = this.owner();
    const isMember = this.store.runs.summary(runId).sweepId !== null;
    if (!owner || (!isMember && !this.singleRunsToQueue())) {
      this.local.enqueue(runId);
      return;
    }
    owner.enqueue(runId).catch((error: unknown) => {
      const message = `could not queue it on ${owner.address}: ${(error as Error).message}`;
      this.store.runs.finish(runId, 'failed', message);
      this.events.emit('runStatus', { runId, status: 'failed', error: message });
    });
  }

  waitFor(runId: number): Promise<RunStatus> {
    const owner = this.owner();
    return owner && this.store.remote.isRemote(runId) ? owner.waitFor(runId) : this.local.waitFor(runId);
  }

  cancel(runId: number): void {
    const owner = this.owner();
    if (owner && this.store.remote.isRemote(runId)) void owner.cancel(runId).catch(() => undefined);
    else this.local.cancel(runId);
  }

  isActive(runId: number): boolean {
    return this.local.isActive(runId) || (this.owner()?.isActive(runId) ?? false);
  }
}
