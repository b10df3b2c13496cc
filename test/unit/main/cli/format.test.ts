import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber, progressBar, table } from '../../../../src/main/cli/format.js';

describe('CLI formatting', () => {
  it('keeps small integers, rounds fractions to 4 significant digits, uses exponents for extremes', () => {
    expect(formatNumber(17)).toBe('17');
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(2834471168)).toBe('2.834e+9');
    expect(formatNumber(0.00001234)).toBe('1.234e-5');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(undefined)).toBe('');
  });

  it('formats durations by their magnitude', () => {
    expect(formatDuration(4_791)).toBe('4.8s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_725_000)).toBe('1h02m');
  });

  it('aligns table columns and draws a bounded progress bar', () => {
    expect(table(['id', 'name'], [[1, 'font'], [10, null]])).toBe('id  name\n--  ----\n1   font\n10');
    expect(progressBar(0.5, 4)).toBe('[##--]');
    expect(progressBar(3, 4)).toBe('[####]');
  });
});
