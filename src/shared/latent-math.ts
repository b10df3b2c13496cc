/**
 * The linear algebra of the latent lab, on plain arrays: PCA of codes (power iteration with
 * deflation, so it needs no d×d matrix and works for 2-D codes and 2,000-D conv codes alike),
 * the projection plane and its inverse, manifold-grid and interpolation codes, and a Gaussian
 * fitted to codes (mean, covariance, sampling through its Cholesky factor).
 * Pure module: no Node, no DOM, no electron.
 */
import { gaussian, seededRandom } from './random.js';

export type Vector = number[];

/**
 * A plane through code space: a point (x, y) of the plane is the code `origin + x·axes[0] + y·axes[1]`.
 * `pca`: the two principal axes of the codes; `none`: the code is 2-D and the plane is code space
 * itself; `slice`: the first two dimensions of the code, the others 0 (a decoder without an encoder).
 */
export interface LatentPlane {
  method: 'pca' | 'none' | 'slice';
  origin: Vector;
  axes: [Vector, Vector];
  /** Share of the codes' total variance along each axis (1, 0 style values for `none`). */
  explainedVariance: [number, number];
}

const dot = (a: readonly number[], b: readonly number[]): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
};
const norm = (a: readonly number[]): number => Math.sqrt(dot(a, a));

/** Mean of equally long rows. @throws Error on no rows or ragged rows */
export function meanOf(rows: readonly (readonly number[])[]): Vector {
  if (rows.length === 0) throw new Error('no codes to average');
  const d = rows[0]!.length;
  const mean = new Array<number>(d).fill(0);
  for (const row of rows) {
    if (row.length !== d) throw new Error(`codes of different sizes: ${d} and ${row.length}`);
    for (let j = 0; j < d; j++) mean[j]! += row[j]!;
  }
  return mean.map((v) => v / rows.length);
}

/** The unit basis vector e_i of size d. */
export function basisVector(d: number, i: number): Vector {
  const v = new Array<number>(d).fill(0);
  v[i] = 1;
  return v;
}

/**
 * The top `k` principal axes of `rows` (unit vectors, largest variance first) with their variances
 * and the total variance. Power iteration on Xcᵀ·Xc·v (never forming the covariance), deflating each
 * found axis; the start vector is seeded so the result is reproducible. Axis signs are fixed so the
 * largest component is positive.
 */
export function principalAxes(rows: readonly (readonly number[])[], k = 2, seed = 1): { mean: Vector; axes: Vector[]; variances: number[]; totalVariance: number } {
  const mean = meanOf(rows);
  const d = mean.length;
  const n = rows.length;
  const centred = rows.map((row) => row.map((v, j) => v - mean[j]!));
  const totalVariance = centred.reduce((sum, row) => sum + dot(row, row), 0) / Math.max(1, n - 1);
  const random = seededRandom(seed);
  const axes: Vector[] = [];
  const variances: number[] = [];
  const deflate = (v: Vector): void => {
    for (const axis of axes) {
      const p = dot(v, axis);
      for (let j = 0; j < d; j++) v[j]! -= p * axis[j]!;
    }
  };
  for (let a = 0; a < Math.min(k, d); a++) {
    let v = Array.from({ length: d }, () => random() - 0.5);
    deflate(v);
    let variance = 0;
    for (let iteration = 0; iteration < 500; iteration++) {
      // w = Xcᵀ (Xc v) / (n - 1): the covariance times v.
      const w = new Array<number>(d).fill(0);
      for (const row of centred) {
        const p = dot(row, v);
        for (let j = 0; j < d; j++) w[j]! += p * row[j]!;
      }
      deflate(w);
      const length = norm(w);
      if (length < 1e-12) break;
      const next = w.map((x) => x / length);
      variance = length / Math.max(1, n - 1);
      const change = Math.min(norm(next.map((x, j) => x - v[j]!)), norm(next.map((x, j) => x + v[j]!)));
      v = next;
      if (change < 1e-9) break;
    }
    if (norm(v) < 1e-12 || variance === 0) {
      // No variance left (all codes on a line, or fewer codes than axes): any orthogonal direction.
      v = Array.from({ length: d }, () => random() - 0.5);
      deflate(v);
      const length = norm(v) || 1;
      v = v.map((x) => x / length);
      variance = 0;
    }
    const largest = v.reduce((best, x, j) => (Math.abs(x) > Math.abs(v[best]!) ? j : best), 0);
    if (v[largest]! < 0) v = v.map((x) => -x);
    axes.push(v);
    variances.push(variance);
  }
  return { mean, axes, variances, totalVariance };
}

