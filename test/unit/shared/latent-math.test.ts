import { describe, expect, it } from 'vitest';
import {
  classRepresentative,
  cholesky, extentOf, fitGaussian, fitPlane, gridPoints, interpolateCodes, linspace, meanOf, perturbCode, principalAxes,
  projectCode, sampleGaussian, slicePlane, unprojectPoint,
} from '../../../src/shared/latent-math.js';
import { gaussian, seededRandom } from '../../../src/shared/random.js';

/** Points stretched along a known unit direction `u` in 4-D, with small noise across it. */
function elongated(n: number, u: number[], seed = 3): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const t = 5 * gaussian(random);
    return u.map((v, j) => 1 + j + t * v + 0.1 * gaussian(random));
  });
}

const unit = (v: number[]): number[] => {
  const length = Math.hypot(...v);
  return v.map((x) => x / length);
};

describe('principalAxes', () => {
  it('recovers the direction of largest variance of known data, with its variance', () => {
    const u = unit([1, 2, -1, 0.5]);
    const { axes, variances, totalVariance, mean } = principalAxes(elongated(400, u), 2);
    const alignment = Math.abs(axes[0]!.reduce((s, v, j) => s + v * u[j]!, 0));
    expect(alignment).toBeGreaterThan(0.999);
    expect(variances[0]! / totalVariance).toBeGreaterThan(0.98);
    expect(variances[1]).toBeLessThan(variances[0]! / 100);
    expect(mean.map((m) => Math.round(m))).toEqual([1, 2, 3, 4]);
    // The second axis is orthogonal to the first and has unit length.
    expect(Math.abs(axes[0]!.reduce((s, v, j) => s + v * axes[1]![j]!, 0))).toBeLessThan(1e-6);
    expect(Math.hypot(...axes[1]!)).toBeCloseTo(1, 9);
  });

  it('is reproducible: the same codes give the same axes', () => {
    const codes = elongated(50, unit([0, 1, 1, 0]));
    expect(principalAxes(codes)).toEqual(principalAxes(codes));
  });
});

describe('fitPlane, projectCode and unprojectPoint', () => {
  it('uses code space itself for 2-D codes (method none): projection is the identity', () => {
    const plane = fitPlane([[1, 2], [3, -1], [0, 0.5]]);
    expect(plane.method).toBe('none');
    expect(projectCode(plane, [0.25, -7])).toEqual([0.25, -7]);
    expect(unprojectPoint(plane, [0.25, -7])).toEqual([0.25, -7]);
  });

  it('fits PCA for codes of more than 2 dimensions; a plane point decodes as mean + x·pc1 + y·pc2, and projecting it back gives the point', () => {
    const codes = elongated(200, unit([1, 0, 1, 0]));
    const plane = fitPlane(codes);
    expect(plane.method).toBe('pca');
    expect(plane.explainedVariance[0]).toBeGreaterThan(0.95);
    const code = unprojectPoint(plane, [2, -0.5]);
    const expected = meanOf(codes).map((m, j) => m + 2 * plane.axes[0][j]! - 0.5 * plane.axes[1][j]!);
    code.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 12));
    const [x, y] = projectCode(plane, code);
    expect(x).toBeCloseTo(2, 10);
    expect(y).toBeCloseTo(-0.5, 10);
  });

  it('slices the first two dimensions for a decoder without an encoder', () => {
    const plane = slicePlane(4);
    expect(unprojectPoint(plane, [1.5, -2])).toEqual([1.5, -2, 0, 0]);
  });

  it('refuses a code of the wrong size with a message naming both sizes', () => {
    expect(() => projectCode(slicePlane(3), [1, 2])).toThrow('a code of 2 values does not fit a plane in 3-D code space');
  });
});

