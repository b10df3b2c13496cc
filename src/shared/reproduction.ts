/**
 * A run beside the published figure it reproduces: the relative deviation from the report's value,
 * the one-line text every view shows, and the rank correlation of a reproduced grid.
 * Pure module: no Node, no DOM, no electron.
 */
import type { Reference } from './config.js';

/** One recorded value of the reference's metric and split. */
export interface MetricPoint {
  epoch: number;
  value: number;
}

/** A run's value set beside its reference. */
export interface ReferenceComparison {
  reference: Reference;
  /** This run's value of reference.metric on reference.split. */
  value: number;
  /**
   * The epoch of that value: reference.epochs when the run recorded it there; otherwise the last
   * epoch it recorded (a shorter run, or one still training), which `atReferenceEpoch` flags.
   */
  epoch: number;
  atReferenceEpoch: boolean;
  /** (value − reference.value) / reference.value: +0.007 means 0.7 % above the report, −0.1 means 10 % below. */
  deviation: number;
}

/** The points of the reference's metric and split in a run's per-epoch records (EpochMetrics). */
export function referencePoints(
  reference: Pick<Reference, 'metric' | 'split'>,
  records: readonly { epoch: number; split: string; values: Partial<Record<string, number>> }[],
): MetricPoint[] {
  return records
    .filter((r) => r.split === reference.split && r.values[reference.metric] !== undefined)
    .map((r) => ({ epoch: r.epoch, value: r.values[reference.metric]! }));
}

/** Relative deviation of `value` from `referenceValue`: (value − reference) / |reference|. */
export function relativeDeviation(value: number, referenceValue: number): number {
  if (referenceValue === 0) return value === 0 ? 0 : Number.POSITIVE_INFINITY * Math.sign(value);
  return (value - referenceValue) / Math.abs(referenceValue);
}

/**
 * Compares a run's recorded points (its values of the reference's metric and split, any order) with
 * the reference: at the reference's epoch when recorded, else at the last finite one. Null when the
 * run has no finite value yet.
 */
export function compareWithReference(reference: Reference, points: readonly MetricPoint[]): ReferenceComparison | null {
  const finite = points.filter((p) => Number.isFinite(p.value));
  if (finite.length === 0) return null;
  const exact = finite.find((p) => p.epoch === reference.epochs);
  const point = exact ?? finite.reduce((last, p) => (p.epoch > last.epoch ? p : last));
  return { reference, value: point.value, epoch: point.epoch, atReferenceEpoch: exact !== undefined, deviation: relativeDeviation(point.value, reference.value) };
}

/** "+0.7%", "−12.3%": a deviation as a signed percentage with one decimal. */
export function formatDeviation(deviation: number): string {
  if (!Number.isFinite(deviation)) return deviation > 0 ? '+∞%' : '−∞%';
  const percent = (deviation * 100).toFixed(1);
  if (percent === '0.0' || percent === '-0.0') return '±0.0%';
  return deviation > 0 ? `+${percent}%` : `−${percent.slice(1)}%`;
}

/** A metric value as the reports print them: 4 significant digits, no exponent for ordinary losses. */
export function formatFigure(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(3);
  return Number(value.toPrecision(4)).toString();
}

/**
 * "report 0.003953 · this run 0.003979 (+0.7%)", with "at epoch 10" added when the run's value is
 * not from the report's epoch.
 */
export function formatReferenceComparison(comparison: ReferenceComparison): string {
  const at = comparison.atReferenceEpoch ? '' : ` at epoch ${comparison.epoch} (report: epoch ${comparison.reference.epochs})`;
  return `report ${formatFigure(comparison.reference.value)} · this run ${formatFigure(comparison.value)}${at} (${formatDeviation(comparison.deviation)})`;
}

/** Ranks from 1, ties sharing the mean of their positions (the convention of Spearman's ρ with ties). */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]!.index] = rank;
    start = end + 1;
  }
  return result;
}

/**
 * Spearman's rank correlation of two paired lists: the Pearson correlation of their ranks (exact with
 * ties). Null with fewer than 2 pairs or when either list is constant (no ranking to compare).
 */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new Error(`spearman: ${a.length} values against ${b.length}`);
  if (a.length < 2) return null;
  const [ra, rb] = [ranks(a), ranks(b)];
  const mean = (a.length + 1) / 2;
  let [cov, va, vb] = [0, 0, 0];
  for (let i = 0; i < ra.length; i++) {
    const [da, db] = [ra[i]! - mean, rb[i]! - mean];
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  if (va === 0 || vb === 0) return null;
  return cov / Math.sqrt(va * vb);
}

/** The rank agreement of a reproduced grid: Spearman's ρ over the members compared with a reference. */
export interface GridAgreement {
  /** Null when fewer than 2 members have a comparison (or one side does not vary). */
  spearman: number | null;
  /** Members that entered it. */
  members: number;
}

export function gridAgreement(comparisons: readonly (ReferenceComparison | null)[]): GridAgreement {
  const compared = comparisons.filter((c): c is ReferenceComparison => c !== null);
  return {
    spearman: spearman(
      compared.map((c) => c.reference.value),
      compared.map((c) => c.value),
    ),
    members: compared.length,
  };
}