/** The plane the lab draws codes in: PCA when they have more than 2 dimensions, code space itself when 2. */
export function fitPlane(codes: readonly (readonly number[])[]): LatentPlane {
  const d = codes[0]?.length ?? 0;
  if (d === 0) throw new Error('no codes to project');
  if (d === 1) return { method: 'slice', origin: [0], axes: [[1], [0]], explainedVariance: [1, 0] };
  if (d === 2) return { method: 'none', origin: [0, 0], axes: [[1, 0], [0, 1]], explainedVariance: varianceShares(codes) };
  const { mean, axes, variances, totalVariance } = principalAxes(codes, 2);
  const share = (v: number): number => (totalVariance > 0 ? v / totalVariance : 0);
  return { method: 'pca', origin: mean, axes: [axes[0]!, axes[1]!], explainedVariance: [share(variances[0]!), share(variances[1]!)] };
}

function varianceShares(codes: readonly (readonly number[])[]): [number, number] {
  const mean = meanOf(codes);
  const v = [0, 0];
  for (const c of codes) for (let j = 0; j < 2; j++) v[j]! += (c[j]! - mean[j]!) ** 2;
  const total = v[0]! + v[1]!;
  return total > 0 ? [v[0]! / total, v[1]! / total] : [0.5, 0.5];
}

/** The plane for a decoder without an encoder: its first two code dimensions. */
export function slicePlane(codeSize: number): LatentPlane {
  if (codeSize < 1) throw new Error(`a code needs at least one dimension, got ${codeSize}`);
  const second = codeSize > 1 ? basisVector(codeSize, 1) : [0];
  return { method: 'slice', origin: new Array<number>(codeSize).fill(0), axes: [basisVector(codeSize, 0), second], explainedVariance: [0, 0] };
}

/** Coordinates of a code in the plane (its orthogonal projection). */
export function projectCode(plane: LatentPlane, code: readonly number[]): [number, number] {
  if (code.length !== plane.origin.length) throw new Error(`a code of ${code.length} values does not fit a plane in ${plane.origin.length}-D code space`);
  const centred = code.map((v, j) => v - plane.origin[j]!);
  return [dot(centred, plane.axes[0]), dot(centred, plane.axes[1])];
}

/** The code at plane point (x, y): origin + x·axis1 + y·axis2. */
export function unprojectPoint(plane: LatentPlane, [x, y]: readonly [number, number]): Vector {
  return plane.origin.map((o, j) => o + x * plane.axes[0][j]! + y * plane.axes[1][j]!);
}

/** Extent of 2-D points, widened by `margin` of each side's span (and to a unit span when flat). */
export function extentOf(points: readonly (readonly [number, number])[], margin = 0.05): { x: [number, number]; y: [number, number] } {
  if (points.length === 0) return { x: [-1, 1], y: [-1, 1] };
  const range = (i: 0 | 1): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of points) {
      lo = Math.min(lo, p[i]);
      hi = Math.max(hi, p[i]);
    }
    const span = hi - lo || 1;
    return [lo - span * margin, hi + span * margin];
  };
  return { x: range(0), y: range(1) };
}

/** `steps` evenly spaced values from `from` to `to` (both included). */
export function linspace(from: number, to: number, steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  if (steps === 1) return [(from + to) / 2];
  return Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / (steps - 1));
}

/**
 * Plane points of a `steps` × `steps` manifold grid over the extent, row-major with the top row
 * (largest y) first, as an image of the plane is read.
 */
export function gridPoints(extent: { x: [number, number]; y: [number, number] }, steps: number): [number, number][] {
  const xs = linspace(extent.x[0], extent.x[1], steps);
  const ys = linspace(extent.y[0], extent.y[1], steps).reverse();
  return ys.flatMap((y) => xs.map((x): [number, number] => [x, y]));
}