describe('grid and interpolation codes', () => {
  it('grids the extent row-major with the top row (largest y) first, corners included', () => {
    const points = gridPoints({ x: [0, 2], y: [-1, 1] }, 3);
    expect(points).toHaveLength(9);
    expect(points[0]).toEqual([0, 1]);
    expect(points[2]).toEqual([2, 1]);
    expect(points[4]).toEqual([1, 0]);
    expect(points[8]).toEqual([2, -1]);
  });

  it('interpolates straight from a to b, both ends included', () => {
    const codes = interpolateCodes([0, 10], [4, 2], 5);
    expect(codes).toEqual([[0, 10], [1, 8], [2, 6], [3, 4], [4, 2]]);
    expect(() => interpolateCodes([0], [1, 2], 3)).toThrow('codes of 1 and 2 values');
  });

  it('linspace and extentOf cover their inputs', () => {
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    const extent = extentOf([[0, 0], [10, 4]], 0.1);
    expect(extent).toEqual({ x: [-1, 11], y: [-0.4, 4.4] });
  });

  it('perturbs a code by scaling it and adding noise of the given σ', () => {
    expect(perturbCode([1, -2], 0, 3, seededRandom(1))).toEqual([3, -6]);
    const random = seededRandom(2);
    const noise = Array.from({ length: 4000 }, () => perturbCode([0], 0.5, 1, random)[0]!);
    const sd = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / noise.length);
    expect(sd).toBeGreaterThan(0.47);
    expect(sd).toBeLessThan(0.53);
  });
});

describe('fitted Gaussian', () => {
  it('samples with the mean and covariance it was fitted to', () => {
    // Correlated 2-D codes: y = 0.8·x + noise.
    const random = seededRandom(5);
    const codes = Array.from({ length: 3000 }, () => {
      const x = 2 + gaussian(random);
      return [x, 0.8 * x + 0.3 * gaussian(random) - 1];
    });
    const fit = fitGaussian(codes);
    const samples = sampleGaussian(fit, 4000, 9);
    const refit = fitGaussian(samples);
    refit.mean.forEach((m, j) => expect(m).toBeCloseTo(fit.mean[j]!, 1));
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(refit.covariance[i]![j]).toBeCloseTo(fit.covariance[i]![j]!, 1);
    expect(fit.covariance[0]![1]).toBeCloseTo(0.8, 1);
  });

  it('factorises a singular covariance (a dead code unit) with a small jitter instead of failing', () => {
    const fit = fitGaussian([[1, 0], [2, 0], [3, 0]]);
    const l = cholesky(fit.covariance);
    expect(l[0]![0]).toBeCloseTo(1, 6);
    const samples = sampleGaussian(fit, 5, 1);
    for (const s of samples) expect(Math.abs(s[1]!)).toBeLessThan(1e-3);
  });

  it('is seeded: the same seed gives the same samples', () => {
    const fit = fitGaussian([[0, 0], [1, 2], [2, 1], [3, 3]]);
    expect(sampleGaussian(fit, 3, 4)).toEqual(sampleGaussian(fit, 3, 4));
    expect(sampleGaussian(fit, 3, 4)).not.toEqual(sampleGaussian(fit, 3, 5));
  });
});

describe('classRepresentative', () => {
  const projection = {
    points: [[0, 0], [10, 10], [2, 0], [1, 0], [11, 10], [12, 10]] as [number, number][],
    labels: [0, 1, 0, 0, 1, null],
    indices: [100, 101, 102, 103, 104, 105],
  };
  it('picks the sample of a class nearest the class mean in the plane, the next one for the second end', () => {
    // Class 0 at x = 0, 2, 1: mean x = 1, so sample 103 first, then 100 (tie with 102 broken by index).
    expect(classRepresentative(projection, 0)).toBe(103);
    expect(classRepresentative(projection, 0, 1)).toBe(100);
    expect(classRepresentative(projection, 1)).toBe(101);
  });
  it('gives null for a class without (enough) points', () => {
    expect(classRepresentative(projection, 7)).toBeNull();
    expect(classRepresentative(projection, 1, 2)).toBeNull();
  });
});
