/**
 * Shared test inputs for the engine tests: small run configs and synthetic datasets.
 */
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import type { Split } from '../../../../src/main/datasets/types.js';
import type { TrainingData } from '../../../../src/main/engine/trainer.js';
import { seededRandom } from '../../../../src/shared/random.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A valid run config for a small dense AE, with `training` and `model` overrides merged in. */
export function runConfig(overrides: { model?: RunConfigInput['model']; training?: DeepPartial<RunConfigInput['training']> } = {}): RunConfig {
  const training = {
    epochs: 3,
    batchSize: 16,
    optimizer: { name: 'adam', learningRate: 0.01 },
    seed: 7,
    ...overrides.training,
  };
  return parseRunConfig({
    dataset: { id: 'synthetic' },
    model: overrides.model ?? { kind: 'dense', encoder: [16, 4] },
    training,
  });
}

/**
 * Binary patterns built from a few random prototypes plus flipped pixels, so that an autoencoder
 * has structure to learn. Deterministic for a given seed.
 */
export function binarySplit(n: number, sampleSize: number, seed = 1, prototypes = 4): Split {
  const random = seededRandom(seed);
  const bases = Array.from({ length: prototypes }, () => Array.from({ length: sampleSize }, () => (random() < 0.5 ? 1 : 0)));
  const x = new Float32Array(n * sampleSize);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % prototypes;
    labels[i] = label;
    for (let j = 0; j < sampleSize; j++) {
      const flip = random() < 0.05;
      x[i * sampleSize + j] = flip ? 1 - bases[label]![j]! : bases[label]![j]!;
    }
  }
  return { x, labels, n };
}

/** Smooth grey-level images in [0, 1] (for conv models). */
export function imageSplit(n: number, shape: number[], seed = 2): Split {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * size);
  for (let i = 0; i < n; i++) {
    const phase = random() * Math.PI * 2;
    for (let j = 0; j < size; j++) x[i * size + j] = 0.5 + 0.4 * Math.sin(phase + j * 0.3);
  }
  return { x, labels: null, n };
}

/** Training data: `n` binary training samples of shape `sampleShape` and a quarter as many validation samples from the same prototypes. */
export function binaryData(n: number, sampleShape: number[], seed = 1): TrainingData {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const valN = Math.max(8, n >> 2);
  const all = binarySplit(n + valN, size, seed);
  const part = (from: number, count: number): Split => ({
    x: all.x.slice(from * size, (from + count) * size),
    labels: all.labels!.slice(from, from + count),
    n: count,
  });
  return { sampleShape, binary: true, train: part(0, n), val: part(n, valN) };
}
