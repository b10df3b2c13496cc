/**
 * Noise levels of the denoising corruptions: the level of a corruption, the same kind at another
 * level, and the levels of the evaluation sweep. Pure: the trainer and the New-run form share it.
 */
import type { Corruption } from './config.js';

/** The corruption's level: sigma, p, k or fraction as its kind says. */
export function corruptionLevel(corruption: Corruption): number {
  switch (corruption.kind) {
    case 'gaussian':
      return corruption.sigma;
    case 'saltPepper':
      return corruption.p;
    case 'bitFlip':
      return corruption.k;
    case 'mask':
      return corruption.fraction;
  }
}

/** The same kind of corruption at another level (level 0 is returned as null: no corruption). */
export function withLevel(corruption: Corruption, level: number): Corruption | null {
  if (level <= 0) return null;
  switch (corruption.kind) {
    case 'gaussian':
      return { kind: 'gaussian', sigma: level };
    case 'saltPepper':
      return { kind: 'saltPepper', p: Math.min(1, level) };
    case 'bitFlip':
      return { kind: 'bitFlip', k: Math.round(level) };
    case 'mask':
      return { kind: 'mask', fraction: Math.min(1, level) };
  }
}

/** The evaluation sweep's levels: the config's, or a spread from none to about twice the training level. */
export function evaluationLevels(corruption: Corruption, levels?: number[]): number[] {
  if (levels && levels.length > 0) return [...levels].sort((a, b) => a - b);
  const level = corruptionLevel(corruption);
  if (corruption.kind === 'bitFlip') {
    const max = Math.max(2 * level, 4);
    return [...new Set([0, 1, 2, 4, 6, 8, level, max].filter((k) => k <= max))].sort((a, b) => a - b);
  }
  const cap = corruption.kind === 'gaussian' ? Infinity : 1;
  const factors = [0, 0.25, 0.5, 1, 1.5, 2];
  return [...new Set(factors.map((f) => Math.min(cap, Number((f * level).toPrecision(3)))))].sort((a, b) => a - b);
}