/** `steps` codes on the straight line from `a` to `b`, both ends included. */
export function interpolateCodes(a: readonly number[], b: readonly number[], steps: number): Vector[] {
  if (a.length !== b.length) throw new Error(`cannot interpolate between codes of ${a.length} and ${b.length} values`);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`an interpolation needs at least 2 steps, got ${steps}`);
  return Array.from({ length: steps }, (_, i) => {
    const t = i / (steps - 1);
    return a.map((v, j) => v + t * (b[j]! - v));
  });
}

/** `scale`·code + σ·ε with ε ~ N(0, I) drawn from `random`: the amplitude and noise experiment. */
export function perturbCode(code: readonly number[], sigma: number, scale: number, random: () => number): Vector {
  return code.map((v) => scale * v + (sigma > 0 ? sigma * gaussian(random) : 0));
}

/** A Gaussian fitted to codes: their mean and (unbiased) covariance. */
export interface FittedGaussian {
  mean: Vector;
  covariance: number[][];
}

export function fitGaussian(codes: readonly (readonly number[])[]): FittedGaussian {
  const mean = meanOf(codes);
  const d = mean.length;
  const covariance = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const code of codes) {
    const c = code.map((v, j) => v - mean[j]!);
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) covariance[i]![j]! += c[i]! * c[j]!;
  }
  const denominator = Math.max(1, codes.length - 1);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      covariance[i]![j]! /= denominator;
      covariance[j]![i] = covariance[i]![j]!;
    }
  }
  return { mean, covariance };
}

/**
 * Lower-triangular L with L·Lᵀ = matrix. A covariance of codes is often singular (a dead unit, fewer
 * codes than dimensions), so a growing jitter is added to the diagonal until the factorisation holds.
 */
export function cholesky(matrix: readonly (readonly number[])[]): number[][] {
  const d = matrix.length;
  const scale = Math.max(1e-12, ...matrix.map((row, i) => Math.abs(row[i]!)));
  for (let jitter = 0; jitter <= 1e-2 * scale; jitter = jitter === 0 ? 1e-10 * scale : jitter * 10) {
    const l = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    let ok = true;
    for (let i = 0; i < d && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = matrix[i]![j]! + (i === j ? jitter : 0);
        for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
        if (i === j) {
          if (!(sum > 0)) {
            ok = false;
            break;
          }
          l[i]![i] = Math.sqrt(sum);
        } else {
          l[i]![j] = sum / l[j]![j]!;
        }
      }
    }
    if (ok) return l;
  }
  throw new Error('the covariance of the codes is not positive semi-definite (are some codes NaN?)');
}

/** `n` samples of the fitted Gaussian: mean + L·z with z ~ N(0, I), seeded. */
export function sampleGaussian(fit: FittedGaussian, n: number, seed: number): Vector[] {
  const l = cholesky(fit.covariance);
  const random = seededRandom(seed);
  const d = fit.mean.length;
  return Array.from({ length: n }, () => {
    const z = Array.from({ length: d }, () => gaussian(random));
    return fit.mean.map((m, i) => {
      let sum = m;
      for (let k = 0; k <= i; k++) sum += l[i]![k]! * z[k]!;
      return sum;
    });
  });
}

/**
 * A typical sample of class `label` for an interpolation end: the dataset index of the point
 * nearest the class's mean in the plane (its `rank`-th nearest, so that both ends of one class
 * differ). Null when the class has no point (or fewer than rank + 1).
 */
export function classRepresentative(
  projection: { points: readonly (readonly [number, number])[]; labels: readonly (number | null)[]; indices: readonly number[] },
  label: number,
  rank = 0,
): number | null {
  const members = projection.points.flatMap((point, i) => (projection.labels[i] === label ? [{ point, index: projection.indices[i]! }] : []));
  if (members.length <= rank) return null;
  const [mx, my] = meanOf(members.map((m) => [...m.point]));
  const distance = ({ point: [x, y] }: { point: readonly [number, number] }): number => (x - mx!) ** 2 + (y - my!) ** 2;
  return [...members].sort((a, b) => distance(a) - distance(b) || a.index - b.index)[rank]!.index;
}
