/**
 * When the training loop reads a batch loss for onProgress: every N steps, so that about
 * `pointsPerEpoch` points are recorded per epoch whatever the speed (per-step metrics), or, when no
 * step cadence is asked, at most once per `intervalMs` (a progress bar). Kept apart from the loop so
 * the loop's only change is asking `due`.
 */
export interface ProgressCadenceOptions {
  /** Minimum time between two reads when no step cadence is set. */
  intervalMs: number;
  /** About this many points per epoch: a read every max(1, floor(batches / points)) steps. Undefined or 0: time-based. */
  pointsPerEpoch?: number;
}

export interface ProgressCadence {
  /** Whether batch `batch` (1-based) of an epoch of `batchesPerEpoch` is due for a read at time `now`. */
  due(batch: number, batchesPerEpoch: number, now: number): boolean;
}

/** The step between two points: about `pointsPerEpoch` a epoch, never less than one step. */
export function stepsBetweenPoints(batchesPerEpoch: number, pointsPerEpoch: number): number {
  return Math.max(1, Math.floor(batchesPerEpoch / pointsPerEpoch));
}

export function progressCadence(options: ProgressCadenceOptions): ProgressCadence {
  const points = options.pointsPerEpoch ?? 0;
  let last = -Infinity;
  if (points > 0) {
    // Counted within the epoch so every epoch gets its points at the same batches, the last batch included.
    return { due: (batch, batchesPerEpoch) => batch % stepsBetweenPoints(batchesPerEpoch, points) === 0 || batch === batchesPerEpoch };
  }
  return {
    due(_batch, _batches, now) {
      if (now - last < options.intervalMs) return false;
      last = now;
      return true;
    },
  };
}
