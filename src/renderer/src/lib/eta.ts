/** Progress and remaining-time estimates for a running training. Pure: no DOM, no LabApi. */

/**
 * Fraction of the whole run done, in [0, 1], from the 1-based epoch being trained and the
 * batches finished in it.
 */
export function runFraction(epoch: number, batch: number, batchesPerEpoch: number, epochsPlanned: number): number {
  if (epochsPlanned <= 0 || batchesPerEpoch <= 0) return 0;
  const done = epoch - 1 + Math.min(batch, batchesPerEpoch) / batchesPerEpoch;
  return Math.min(1, Math.max(0, done / epochsPlanned));
}

/**
 * Remaining time assuming the pace so far holds: elapsed × (1 − f) / f. Null until there is
 * enough to go on (nothing done yet, or under half a second of history), so the UI does not
 * flash absurd estimates in the first moments.
 */
export function remainingMs(elapsedMs: number, fraction: number): number | null {
  if (!(fraction > 0) || elapsedMs < 500) return null;
  if (fraction >= 1) return 0;
  return (elapsedMs * (1 - fraction)) / fraction;
}

/** `m:ss`, or `h:mm:ss` from an hour up. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}
