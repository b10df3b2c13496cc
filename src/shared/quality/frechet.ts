/**
 * Fréchet distance between two Gaussians, the quantity behind FID:
 *   ‖μ1 − μ2‖² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^{1/2}).
 * Tr((Σ1 Σ2)^{1/2}) is computed as Tr((Σ1^{1/2} Σ2 Σ1^{1/2})^{1/2}): the same eigenvalues, but of
 * a symmetric PSD matrix, so a symmetric eigen solver gives them without complex round-off.
 * Pure module: no Node, no DOM.
 */
import { multiply, symmetricEigen, symmetricSqrt, type GaussianStats, type SquareMatrix } from './linear-algebra.js';

/** Tr((Σ1 Σ2)^{1/2}) for symmetric PSD Σ1, Σ2. */
export function traceSqrtProduct(sigma1: SquareMatrix, sigma2: SquareMatrix): number {
  const root1 = symmetricSqrt(sigma1);
  const inner = multiply(multiply(root1, sigma2), root1);
  // Symmetrise: the two products leave round-off asymmetry the Jacobi solver would carry along.
  const n = inner.size;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = (inner.values[i * n + j]! + inner.values[j * n + i]!) / 2;
      inner.values[i * n + j] = mean;
      inner.values[j * n + i] = mean;
    }
  }
  const { values } = symmetricEigen(inner);
  let trace = 0;
  for (const lambda of values) trace += Math.sqrt(Math.max(0, lambda));
  return trace;
}

/** Fréchet distance between N(μ1, Σ1) and N(μ2, Σ2); never negative (rounding is clamped to 0). */
export function frechetDistance(a: Pick<GaussianStats, 'mean' | 'covariance'>, b: Pick<GaussianStats, 'mean' | 'covariance'>): number {
  const n = a.mean.length;
  if (b.mean.length !== n || a.covariance.size !== n || b.covariance.size !== n) {
    throw new Error(`Fréchet distance needs Gaussians of the same dimension, got ${n} and ${b.mean.length}`);
  }
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i]! - b.mean[i]!) ** 2;
  let traces = 0;
  for (let i = 0; i < n; i++) traces += a.covariance.values[i * n + i]! + b.covariance.values[i * n + i]!;
  const distance = meanTerm + traces - 2 * traceSqrtProduct(a.covariance, b.covariance);
  if (!Number.isFinite(distance)) throw new Error('the Fréchet distance is not finite (the features hold NaN or infinite values)');
  return Math.max(0, distance);
}
