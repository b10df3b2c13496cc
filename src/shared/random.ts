/**
 * Seeded pseudo-random numbers. Math.random cannot be seeded, and a run must see the same split,
 * the same synthetic points and the same batch order for the same seed on every machine.
 */

/** mulberry32: a small, fast 32-bit generator; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  // Mix the seed so that nearby seeds (42, 43) start far apart.
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0x6d2b79f5) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal sample (Box–Muller) from a uniform source. */
export function gaussian(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** In-place Fisher–Yates shuffle driven by `random`. */
export function shuffleInPlace(values: Int32Array, random: () => number): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = values[i]!;
    values[i] = values[j]!;
    values[j] = swap;
  }
  return values;
}

/** A uniformly random permutation of 0..n-1. */
export function permutation(n: number, random: () => number): Int32Array {
  return shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), random);
}
