import { describe, expect, it } from 'vitest';
import { frechetDistance, traceSqrtProduct } from '../../../../src/shared/quality/frechet.js';
import { meanAndCovariance, type SquareMatrix } from '../../../../src/shared/quality/linear-algebra.js';
import { gaussian, seededRandom } from '../../../../src/shared/random.js';

const diagonal = (values: number[]): SquareMatrix => {
  const n = values.length;
  const m = new Float64Array(n * n);
  values.forEach((v, i) => (m[i * n + i] = v));
  return { size: n, values: m };
};

function randomFeatures(count: number, dims: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  // Correlated features: each is a mix of its own noise and the previous one's.
  const rows = new Float64Array(count * dims);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < dims; j++) rows[r * dims + j] = gaussian(random) + (j > 0 ? 0.5 * rows[r * dims + j - 1]! : 0);
  }
  return rows;
}

describe('frechetDistance', () => {
  it('is ≈ 0 for two identical feature sets of 64 correlated dimensions', () => {
    const stats = meanAndCovariance(randomFeatures(500, 64, 1), 500, 64);
    expect(frechetDistance(stats, stats)).toBeLessThan(1e-6);
  });

  it('is ‖Δμ‖² when only the means differ', () => {
    const a = meanAndCovariance(randomFeatures(300, 16, 2), 300, 16);
    const shiftedMean = a.mean.map((v, i) => v + (i % 2 === 0 ? 1 : -2));
    // Δ = (1, -2, 1, -2, …): 8 × 1 + 8 × 4 = 40.
    expect(frechetDistance(a, { mean: shiftedMean, covariance: a.covariance })).toBeCloseTo(40, 6);
  });

  it('is Σ(σ1 − σ2)² for diagonal covariances with equal means', () => {
    const sigma1 = [1, 2, 3, 0.5];
    const sigma2 = [2, 2, 1, 1.5];
    const zero = new Float64Array(4);
    const distance = frechetDistance(
      { mean: zero, covariance: diagonal(sigma1.map((s) => s * s)) },
      { mean: zero, covariance: diagonal(sigma2.map((s) => s * s)) },
    );
    // (1-2)² + 0 + (3-1)² + (0.5-1.5)² = 1 + 0 + 4 + 1 = 6
    expect(distance).toBeCloseTo(6, 9);
  });

  it('adds the mean and covariance terms for a shifted, scaled 1-D Gaussian', () => {
    // N(0, 1) vs N(3, 4): 9 + (1 - 2)² = 10.
    const d = frechetDistance({ mean: Float64Array.of(0), covariance: diagonal([1]) }, { mean: Float64Array.of(3), covariance: diagonal([4]) });
    expect(d).toBeCloseTo(10, 12);
  });

  it('is symmetric and grows with the distance between two sample sets', () => {
    const a = meanAndCovariance(randomFeatures(400, 8, 3), 400, 8);
    const b = meanAndCovariance(randomFeatures(400, 8, 4).map((v) => v * 1.5), 400, 8);
    expect(frechetDistance(a, b)).toBeCloseTo(frechetDistance(b, a), 8);
    expect(frechetDistance(a, b)).toBeGreaterThan(frechetDistance(a, meanAndCovariance(randomFeatures(400, 8, 5), 400, 8)));
  });

  it('refuses Gaussians of different dimensions', () => {
    expect(() =>
      frechetDistance({ mean: new Float64Array(2), covariance: diagonal([1, 1]) }, { mean: new Float64Array(3), covariance: diagonal([1, 1, 1]) }),
    ).toThrow('same dimension, got 2 and 3');
  });
});

describe('traceSqrtProduct', () => {
  it('equals Σ σ1·σ2 for diagonal covariances', () => {
    expect(traceSqrtProduct(diagonal([4, 9]), diagonal([1, 16]))).toBeCloseTo(2 * 1 + 3 * 4, 10);
  });

  it('handles singular covariances (a rank-1 matrix against the identity)', () => {
    // Σ1 = v vᵀ with v = (3, 4): Σ1^{1/2} = v vᵀ / 5, so Tr((Σ1 I)^{1/2}) = ‖v‖ = 5.
    const rank1: SquareMatrix = { size: 2, values: Float64Array.of(9, 12, 12, 16) };
    expect(traceSqrtProduct(rank1, diagonal([1, 1]))).toBeCloseTo(5, 8);
  });
});
