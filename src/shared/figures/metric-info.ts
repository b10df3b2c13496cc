/**
 * What each recorded metric means for a reader: which direction is better, and how to print it.
 * Pure module: no Node, no DOM.
 */
import type { MetricName } from '../config.js';

/** Metrics where a larger value is better; every other metric is an error to minimise. */
const HIGHER_IS_BETTER: ReadonlySet<string> = new Set<MetricName>(['binaryAccuracy', 'psnr', 'activeUnits', 'auroc', 'auprc']);

/** `max` when larger values of `metric` are better, `min` otherwise (losses, errors, wrong pixels). */
export function metricDirection(metric: string): 'min' | 'max' {
  return HIGHER_IS_BETTER.has(metric) ? 'max' : 'min';
}

/**
 * Index of the best value in `values` for `metric`, or -1 when none is a finite number.
 * Ties keep the first occurrence so "best" is stable across re-renders.
 */
export function bestIndex(metric: string, values: readonly (number | null | undefined)[]): number {
  const direction = metricDirection(metric);
  let best = -1;
  values.forEach((value, index) => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    const current = best === -1 ? undefined : values[best];
    if (current === undefined || current === null) {
      best = index;
    } else if (direction === 'min' ? value < current : value > current) {
      best = index;
    }
  });
  return best;
}

/**
 * Indices of every value that ties with the best as printed (by `formatMetric`): a reader sees two
 * equal numbers, so both are the best. Empty when no value is a finite number.
 */
export function bestIndices(metric: string, values: readonly (number | null | undefined)[]): number[] {
  const best = bestIndex(metric, values);
  if (best === -1) return [];
  const shown = formatMetric(values[best]);
  return values.flatMap((value, index) => (value !== null && value !== undefined && Number.isFinite(value) && formatMetric(value) === shown ? [index] : []));
}

/**
 * Short, stable text for a metric value: 4 significant digits, scientific notation for very
 * small or very large magnitudes, integers printed as integers (wrong-pixel counts).
 */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
