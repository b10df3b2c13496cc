/**
 * The pieces of the training loop that are not the loop itself: yielding to the event loop,
 * the throttled asynchronous read of a batch loss, and the finiteness check of the weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { ProgressCadence } from '../progress-cadence.js';

/** Hands control to the event loop (messages, timers) at most every this many milliseconds. */
export const YIELD_INTERVAL_MS = 10;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Yields to the event loop when YIELD_INTERVAL_MS passed since the last yield, so that a cancel message can arrive. */
export class EventLoopYielder {
  private lastYield = Date.now();

  async yieldWhenDue(): Promise<void> {
    if (Date.now() - this.lastYield < YIELD_INTERVAL_MS) return;
    await nextTick();
    this.lastYield = Date.now();
  }
}

/** True when every variable is finite (one small read). */
export async function allFinite(variables: tf.Variable[]): Promise<boolean> {
  if (variables.length === 0) return true;
  const flag = tf.tidy(() => tf.all(tf.stack(variables.map((v) => tf.all(tf.isFinite(v))))));
  const value = (await flag.data())[0];
  flag.dispose();
  return value === 1;
}

/**
 * Reads a batch loss without blocking the loop, when the progress cadence says the batch is due
 * (by time, or every N steps for per-step metrics) and never two reads at a time; remembers the
 * first non-finite value it saw.
 */
export class ThrottledLossReader {
  private pending: Promise<void> | null = null;
  /** The first non-finite loss read, with where it happened. */
  nonFinite: { epoch: number; batch: number; loss: number } | null = null;

  constructor(
    private readonly cadence: ProgressCadence,
    private readonly batchesPerEpoch: number,
    private readonly report: ((epoch: number, batch: number, values: Float32Array) => void) | undefined,
  ) {}

  /**
   * Schedules a read of a step's values (a scalar loss, or the objective's vector whose first value
   * is the loss) when the throttle allows; the whole vector is reported, a few numbers in one read.
   */
  offer(epoch: number, batch: number, loss: tf.Tensor): void {
    if (this.pending || !this.cadence.due(batch, this.batchesPerEpoch, Date.now())) return;
    const copy = tf.keep(tf.clone(loss));
    this.pending = copy.data().then((values) => {
      copy.dispose();
      this.pending = null;
      const value = values[0]!;
      if (!Number.isFinite(value)) this.nonFinite ??= { epoch, batch, loss: value };
      this.report?.(epoch, batch, Float32Array.from(values as ArrayLike<number>));
    });
  }

  /** Resolves once the read in flight (if any) is done. */
  async settle(): Promise<void> {
    await this.pending;
  }
}
