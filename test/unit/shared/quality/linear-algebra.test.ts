import { describe, expect, it } from 'vitest';
import {
  choleskyWithRidge,
  meanAndCovariance,
  multiply,
  symmetricEigen,
  symmetricSqrt,
  type SquareMatrix,
} from '../../../../src/shared/quality/linear-algebra.js';
import { seededRandom, gaussian } from '../../../../src/shared/random.js';

const matrix = (rows: number[][]): SquareMatrix => ({ size: rows.length, values: Float64Array.from(rows.flat()) });

/** A random symmetric positive definite matrix B·Bᵀ + I. */
function randomSpd(n: number, seed: number): SquareMatrix {
  const random = seededRandom(seed);
  const b = { size: n, values: Float64Array.from({ length: n * n }, () => gaussian(random)) };
  const bt = { size: n, values: new Float64Array(n * n) };
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) bt.values[i * n + j] = b.values[j * n + i]!;
  const out = multiply(b, bt);
  for (let i = 0; i < n; i++) out.values[i * n + i]! += 1;
  return out;
}

describe('meanAndCovariance', () => {
  it('matches the hand-computed mean and unbiased covariance', () => {
    // Points (1, 2), (3, 6), (5, 4): mean (3, 4); var x = 4, var y = 4, cov = 2.
    const stats = meanAndCovariance([1, 2, 3, 6, 5, 4], 3, 2);
    expect([...stats.mean]).toEqual([3, 4]);
    expect([...stats.covariance.values]).toEqual([4, 2, 2, 4]);
  });

  it('names a value count that does not fit the shape', () => {
    expect(() => meanAndCovariance([1, 2, 3], 2, 2)).toThrow('expected 2 × 2 = 4 values, got 3');
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenvalues of a 2×2 matrix by hand: [[2,1],[1,2]] → 1 and 3', () => {
    const { values } = symmetricEigen(matrix([[2, 1], [1, 2]]));
    expect([...values].sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
  });

  it('reconstructs a random 40×40 SPD matrix as V·diag(λ)·Vᵀ', () => {
    const a = randomSpd(40, 7);
    const { values, vectors } = symmetricEigen(a);
    const n = a.size;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += vectors.values[i * n + k]! * values[k]! * vectors.values[j * n + k]!;
        worst = Math.max(worst, Math.abs(sum - a.values[i * n + j]!));
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('symmetricSqrt', () => {
  it('squares back to the matrix it came from', () => {
    const a = randomSpd(12, 3);
    const root = symmetricSqrt(a);
    const square = multiply(root, root);
    for (let i = 0; i < a.values.length; i++) expect(square.values[i]).toBeCloseTo(a.values[i]!, 8);
  });
});

describe('choleskyWithRidge', () => {
  it('factorises an SPD matrix: L·Lᵀ = A', () => {
    const a = randomSpd(10, 11);
    const l = choleskyWithRidge(a, 0);
    const n = a.size;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += l.values[i * n + k]! * l.values[j * n + k]!;
        expect(sum).toBeCloseTo(a.values[i * n + j]!, 9);
      }
    }
  });

  it('factorises a rank-deficient covariance thanks to the ridge', () => {
    // One sample in 3 dimensions: a zero covariance.
    const l = choleskyWithRidge(matrix([[1, 1, 0], [1, 1, 0], [0, 0, 0]]));
    expect([...l.values].every(Number.isFinite)).toBe(true);
    expect(l.values[0]).toBeCloseTo(1, 5);
  });

  it('refuses a matrix holding NaN with a clear message', () => {
    expect(() => choleskyWithRidge(matrix([[Number.NaN, 0], [0, 1]]))).toThrow('not positive semi-definite');
  });
});
