import { describe, expect, it } from 'vitest';
import { labMethodSchemas } from '../../../../src/shared/api-schemas.js';

const accepts = (args: unknown[]) => labMethodSchemas['quality.evaluate'].safeParse(args).success;

describe('quality.evaluate boundary schema', () => {
  it('accepts run ids with or without sample count and seed', () => {
    expect(accepts([[1, 2]])).toBe(true);
    expect(accepts([[1], { samples: 500, seed: 0 }])).toBe(true);
  });

  it('rejects no runs, bad ids, absurd sample counts and unknown options', () => {
    expect(accepts([[]])).toBe(false);
    expect(accepts([[0]])).toBe(false);
    expect(accepts([[1], { samples: 5 }])).toBe(false);
    expect(accepts([[1], { samples: 1e9 }])).toBe(false);
    expect(accepts([[1], { classes: 3 }])).toBe(false);
  });
});
