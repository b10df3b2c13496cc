import { describe, expect, it } from 'vitest';
import { classCoverage, classHistogram } from '../../../../src/shared/quality/coverage.js';

describe('classHistogram', () => {
  it('counts the predictions of each class', () => {
    expect(classHistogram([0, 2, 2, 3, 0, 0], 4)).toEqual([3, 0, 2, 1]);
  });

  it('names a prediction outside the classes', () => {
    expect(() => classHistogram([0, 5], 4)).toThrow('predicted class 5 is outside 0..3');
  });
});

describe('classCoverage', () => {
  it('counts the classes holding at least 1/(4·K) of the samples', () => {
    // 10 classes, 100 samples: a class needs ≥ 2.5 % = 3 samples. Classes 0-5 qualify; 6 (2 samples) does not.
    const histogram = [30, 20, 20, 10, 10, 5, 2, 2, 1, 0];
    const result = classCoverage(histogram);
    expect(result.threshold).toBeCloseTo(0.025, 12);
    expect(result.coveredClasses).toBe(6);
    expect(result.coverage).toBeCloseTo(0.6, 12);
  });

  it('gives full coverage and normalised entropy 1 to a uniform histogram', () => {
    const result = classCoverage([25, 25, 25, 25]);
    expect(result.coverage).toBe(1);
    expect(result.entropyBits).toBeCloseTo(2, 12);
    expect(result.normalizedEntropy).toBeCloseTo(1, 12);
  });

  it('gives a collapsed generator one class and zero entropy', () => {
    const result = classCoverage([0, 0, 100, 0, 0]);
    expect(result.coveredClasses).toBe(1);
    expect(result.coverage).toBeCloseTo(0.2, 12);
    expect(result.entropyBits).toBe(0);
  });

  it('measures coverage over the expected classes only (a run trained on classes 1 and 3)', () => {
    // Threshold 1/(4·2) = 12.5 %: class 1 has 50 %, class 3 has 10 %.
    const result = classCoverage([40, 50, 0, 10], [1, 3]);
    expect(result.coveredClasses).toBe(1);
    expect(result.coverage).toBe(0.5);
    expect(result.entropyBits).toBeCloseTo(-(0.4 * Math.log2(0.4) + 0.5 * Math.log2(0.5) + 0.1 * Math.log2(0.1)), 12);
  });

  it('reports zero coverage for no samples', () => {
    expect(classCoverage([0, 0, 0]).coverage).toBe(0);
  });
});
