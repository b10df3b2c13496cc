/**
 * Class coverage of generated samples: which classes the classifier recognises in them, and how
 * evenly. A generator that collapsed onto a few modes covers few classes and has a low entropy.
 * Pure module: no Node, no DOM.
 */

export interface ClassCoverage {
  /** Fraction of the expected classes holding at least `threshold` of the samples, in [0, 1]. */
  coverage: number;
  /** How many expected classes reached the threshold. */
  coveredClasses: number;
  /** Share of the samples a class needs to count as covered: 1 / (4 · expected classes) by default. */
  threshold: number;
  /** Shannon entropy of the predicted-class distribution, in bits. */
  entropyBits: number;
  /** Entropy divided by log2(expected classes): 1 for a uniform spread, 0 for a single class. */
  normalizedEntropy: number;
}

/** Counts of each predicted class (length `classCount`). */
export function classHistogram(predictions: ArrayLike<number>, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < predictions.length; i++) {
    const c = predictions[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= classCount) throw new Error(`predicted class ${c} is outside 0..${classCount - 1}`);
    counts[c]! += 1;
  }
  return counts;
}

/**
 * Coverage of `histogram` (counts per class) over `expectedClasses` (default: every class).
 * `threshold` overrides the share a class needs, 1 / (4 · expected classes) by default.
 */
export function classCoverage(histogram: readonly number[], expectedClasses?: readonly number[], threshold?: number): ClassCoverage {
  const expected = expectedClasses ?? histogram.map((_, i) => i);
  if (expected.length === 0) throw new Error('class coverage needs at least one expected class');
  const total = histogram.reduce((a, b) => a + b, 0);
  const share = threshold ?? 1 / (4 * expected.length);
  if (total === 0) return { coverage: 0, coveredClasses: 0, threshold: share, entropyBits: 0, normalizedEntropy: 0 };
  const coveredClasses = expected.filter((c) => (histogram[c] ?? 0) / total >= share).length;
  let entropyBits = 0;
  for (const count of histogram) if (count > 0) entropyBits -= (count / total) * Math.log2(count / total);
  const maxEntropy = Math.log2(expected.length);
  return {
    coverage: coveredClasses / expected.length,
    coveredClasses,
    threshold: share,
    entropyBits,
    normalizedEntropy: maxEntropy > 0 ? Math.min(1, entropyBits / maxEntropy) : 0,
  };
}
