/**
 * How much memory a run will need, estimated before it is queued, and the limit it must fit in.
 *
 *   parameters × 4 bytes × (weights + gradients + optimizer slots + 2 for a checkpoint being written)
 *   + activations of one batch (every layer's output, its gradient and its pre-activation: × 3)
 *   + the dataset in memory (float32) + a fixed runtime allowance (tfjs, its wasm module, the worker).
 *
 * A rough upper bound, not a measurement: good enough to refuse `encoder: [30000000, 2]` (tens of
 * GB) with a clear message instead of growing until the operating system kills the app. While runs
 * train, the scheduler also watches the process's resident memory against the same limit.
 */
import os from 'node:os';
import type { ArchitectureSummary } from '../../shared/api.js';
import type { RunConfig } from '../../shared/config.js';
import type { Reason } from '../../shared/reasons.js';

const BYTES_PER_VALUE = 4;
/** tfjs, its wasm module and the worker's own heap, measured at about 150–250 MB. */
export const RUNTIME_ALLOWANCE_BYTES = 256 * 2 ** 20;
/** The default limit: this share of the machine's memory. */
export const DEFAULT_MEMORY_SHARE = 0.75;

export interface MemoryEstimate {
  parameters: number;
  /** Copies of every parameter held at once (weights, gradients, optimizer slots, checkpoint). */
  copies: number;
  parameterBytes: number;
  activationBytes: number;
  datasetBytes: number;
  totalBytes: number;
}

/** A run would need more memory than the limit allows: refused before it is queued. */
export class MemoryLimitError extends Error {
  readonly code = 'memory_limit';
  readonly reasons: Reason[];
  constructor(message: string, reasons: Reason[] = []) {
    super(message);
    this.name = 'MemoryLimitError';
    this.reasons = reasons;
  }
}

function optimizerSlots(config: RunConfig): { slots: number; what: string } {
  const { name, momentum } = config.training.optimizer;
  switch (name) {
    case 'adam':
      return { slots: 2, what: '2 Adam moments' };
    case 'rmsprop':
      return momentum > 0 ? { slots: 2, what: 'RMSprop mean square and momentum' } : { slots: 1, what: 'RMSprop mean square' };
    case 'sgd':
      return momentum > 0 ? { slots: 1, what: 'SGD momentum' } : { slots: 0, what: 'no optimizer state' };
  }
}

export function estimateTrainingMemory(
  config: RunConfig,
  architecture: ArchitectureSummary,
  samples: { train: number | null; test: number | null },
): MemoryEstimate & { optimizerState: string } {
  const { slots, what } = optimizerSlots(config);
  const copies = 2 + slots + 2;
  const parameters = architecture.totalParams;
  const parameterBytes = parameters * BYTES_PER_VALUE * copies;
  const valuesPerSample = architecture.layers.reduce(
    (sum, layer) => sum + layer.outputShape.reduce<number>((product, d) => product * (d ?? 1), 1),
    architecture.inputShape.reduce((a, b) => a * b, 1),
  );
  const activationBytes = config.training.batchSize * valuesPerSample * BYTES_PER_VALUE * 3;
  const sampleValues = architecture.inputShape.reduce((a, b) => a * b, 1);
  const datasetBytes = ((samples.train ?? 0) + (samples.test ?? 0)) * sampleValues * BYTES_PER_VALUE;
  const totalBytes = parameterBytes + activationBytes + datasetBytes + RUNTIME_ALLOWANCE_BYTES;
  return { parameters, copies, parameterBytes, activationBytes, datasetBytes, totalBytes, optimizerState: what };
}

/** The limit in bytes: the setting (MB) when set, else DEFAULT_MEMORY_SHARE of this machine's memory. */
export function memoryLimitBytes(settingMb: number, totalBytes = os.totalmem()): number {
  return settingMb > 0 ? settingMb * 2 ** 20 : Math.floor(totalBytes * DEFAULT_MEMORY_SHARE);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Where the limit comes from, for messages. */
export function describeLimit(settingMb: number, totalBytes = os.totalmem()): string {
  const limit = formatBytes(memoryLimitBytes(settingMb, totalBytes));
  return settingMb > 0
    ? `the memory limit of ${limit} (setting memoryLimitMb)`
    : `the memory limit of ${limit} (${Math.round(DEFAULT_MEMORY_SHARE * 100)}% of this machine's ${formatBytes(totalBytes)}; setting memoryLimitMb changes it)`;
}

/** Throws a MemoryLimitError naming the estimate, how it is made up, and the limit, when the run cannot fit. */
export function checkTrainingMemory(
  config: RunConfig,
  architecture: ArchitectureSummary,
  samples: { train: number | null; test: number | null },
  settingMb: number,
  totalBytes = os.totalmem(),
): MemoryEstimate {
  const estimate = estimateTrainingMemory(config, architecture, samples);
  const limit = memoryLimitBytes(settingMb, totalBytes);
  if (estimate.totalBytes > limit) {
    throw new MemoryLimitError(
      `the model is too large to train here: it needs about ${formatBytes(estimate.totalBytes)} ` +
        `(${estimate.parameters.toLocaleString('en-US')} parameters × 4 bytes × ${estimate.copies} copies — weights, gradients, ${estimate.optimizerState}, ` +
        `a checkpoint being written — = ${formatBytes(estimate.parameterBytes)}; activations of a batch of ${config.training.batchSize}: ${formatBytes(estimate.activationBytes)}; ` +
        `data ${formatBytes(estimate.datasetBytes)}; runtime ${formatBytes(RUNTIME_ALLOWANCE_BYTES)}), over ${describeLimit(settingMb, totalBytes)}. ` +
        `Use fewer or narrower layers, or a smaller batch.`,
      [{ code: 'memoryOverLimit', params: { needed: formatBytes(estimate.totalBytes), limit: formatBytes(limit) } }],
    );
  }
  return estimate;
}
