/**
 * Canvas drawing of dataset samples and reconstruction errors. Images are drawn pixel-exact
 * (nearest neighbour, no smoothing) so binary patterns stay crisp; 1-D series are drawn as lines.
 */
import {
  collapseChannels,
  heatmapToRgba,
  imageToRgba,
  reconstructionError,
  sampleLayout,
} from '../../../shared/figures/samples.js';

export type DrawMode = 'value' | 'error';

/** Something to draw in one cell: a sample, or the error between a sample and its reconstruction. */
export type Cell =
  | { mode: 'value'; values: readonly number[]; shape: readonly number[] }
  | { mode: 'error'; input: readonly number[]; output: readonly number[]; shape: readonly number[] }
  /** Values in [0, 1] drawn as a heat map (activations, feature maps). */
  | { mode: 'heat'; values: readonly number[]; shape: readonly number[] };

function drawPixels(ctx: CanvasRenderingContext2D, rgba: Uint8ClampedArray, width: number, height: number, x: number, y: number, size: number): void {
  const image = new ImageData(width, height);
  image.data.set(rgba);
  // putImageData ignores transforms, so scale via an intermediate canvas with smoothing off.
  const source = document.createElement('canvas');
  source.width = width;
  source.height = height;
  source.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  const scale = Math.min(size / width, size / height);
  const w = width * scale;
  const h = height * scale;
  ctx.drawImage(source, x + (size - w) / 2, y + (size - h) / 2, w, h);
}

function drawSeries(ctx: CanvasRenderingContext2D, values: readonly number[], x: number, y: number, size: number, color: string, fill: boolean): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, size, size);
  ctx.strokeStyle = '#dddddd';
  ctx.strokeRect(x + 0.5, y + 0.5, size - 1, size - 1);
  if (values.length === 0) return;
  const step = values.length > 1 ? (size - 4) / (values.length - 1) : 0;
  const yOf = (v: number): number => y + 2 + (size - 4) * (1 - Math.min(1, Math.max(0, v)));
  ctx.beginPath();
  values.forEach((v, i) => (i === 0 ? ctx.moveTo(x + 2, yOf(v)) : ctx.lineTo(x + 2 + i * step, yOf(v))));
  if (fill) {
    ctx.lineTo(x + 2 + (values.length - 1) * step, yOf(0));
    ctx.lineTo(x + 2, yOf(0));
    ctx.closePath();
    ctx.fillStyle = color;
    ctx.fill();
  } else {
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  }
}

/** Draw one cell into the `size` × `size` square at (x, y). */
export function drawCell(ctx: CanvasRenderingContext2D, cell: Cell, x: number, y: number, size: number): void {
  const layout = sampleLayout(cell.shape);
  if (cell.mode === 'value') {
    if (layout.kind === 'series') drawSeries(ctx, cell.values, x, y, size, '#0072B2', false);
    else drawPixels(ctx, imageToRgba(cell.values, layout), layout.width, layout.height, x, y, size);
    return;
  }
  if (cell.mode === 'heat') {
    if (layout.kind === 'series') drawSeries(ctx, cell.values, x, y, size, 'rgba(213, 94, 0, 0.8)', true);
    else drawPixels(ctx, heatmapToRgba(collapseChannels(cell.values, layout.channels), layout.height, layout.width), layout.width, layout.height, x, y, size);
    return;
  }
  const errors = reconstructionError(cell.input, cell.output);
  if (layout.kind === 'series') {
    drawSeries(ctx, errors, x, y, size, 'rgba(213, 94, 0, 0.8)', true);
  } else {
    const map = collapseChannels(errors, layout.channels);
    drawPixels(ctx, heatmapToRgba(map, layout.height, layout.width), layout.width, layout.height, x, y, size);
  }
}

/** A gallery to draw as one image: column titles, then rows of cells, each row with a label. */
export interface GalleryImage {
  columns: string[];
  rows: { label: string; cells: Cell[] }[];
}

/**
 * Draw a whole gallery on a new canvas (for PNG export) at `pixelRatio` times its CSS size.
 * Layout: a title row, then one row per sample with its label on the left.
 */
export function drawGallery(gallery: GalleryImage, cellSize = 96, pixelRatio = 2): HTMLCanvasElement {
  const gap = 8;
  const labelWidth = 90;
  const header = 24;
  const width = labelWidth + gallery.columns.length * (cellSize + gap) + gap;
  const height = header + gallery.rows.length * (cellSize + gap) + gap;
  const canvas = document.createElement('canvas');
  canvas.width = width * pixelRatio;
  canvas.height = height * pixelRatio;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#333333';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  gallery.columns.forEach((title, c) => {
    ctx.fillText(title, labelWidth + gap + c * (cellSize + gap), header / 2, cellSize);
  });
  gallery.rows.forEach((row, r) => {
    const y = header + r * (cellSize + gap);
    ctx.fillStyle = '#333333';
    ctx.fillText(row.label, gap, y + cellSize / 2, labelWidth - gap);
    row.cells.forEach((cell, c) => drawCell(ctx, cell, labelWidth + gap + c * (cellSize + gap), y, cellSize));
  });
  return canvas;
}

/** PNG bytes of a canvas. */
export function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('the canvas could not be encoded as PNG'));
      blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)), reject);
    }, 'image/png');
  });
}
