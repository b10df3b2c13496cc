/**
 * Datasets that need no files from the user: the 5x7 font shipped in resources/ and the
 * synthetic 3-D spiral.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gaussian, seededRandom } from '../../../shared/random.js';
import { DatasetError, type Split } from '../types.js';
import type { DatasetSource } from './source.js';

const FONT_WIDTH = 5;
const FONT_HEIGHT = 7;
const FONT_PATTERNS = 32;

/** resources/font5x7.json: 32 patterns of 7 rows, each row a 5-bit number (MSB = leftmost pixel). */
export const font5x7Source: DatasetSource = {
  id: 'font5x7',
  title: '5x7 font',
  description: 'The 32 binary 5x7 dot-matrix characters (codes 0x60-0x7f); the classic 2-D latent exercise.',
  // Image-shaped (rows, columns, 1 channel) so galleries draw glyphs; dense models flatten it.
  sampleShape: [FONT_HEIGHT, FONT_WIDTH, 1],
  binary: true,
  classNames: [],
  trainCount: FONT_PATTERNS,
  testCount: 0,
  remoteFiles: [],
  howToGet: (ctx) => `Ships with Latent Lab; ${join(ctx.resourcesDir, 'font5x7.json')} is missing (reinstall).`,
  async locate(ctx) {
    const file = join(ctx.resourcesDir, 'font5x7.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return null;
    }
    return { source: 'builtin', location: file, info: { classNames: parseFont(text, file).classNames } };
  },
  async load(_ctx, found) {
    const { x, classNames } = parseFont(await readFile(found.location, 'utf8'), found.location);
    return { train: { x, labels: Int32Array.from({ length: FONT_PATTERNS }, (_, i) => i), n: FONT_PATTERNS }, test: null, classNames };
  },
};

/** Parse the font file into 32 × 35 values in {0, 1}, row-major, and the characters as class names. */
export function parseFont(text: string, file: string): { x: Float32Array; classNames: string[] } {
  let doc: { patterns?: { char?: unknown; rows?: unknown }[] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (error) {
    throw new DatasetError(file, `invalid JSON: ${(error as Error).message}`);
  }
  const patterns = doc.patterns;
  if (!Array.isArray(patterns) || patterns.length !== FONT_PATTERNS) {
    throw new DatasetError(file, `expected ${FONT_PATTERNS} patterns, got ${Array.isArray(patterns) ? patterns.length : 'none'}`);
  }
  const x = new Float32Array(FONT_PATTERNS * FONT_WIDTH * FONT_HEIGHT);
  const classNames = patterns.map((pattern, p) => {
    const rows = pattern.rows;
    if (!Array.isArray(rows) || rows.length !== FONT_HEIGHT || !rows.every((r) => Number.isInteger(r) && r >= 0 && r < 1 << FONT_WIDTH)) {
      throw new DatasetError(file, `pattern ${p}: expected ${FONT_HEIGHT} rows of integers 0..31`);
    }
    rows.forEach((row: number, r) => {
      for (let c = 0; c < FONT_WIDTH; c++) x[p * 35 + r * FONT_WIDTH + c] = (row >> (FONT_WIDTH - 1 - c)) & 1;
    });
    return typeof pattern.char === 'string' ? pattern.char : String(p);
  });
  return { x, classNames };
}

const SPIRAL_POINTS = 1000;
const SPIRAL_SEGMENTS = 5;
/** Fixed so that every user and every run sees the same points. */
const SPIRAL_SEED = 20240;

/** Synthetic 3-D spiral: a widening helix with small seeded noise, labelled by segment along the curve. */
export const spiral3dSource: DatasetSource = {
  id: 'spiral3d',
  title: '3-D spiral',
  description: `${SPIRAL_POINTS} points on a widening 3-D helix with small noise, scaled to [0,1]; coloured by ${SPIRAL_SEGMENTS} segments along the curve.`,
  sampleShape: [3],
  binary: false,
  classNames: Array.from({ length: SPIRAL_SEGMENTS }, (_, i) => `segment ${i + 1}`),
  trainCount: SPIRAL_POINTS,
  testCount: 0,
  remoteFiles: [],
  howToGet: () => 'Generated on demand.',
  async locate() {
    return { source: 'synthetic', location: 'generated' };
  },
  async load() {
    return { train: makeSpiral(SPIRAL_POINTS, SPIRAL_SEGMENTS, SPIRAL_SEED), test: null };
  },
};

/** Points t ∈ [0,1] on (t·cos 4πt, t·sin 4πt, t) plus N(0, 0.02²) noise, each axis min-max scaled. */
export function makeSpiral(n: number, segments: number, seed: number): Split {
  const random = seededRandom(seed);
  const x = new Float32Array(n * 3);
  const labels = new Int32Array(n);
  const raw = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const angle = 4 * Math.PI * t;
    const radius = 0.2 + 0.8 * t;
    raw[3 * i] = radius * Math.cos(angle) + 0.02 * gaussian(random);
    raw[3 * i + 1] = radius * Math.sin(angle) + 0.02 * gaussian(random);
    raw[3 * i + 2] = t + 0.02 * gaussian(random);
    labels[i] = Math.min(segments - 1, Math.floor(t * segments));
  }
  for (let axis = 0; axis < 3; axis++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, raw[3 * i + axis] as number);
      hi = Math.max(hi, raw[3 * i + axis] as number);
    }
    for (let i = 0; i < n; i++) x[3 * i + axis] = ((raw[3 * i + axis] as number) - lo) / (hi - lo);
  }
  return { x, labels, n };
}
