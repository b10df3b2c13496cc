import { describe, expect, it } from 'vitest';
import { bestIndex, formatMetric, metricDirection } from '../../../../src/shared/figures/metric-info.js';

describe('metric-info', () => {
  it('treats errors as lower-is-better and psnr/accuracy as higher-is-better', () => {
    expect(metricDirection('loss')).toBe('min');
    expect(metricDirection('maxWrongPixels')).toBe('min');
    expect(metricDirection('psnr')).toBe('max');
    expect(metricDirection('binaryAccuracy')).toBe('max');
  });

  it('finds the best value, skipping missing ones and keeping the first of a tie', () => {
    expect(bestIndex('loss', [0.3, null, 0.1, 0.1])).toBe(2);
    expect(bestIndex('psnr', [20, undefined, 31, Number.NaN])).toBe(2);
    expect(bestIndex('loss', [null, undefined])).toBe(-1);
  });

  it('formats values compactly', () => {
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(3)).toBe('3');
    expect(formatMetric(0.0000123)).toBe('1.230e-5');
    expect(formatMetric(null)).toBe('');
    expect(formatMetric(Number.NaN)).toBe('NaN');
  });
});
