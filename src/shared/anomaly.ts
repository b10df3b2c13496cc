/**
 * Anomaly detection by reconstruction error: thresholds, confusion counts, ROC and PR curves,
 * error histograms. The worker records AUROC/AUPRC with these functions and the renderer
 * recomputes every threshold-dependent number live with the same ones.
 *
 * Conventions (everywhere in this module):
 * - a higher score (reconstruction error) means more anomalous;
 * - a sample is flagged anomalous when its score is strictly greater than the threshold;
 * - ratios whose denominator is 0 are NaN (undefined), never a silent 0 or 1.
 * Pure module: no Node, no DOM.
 */
import type { AnomalyThreshold } from './config.js';

/** Arithmetic mean; NaN for an empty array. */
function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation (divides by n, not n − 1); NaN for an empty array. */
export function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  if (Number.isNaN(m)) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += (v - m) * (v - m);
  return Math.sqrt(sum / values.length);
}

/**
 * The `p`-th percentile (0–100) with linear interpolation between the two closest ranks
 * (numpy's default): rank = p/100 · (n − 1) over the sorted values.
 * @throws Error for an empty array or p outside [0, 100]
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0..100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

/**
 * The threshold a mode sets from the errors of the normal training samples:
 * meanStd → mean + k·σ (population σ); percentile → that percentile; manual → its value.
 * @throws Error when meanStd or percentile get no training errors
 */
export function anomalyThreshold(trainNormalErrors: readonly number[], threshold: AnomalyThreshold): number {
  if (threshold.mode === 'manual') return threshold.value;
  if (trainNormalErrors.length === 0) {
    throw new Error(`the ${threshold.mode} threshold needs the errors of the normal training samples, and there are none`);
  }
  if (threshold.mode === 'meanStd') return mean(trainNormalErrors) + threshold.k * standardDeviation(trainNormalErrors);
  return percentile(trainNormalErrors, threshold.percentile);
}

/** Counts and rates of the detector at one threshold (anomalous = positive). */
export interface Confusion {
  threshold: number;
  /** Anomalies flagged. */
  tp: number;
  /** Normal samples flagged. */
  fp: number;
  /** Normal samples passed. */
  tn: number;
  /** Anomalies passed. */
  fn: number;
  /** tp / (tp + fp); NaN when nothing is flagged. */
  precision: number;
  /** tp / (tp + fn) (the true-positive rate); NaN when there are no anomalies. */
  recall: number;
  /** 2tp / (2tp + fp + fn); NaN only when there are no anomalies and nothing is flagged. */
  f1: number;
  /** fp / (fp + tn); NaN when there are no normal samples. */
  falsePositiveRate: number;
  /** (tp + tn) / n; NaN for no samples. */
  accuracy: number;
}

function checkPaired(scores: readonly number[], isAnomaly: readonly boolean[]): void {
  if (scores.length !== isAnomaly.length) {
    throw new Error(`${scores.length} scores but ${isAnomaly.length} anomaly labels`);
  }
}

const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

/** Confusion counts, precision, recall and F1 when every score above `threshold` is flagged. */
export function confusionAt(scores: readonly number[], isAnomaly: readonly boolean[], threshold: number): Confusion {
  checkPaired(scores, isAnomaly);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const flagged = (scores[i] as number) > threshold;
    if (isAnomaly[i]) {
      if (flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    else tn++;
  }
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    falsePositiveRate: ratio(fp, fp + tn),
    accuracy: ratio(tp + tn, scores.length),
  };
}

/** Cumulative counts at each distinct score, highest first: lowering the threshold past a score flags every sample tied at it at once. */
function cumulativeCounts(scores: readonly number[], isAnomaly: readonly boolean[]): { score: number; tp: number; fp: number }[] {
  checkPaired(scores, isAnomaly);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const steps: { score: number; tp: number; fp: number }[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (isAnomaly[i]) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[i]) steps.push({ score: scores[i] as number, tp, fp });
  }
  return steps;
}

function countAnomalies(isAnomaly: readonly boolean[]): { positives: number; negatives: number } {
  let positives = 0;
  for (const a of isAnomaly) if (a) positives++;
  return { positives, negatives: isAnomaly.length - positives };
}

/** A ROC curve: points from (0, 0) to (1, 1), one per distinct score. */
export interface RocCurve {
  /** [false-positive rate, true-positive rate], from (0, 0) to (1, 1). */
  points: [number, number][];
  /** Score of each point after the first: flagging every score ≥ it gives that point. */
  thresholds: number[];
  /** Trapezoidal area under the points (ties become diagonal segments, i.e. count ½); NaN when a class is missing. */
  auc: number;
}

