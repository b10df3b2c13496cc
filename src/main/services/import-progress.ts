/** Import progress for the event bus: at most one event per interval, but always a stage's first and last. */
import type { ImportProgress } from '../../shared/datasets.js';

const INTERVAL_MS = 100;

export function throttledImportProgress(
  name: string,
  emit: (progress: ImportProgress) => void,
  now: () => number = Date.now,
): (progress: Omit<ImportProgress, 'name'>) => void {
  let last = -Infinity;
  return (progress) => {
    const edge = progress.done === 0 || progress.done === progress.total;
    const time = now();
    if (!edge && time - last < INTERVAL_MS) return;
    last = time;
    emit({ name, ...progress });
  };
}
