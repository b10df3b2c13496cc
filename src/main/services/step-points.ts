/**
 * The worker side of per-step metrics: turns the loop's onProgress calls into progress messages
 * carrying the wall time since training began and whether the step is a recorded point.
 */
import type { MetricValues } from '../../shared/config.js';
import type { RunWorkerMessage } from './run-protocol.js';

type ProgressMessage = Extract<RunWorkerMessage, { type: 'progress' }>;

/**
 * A message maker whose clock starts now (call it just before training), at `fromMs`: a resumed
 * run's clock goes on from its checkpoint's elapsed time.
 */
export function progressMessages(stepPointsPerEpoch: number, now: () => number = Date.now, fromMs = 0) {
  const started = now() - fromMs;
  // With a step cadence every onProgress call is a point the loop was asked for; without one, the
  // calls are the time-throttled reads of the progress bar and nothing is recorded.
  const recorded = stepPointsPerEpoch > 0;
  // A recorded point carries the batch's named values (the loss and any parts); a progress-bar read only the loss.
  return (epoch: number, batch: number, batchesPerEpoch: number, loss: number, values?: MetricValues): ProgressMessage => ({
    type: 'progress', epoch, batch, batchesPerEpoch, loss, elapsedMs: now() - started, recorded,
    ...(recorded && values ? { values } : {}),
  });
}
