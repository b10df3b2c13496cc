/**
 * Events that arrive faster than a window can redraw are applied in batches. A run finishing dozens of
 * epochs a second (the font) sends an epoch, a progress and a step batch per epoch; applied one by one, each
 * re-renders the charts and the header, and the window stops answering clicks (Cancel included). Queued
 * here, they are applied together at most once per `intervalMs`, in the order they came.
 */
export interface EventBatch<T> {
  /** Queue an event; the batch is applied within `intervalMs`. */
  push(event: T): void;
  /** Apply what is queued now and stop the timer (before an event that must see it, e.g. a status change, and at dispose). */
  flush(): void;
}

export const EVENT_BATCH_MS = 200;

export function eventBatch<T>(apply: (events: T[]) => void, intervalMs = EVENT_BATCH_MS): EventBatch<T> {
  const pending: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length > 0) apply(pending.splice(0));
  };
  return {
    push(event) {
      pending.push(event);
      timer ??= setTimeout(flush, intervalMs);
    },
    flush,
  };
}
