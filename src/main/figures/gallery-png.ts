/**
 * A gallery figure as PNG at native pixel scale: every sample pixel becomes a zoom × zoom block
 * (nearest neighbour, see galleryLayout), 1-D samples a line; the title, column captions and row
 * labels are drawn over it as SVG text by the same rasteriser as the charts.
 */
import sharp from 'sharp';
import { GALLERY_FONT_SIZE, galleryLayout, type GalleryLayout, type GallerySpec } from '../../shared/figures/gallery.js';
import { imageToRgba } from '../../shared/figures/samples.js';
import { escapeXml } from './png.js';

const TEXT_STYLE = `font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="${GALLERY_FONT_SIZE}" fill="#333333"`;

/** Copy a sample's pixels into the canvas, each as a zoom × zoom block. */
function blit(canvas: Buffer, canvasWidth: number, rgba: Uint8ClampedArray, sampleWidth: number, sampleHeight: number, x: number, y: number, zoom: number): void {
  for (let sy = 0; sy < sampleHeight; sy++) {
    for (let sx = 0; sx < sampleWidth; sx++) {
      const from = (sy * sampleWidth + sx) * 4;
      for (let dy = 0; dy < zoom; dy++) {
        const rowStart = ((y + sy * zoom + dy) * canvasWidth + x + sx * zoom) * 4;
        for (let dx = 0; dx < zoom; dx++) canvas.set(rgba.subarray(from, from + 4), rowStart + dx * 4);
      }
    }
  }
}

/** Light grey behind the tiles, so the gaps show between samples whose own background is white. */
const GAP_GREY = 200;
function fillGridBackground(canvas: Buffer, layout: GalleryLayout): void {
  if (layout.tiles.length === 0) return;
  const left = Math.min(...layout.tiles.map((t) => t.x));
  const top = Math.min(...layout.tiles.map((t) => t.y));
  const right = Math.max(...layout.tiles.map((t) => t.x)) + layout.tileWidth;
  const bottom = Math.max(...layout.tiles.map((t) => t.y)) + layout.tileHeight;
  for (let y = top; y < bottom; y++) {
    const row = y * layout.width * 4;
    canvas.fill(GAP_GREY, row + left * 4, row + right * 4);
    for (let x = left; x < right; x++) canvas[row + x * 4 + 3] = 255;
  }
}

/** A 1-D sample as a polyline over its tile (values in [0, 1], 1 at the top). */
function seriesPath(values: readonly number[], layout: GalleryLayout, x: number, y: number): string {
  const step = values.length > 1 ? layout.tileWidth / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(x + i * step).toFixed(1)},${(y + (1 - Math.min(1, Math.max(0, v))) * layout.tileHeight).toFixed(1)}`);
  return `<rect x="${x}" y="${y}" width="${layout.tileWidth}" height="${layout.tileHeight}" fill="#f4f4f4"/><polyline points="${points.join(' ')}" fill="none" stroke="#0072B2" stroke-width="1.5"/>`;
}

/** The text (and series lines) of the gallery as an SVG the size of the canvas. */
function overlaySvg(spec: GallerySpec, layout: GalleryLayout): string {
  const parts: string[] = [];
  if (spec.title && layout.titleY !== null) {
    parts.push(`<text x="${layout.labelX}" y="${layout.titleY}" ${TEXT_STYLE} font-weight="bold">${escapeXml(spec.title)}</text>`);
  }
  if (layout.captionY !== null) {
    const firstRow = layout.tiles.filter((t) => t.row === 0);
    (spec.columnCaptions ?? []).forEach((caption, c) => {
      const tile = firstRow[c] ?? layout.tiles.find((t) => t.column === c);
      if (!tile || !caption) return;
      parts.push(`<text x="${tile.x + layout.tileWidth / 2}" y="${layout.captionY}" text-anchor="middle" ${TEXT_STYLE}>${escapeXml(caption)}</text>`);
    });
  }
  spec.rows.forEach((row, r) => {
    if (row.label) parts.push(`<text x="${layout.labelX}" y="${layout.rowLabelY[r]}" ${TEXT_STYLE}>${escapeXml(row.label)}</text>`);
  });
  if (layout.sample.kind === 'series') {
    for (const tile of layout.tiles) parts.push(seriesPath(spec.rows[tile.row]?.samples[tile.column] ?? [], layout, tile.x, tile.y));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}">${parts.join('')}</svg>`;
}

/** PNG bytes of the gallery, with its size in pixels. */
export async function renderGalleryPng(spec: GallerySpec): Promise<{ png: Buffer; width: number; height: number }> {
  const layout = galleryLayout(spec);
  const canvas = Buffer.alloc(layout.width * layout.height * 4, 255);
  fillGridBackground(canvas, layout);
  const sample = layout.sample;
  if (sample.kind === 'image') {
    for (const tile of layout.tiles) {
      const values = spec.rows[tile.row]?.samples[tile.column] ?? [];
      blit(canvas, layout.width, imageToRgba(values, sample), sample.width, sample.height, tile.x, tile.y, layout.zoom);
    }
  }
  const png = await sharp(canvas, { raw: { width: layout.width, height: layout.height, channels: 4 } })
    .composite([{ input: Buffer.from(overlaySvg(spec, layout)), top: 0, left: 0 }])
    .png()
    .toBuffer();
  return { png, width: layout.width, height: layout.height };
}
