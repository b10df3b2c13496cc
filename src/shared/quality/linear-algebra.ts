/**
 * Small dense linear algebra for the generative-quality metrics: symmetric matrices of a few
 * hundred rows at most (classifier features, latent codes), stored row-major in Float64Array.
 * Pure module: no Node, no DOM.
 */

/** A square matrix, row-major: `values[i * size + j]`. */
export interface SquareMatrix {
  size: number;
  values: Float64Array;
}

/** Mean and covariance of a set of vectors. */
export interface GaussianStats {
  mean: Float64Array;
  covariance: SquareMatrix;
  /** How many vectors they were estimated from. */
  count: number;
}

/**
 * Mean and unbiased covariance of `count` row vectors of `dims` values each (row-major).
 * A single vector gets a zero covariance.
 */
export function meanAndCovariance(rows: ArrayLike<number>, count: number, dims: number): GaussianStats {
  if (count <= 0 || dims <= 0) throw new Error(`need at least one vector of at least one value, got ${count} × ${dims}`);
  if (rows.length !== count * dims) throw new Error(`expected ${count} × ${dims} = ${count * dims} values, got ${rows.length}`);
  const mean = new Float64Array(dims);
  for (let r = 0; r < count; r++) for (let j = 0; j < dims; j++) mean[j]! += rows[r * dims + j]!;
  for (let j = 0; j < dims; j++) mean[j]! /= count;
  const values = new Float64Array(dims * dims);
  const centred = new Float64Array(dims);
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < dims; j++) centred[j] = rows[r * dims + j]! - mean[j]!;
    for (let i = 0; i < dims; i++) {
      const ci = centred[i]!;
      if (ci === 0) continue;
      for (let j = i; j < dims; j++) values[i * dims + j]! += ci * centred[j]!;
    }
  }
  const divisor = Math.max(1, count - 1);
  for (let i = 0; i < dims; i++) {
    for (let j = i; j < dims; j++) {
      const v = values[i * dims + j]! / divisor;
      values[i * dims + j] = v;
      values[j * dims + i] = v;
    }
  }
  return { mean, covariance: { size: dims, values }, count };
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major) of a symmetric matrix. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: SquareMatrix;
}

/**
 * Cyclic Jacobi eigen-decomposition of a symmetric matrix. Slow for large matrices (O(n³) per
 * sweep) but unconditionally stable and accurate, which is what a matrix square root needs.
 */
export function symmetricEigen(matrix: SquareMatrix, maxSweeps = 100): SymmetricEigen {
  const n = matrix.size;
  const a = Float64Array.from(matrix.values);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += a[i]! * a[i]!;
  const tolerance = 1e-30 * Math.max(scale, 1e-300);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    if (off <= tolerance) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: { size: n, values: v } };
}

/**
 * Square root of a symmetric positive semi-definite matrix through its eigen-decomposition.
 * Eigenvalues that rounding pushed below zero count as zero.
 */
export function symmetricSqrt(matrix: SquareMatrix): SquareMatrix {
  const n = matrix.size;
  const { values, vectors } = symmetricEigen(matrix);
  const roots = Array.from(values, (lambda) => Math.sqrt(Math.max(0, lambda)));
  const out = new Float64Array(n * n);
  const v = vectors.values;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += v[i * n + k]! * roots[k]! * v[j * n + k]!;
      out[i * n + j] = sum;
      out[j * n + i] = sum;
    }
  }
  return { size: n, values: out };
}

/** Product of two square matrices of the same size. */
export function multiply(a: SquareMatrix, b: SquareMatrix): SquareMatrix {
  if (a.size !== b.size) throw new Error(`cannot multiply a ${a.size}×${a.size} matrix by a ${b.size}×${b.size} one`);
  const n = a.size;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a.values[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += aik * b.values[k * n + j]!;
    }
  }
  return { size: n, values: out };
}

/**
 * Lower-triangular L with L·Lᵀ = Σ + ridge·I (row-major). The ridge, scaled by the mean diagonal,
 * makes rank-deficient covariances (fewer samples than dimensions, dead code units) factorable;
 * it grows tenfold until the factorisation succeeds.
 */
export function choleskyWithRidge(matrix: SquareMatrix, relativeRidge = 1e-6): SquareMatrix {
  const n = matrix.size;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += matrix.values[i * n + i]!;
  const base = Math.max(trace / n, 1e-12);
  for (let ridge = relativeRidge * base, attempt = 0; attempt < 12; attempt++, ridge *= 10) {
    const l = tryCholesky(matrix, ridge);
    if (l) return { size: n, values: l };
  }
  throw new Error(`the ${n}×${n} covariance is not positive semi-definite (NaN or infinite values?)`);
}

function tryCholesky(matrix: SquareMatrix, ridge: number): Float64Array | null {
  const n = matrix.size;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix.values[i * n + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  return l;
}
