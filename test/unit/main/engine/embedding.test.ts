import { describe, expect, it } from 'vitest';
import { embedCodes } from '../../../../src/main/engine/embedding/index.js';
import { gaussian, seededRandom } from '../../../../src/shared/random.js';
import { embedInWorker } from '../../../../src/main/services/embedding.js';

/** Two well separated Gaussian blobs in 8-D, 30 codes each. */
function blobs(seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: 60 }, (_, i) => Array.from({ length: 8 }, () => (i < 30 ? 0 : 10) + gaussian(random)));
}

/** Share of points whose nearest neighbour in the map is from the same blob. */
function neighbourPurity(points: [number, number][]): number {
  let same = 0;
  points.forEach(([x, y], i) => {
    let best = -1;
    let bestDistance = Infinity;
    points.forEach(([u, v], j) => {
      const d = (x - u) ** 2 + (y - v) ** 2;
      if (j !== i && d < bestDistance) [best, bestDistance] = [j, d];
    });
    if ((best < 30) === (i < 30)) same++;
  });
  return same / points.length;
}

describe('latent code embeddings', () => {
  it.each(['tsne', 'umap'] as const)('%s keeps the two blobs apart and is the same for the same seed', (method) => {
    const codes = blobs(1);
    const progress: number[] = [];
    const a = embedCodes(codes, method, { seed: 7, onProgress: (f) => progress.push(f) });
    expect(a).toHaveLength(60);
    expect(neighbourPurity(a)).toBe(1);
    expect(embedCodes(codes, method, { seed: 7 })).toEqual(a);
    expect(embedCodes(codes, method, { seed: 8 })).not.toEqual(a);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBeCloseTo(1, 5);
  });

  it('runs in a worker thread, reporting progress', async () => {
    const progress: number[] = [];
    const points = await embedInWorker(blobs(2), 'tsne', 3, (f) => progress.push(f));
    expect(points).toEqual(embedCodes(blobs(2), 'tsne', { seed: 3 }));
    expect(progress.length).toBeGreaterThan(0);
  });
});
