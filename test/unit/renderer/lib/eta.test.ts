import { describe, expect, it } from 'vitest';
import { formatDuration, remainingMs, runFraction } from '../../../../src/renderer/src/lib/eta.js';

describe('eta', () => {
  it('counts finished epochs and the batches of the current one', () => {
    expect(runFraction(1, 0, 10, 4)).toBe(0);
    expect(runFraction(1, 5, 10, 4)).toBe(0.125);
    expect(runFraction(3, 10, 10, 4)).toBe(0.75);
    expect(runFraction(5, 99, 10, 4)).toBe(1);
    expect(runFraction(1, 1, 0, 4)).toBe(0);
  });

  it('extrapolates the pace so far, and waits for enough history', () => {
    expect(remainingMs(10_000, 0.25)).toBe(30_000);
    expect(remainingMs(10_000, 0)).toBeNull();
    expect(remainingMs(100, 0.5)).toBeNull();
    expect(remainingMs(10_000, 1)).toBe(0);
  });

  it('prints minutes:seconds and hours when needed', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
  });
});
