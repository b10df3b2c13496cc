/**
 * Exact t-SNE (van der Maaten & Hinton, 2008) for the few thousand codes the latent lab projects:
 * Gaussian affinities with a per-point bandwidth found by bisection to the asked perplexity, a
 * Student-t kernel in 2-D, gradient descent with momentum, gains and early exaggeration. O(n²) per
 * iteration, which is fine up to ~3,000 points. Seeded: the same codes and seed give the same map.
 */
import { gaussian, seededRandom } from '../../../shared/random.js';

export interface TsneOptions {
  perplexity?: number;
  iterations?: number;
  learningRate?: number;
  seed?: number;
  /** Called every few iterations with the fraction done. */
  onProgress?: (fraction: number) => void;
}

function squaredDistances(codes: readonly (readonly number[])[]): Float64Array {
  const n = codes.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let sum = 0;
      const a = codes[i]!;
      const b = codes[j]!;
      for (let k = 0; k < a.length; k++) sum += (a[k]! - b[k]!) ** 2;
      d[i * n + j] = sum;
      d[j * n + i] = sum;
    }
  }
  return d;
}

/** Symmetrised joint probabilities P, each row's bandwidth matched to the perplexity. */
export function affinities(codes: readonly (readonly number[])[], perplexity: number): Float64Array {
  const n = codes.length;
  const distances = squaredDistances(codes);
  const p = new Float64Array(n * n);
  const targetEntropy = Math.log(perplexity);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let beta = 1;
    let lo = -Infinity;
    let hi = Infinity;
    for (let attempt = 0; attempt < 50; attempt++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        row[j] = j === i ? 0 : Math.exp(-distances[i * n + j]! * beta);
        sum += row[j]!;
      }
      if (sum === 0) sum = 1e-12;
      let entropy = 0;
      for (let j = 0; j < n; j++) {
        const pj = row[j]! / sum;
        row[j] = pj;
        if (pj > 1e-12) entropy -= pj * Math.log(pj);
      }
      if (Math.abs(entropy - targetEntropy) < 1e-5) break;
      if (entropy > targetEntropy) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
      }
    }
    for (let j = 0; j < n; j++) p[i * n + j] = row[j]!;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const value = Math.max((p[i * n + j]! + p[j * n + i]!) / (2 * n), 1e-12);
      p[i * n + j] = value;
      p[j * n + i] = value;
    }
  }
  return p;
}

export function tsne(codes: readonly (readonly number[])[], options: TsneOptions = {}): [number, number][] {
  const n = codes.length;
  if (n < 2) return codes.map(() => [0, 0]);
  const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
  const iterations = options.iterations ?? 500;
  const learningRate = options.learningRate ?? Math.max(n / 12, 50);
  const random = seededRandom(options.seed ?? 0);
  const p = affinities(codes, perplexity);
  const y = Float64Array.from({ length: n * 2 }, () => gaussian(random) * 1e-4);
  const velocity = new Float64Array(n * 2);
  const gains = new Float64Array(n * 2).fill(1);
  const q = new Float64Array(n * n);
  const exaggerationEnd = Math.min(250, Math.floor(iterations / 2));
  for (let iter = 0; iter < iterations; iter++) {
    const exaggeration = iter < exaggerationEnd ? 12 : 1;
    const momentum = iter < exaggerationEnd ? 0.5 : 0.8;
    let qSum = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const value = 1 / (1 + (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2);
        q[i * n + j] = value;
        q[j * n + i] = value;
        qSum += 2 * value;
      }
    }
    for (let i = 0; i < n; i++) {
      let gx = 0;
      let gy = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const kernel = q[i * n + j]!;
        const force = (exaggeration * p[i * n + j]! - kernel / qSum) * kernel;
        gx += force * (y[2 * i]! - y[2 * j]!);
        gy += force * (y[2 * i + 1]! - y[2 * j + 1]!);
      }
      for (const [k, grad] of [[2 * i, 4 * gx], [2 * i + 1, 4 * gy]] as const) {
        gains[k] = Math.sign(grad) !== Math.sign(velocity[k]!) ? gains[k]! + 0.2 : Math.max(gains[k]! * 0.8, 0.01);
        velocity[k] = momentum * velocity[k]! - learningRate * gains[k]! * grad;
      }
    }
    let meanX = 0;
    let meanY = 0;
    for (let i = 0; i < n; i++) {
      y[2 * i] = y[2 * i]! + velocity[2 * i]!;
      y[2 * i + 1] = y[2 * i + 1]! + velocity[2 * i + 1]!;
      meanX += y[2 * i]!;
      meanY += y[2 * i + 1]!;
    }
    for (let i = 0; i < n; i++) {
      y[2 * i] = y[2 * i]! - meanX / n;
      y[2 * i + 1] = y[2 * i + 1]! - meanY / n;
    }
    if (iter % 10 === 9) options.onProgress?.((iter + 1) / iterations);
  }
  return Array.from({ length: n }, (_, i): [number, number] => [y[2 * i]!, y[2 * i + 1]!]);
}