/**
 * ROC curve and AUROC. Samples with equal scores enter together, so ties draw a diagonal
 * segment, and the area equals the Mann–Whitney probability P(score_anomaly > score_normal) +
 * ½·P(equal). Without anomalies or without normal samples the curve is empty and the AUC NaN.
 */
export function rocCurve(scores: readonly number[], isAnomaly: readonly boolean[]): RocCurve {
  const { positives, negatives } = countAnomalies(isAnomaly);
  checkPaired(scores, isAnomaly);
  if (positives === 0 || negatives === 0) return { points: [], thresholds: [], auc: Number.NaN };
  const points: [number, number][] = [[0, 0]];
  const thresholds: number[] = [];
  let auc = 0;
  for (const step of cumulativeCounts(scores, isAnomaly)) {
    const [x0, y0] = points[points.length - 1] as [number, number];
    const x = step.fp / negatives;
    const y = step.tp / positives;
    auc += ((x - x0) * (y + y0)) / 2;
    points.push([x, y]);
    thresholds.push(step.score);
  }
  return { points, thresholds, auc };
}

/** A precision-recall curve. */
export interface PrCurve {
  /** [recall, precision]: first (0, 1) as a plotting anchor, then one point per distinct score, highest first. */
  points: [number, number][];
  /** Score of each point after the first (flagged: scores ≥ it). */
  thresholds: number[];
  /**
   * Average precision: Σ_k (R_k − R_{k−1}) · P_k over the distinct scores (scikit-learn's
   * `average_precision_score`: a step function, no interpolation, no trapezoids, so it is not
   * optimistic). NaN without anomalies.
   */
  averagePrecision: number;
  /** Share of anomalies: the precision of a detector that flags at random. */
  baseline: number;
}

/** PR curve and AUPRC as average precision (see PrCurve). */
export function prCurve(scores: readonly number[], isAnomaly: readonly boolean[]): PrCurve {
  const { positives } = countAnomalies(isAnomaly);
  checkPaired(scores, isAnomaly);
  const baseline = ratio(positives, isAnomaly.length);
  if (positives === 0) return { points: [], thresholds: [], averagePrecision: Number.NaN, baseline };
  const points: [number, number][] = [[0, 1]];
  const thresholds: number[] = [];
  let ap = 0;
  let previousRecall = 0;
  for (const step of cumulativeCounts(scores, isAnomaly)) {
    const recall = step.tp / positives;
    const precision = step.tp / (step.tp + step.fp);
    ap += (recall - previousRecall) * precision;
    previousRecall = recall;
    points.push([recall, precision]);
    thresholds.push(step.score);
  }
  return { points, thresholds, averagePrecision: ap, baseline };
}

/** Equal-width bins of the scores of normal and of anomalous samples. */
export interface ErrorHistogram {
  /** bins + 1 ascending edges. */
  edges: number[];
  normal: number[];
  anomalous: number[];
  /** Samples above the range counted in the last bin (when `max` cuts a long tail). */
  clipped: number;
}

/**
 * Histogram of normal vs anomalous scores over [min, max] (default: the scores' range) in `bins`
 * equal-width bins, each bin [left, right) except the last, which also holds `max` and anything
 * above it (counted in `clipped`). Scores below `min` go to the first bin. When every score is
 * equal, the range becomes [v − 0.5, v + 0.5] (or [0, 1] with no scores) so the bars stay visible.
 */
export function errorHistogram(
  scores: readonly number[],
  isAnomaly: readonly boolean[],
  bins: number,
  range: { min?: number; max?: number } = {},
): ErrorHistogram {
  checkPaired(scores, isAnomaly);
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`a histogram needs a whole number of bins ≥ 1, got ${bins}`);
  let min = range.min ?? scores.reduce((a, b) => Math.min(a, b), Infinity);
  let max = range.max ?? scores.reduce((a, b) => Math.max(a, b), -Infinity);
  if (scores.length === 0 && (range.min === undefined || range.max === undefined)) [min, max] = [0, 1];
  if (!(max > min)) [min, max] = [min - 0.5, min + 0.5];
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const normal = new Array<number>(bins).fill(0);
  const anomalous = new Array<number>(bins).fill(0);
  let clipped = 0;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i] as number;
    if (score > max) clipped++;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((score - min) / width)));
    if (isAnomaly[i]) anomalous[bin]! += 1;
    else normal[bin]! += 1;
  }
  return { edges, normal, anomalous, clipped };
}
