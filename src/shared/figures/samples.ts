/**
 * Pixel maths for sample galleries: how a sample of a given shape is drawn, its RGBA pixels, and
 * the reconstruction-error heat map. Pure module (no DOM): the renderer paints the result on a
 * canvas, and the main process can encode the same pixels to PNG.
 */

/** How a sample is drawn: an image (H×W×C, C = 1 or 3) or a 1-D series drawn as a line. */
export type SampleLayout =
  | { kind: 'image'; height: number; width: number; channels: 1 | 3 }
  | { kind: 'series'; length: number };

/**
 * Layout of a sample shape: [H, W, 1] grayscale, [H, W, 3] RGB, [H, W] grayscale, [n] series.
 * @throws Error naming the shape when it is none of those
 */
export function sampleLayout(shape: readonly number[]): SampleLayout {
  if (shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new Error(`sample shape [${shape.join(', ')}] must hold positive integers`);
  }
  const [first = 0, second = 0, third] = shape;
  if (shape.length === 1) return { kind: 'series', length: first };
  if (shape.length === 2) return { kind: 'image', height: first, width: second, channels: 1 };
  if (shape.length === 3 && (third === 1 || third === 3)) {
    return { kind: 'image', height: first, width: second, channels: third };
  }
  throw new Error(`sample shape [${shape.join(', ')}] is not [n], [H, W], [H, W, 1] or [H, W, 3]`);
}

/** Number of values one sample of `shape` holds. */
export function sampleSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/**
 * RGBA pixels (row-major, 4 bytes per pixel) of an image sample with values in [0, 1];
 * out-of-range values are clamped, NaN becomes 0.
 * @throws Error when `values` does not hold exactly H×W×C numbers
 */
export function imageToRgba(values: readonly number[], layout: Extract<SampleLayout, { kind: 'image' }>): Uint8ClampedArray {
  const { height, width, channels } = layout;
  if (values.length !== height * width * channels) {
    throw new Error(`sample has ${values.length} values, shape ${height}x${width}x${channels} needs ${height * width * channels}`);
  }
  const rgba = new Uint8ClampedArray(height * width * 4);
  for (let p = 0; p < height * width; p++) {
    for (let c = 0; c < 3; c++) {
      rgba[p * 4 + c] = Math.round(clamp01(values[p * channels + (channels === 3 ? c : 0)] ?? 0) * 255);
    }
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

/**
 * Per-value absolute reconstruction error |input - output|, in [0, 1] for inputs in [0, 1].
 * For RGB images the caller may average channels with `collapseChannels`.
 */
export function reconstructionError(input: readonly number[], output: readonly number[]): number[] {
  if (input.length !== output.length) {
    throw new Error(`input has ${input.length} values but reconstruction has ${output.length}`);
  }
  return input.map((x, i) => Math.abs(x - (output[i] ?? 0)));
}

/** Mean over channels of an H×W×C array, giving H×W×1 (used so an RGB error map is one heat map). */
export function collapseChannels(values: readonly number[], channels: number): number[] {
  if (channels === 1) return [...values];
  const out: number[] = [];
  for (let p = 0; p < values.length / channels; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += values[p * channels + c] ?? 0;
    out.push(sum / channels);
  }
  return out;
}

/**
 * Heat-map colour of an error in [0, 1]: black (no error) -> red -> yellow -> white (total error).
 * Monotone in lightness, so it still reads in greyscale print.
 */
export function heatColor(value: number): [number, number, number] {
  const v = clamp01(value);
  const r = Math.min(1, v * 3);
  const g = Math.min(1, Math.max(0, v * 3 - 1));
  const b = Math.max(0, v * 3 - 2);
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

/** RGBA pixels of an H×W error map drawn with `heatColor`. */
export function heatmapToRgba(errors: readonly number[], height: number, width: number): Uint8ClampedArray {
  if (errors.length !== height * width) {
    throw new Error(`error map has ${errors.length} values, ${height}x${width} needs ${height * width}`);
  }
  const rgba = new Uint8ClampedArray(height * width * 4);
  errors.forEach((e, p) => {
    const [r, g, b] = heatColor(e);
    rgba.set([r, g, b, 255], p * 4);
  });
  return rgba;
}
