/**
 * Sample galleries as figures (reconstructions, prior samples, the manifold, interpolations,
 * noisy | denoised | clean): rows of samples with a label before each row and an optional caption
 * above each column. `galleryLayout` places everything in whole pixels, each sample pixel drawn as
 * a zoom × zoom block (nearest neighbour, never smoothed), so a 28×28 digit stays a 28×28 digit.
 * Pure: the main process paints the layout into a PNG.
 */
import { sampleLayout, type SampleLayout } from './samples.js';

export interface GalleryRow {
  /** Text left of the row (e.g. `input`, `#3 dense-ae`); empty for none. */
  label: string;
  /** Flat sample values in [0, 1], each of the gallery's sample shape. */
  samples: readonly (readonly number[])[];
}

export interface GallerySpec {
  title?: string;
  sampleShape: readonly number[];
  rows: readonly GalleryRow[];
  /** Text above each column (e.g. class names, noise levels); shorter than the widest row is fine. */
  columnCaptions?: readonly string[];
  /** Sample pixels per image pixel; default: the smallest whole zoom that makes a sample at least 56 px tall, at most 8. */
  zoom?: number;
}

/** Where one sample goes, in output pixels. */
export interface GalleryTile {
  row: number;
  column: number;
  x: number;
  y: number;
}

export interface GalleryLayout {
  sample: SampleLayout;
  zoom: number;
  /** Size of one tile in output pixels. */
  tileWidth: number;
  tileHeight: number;
  width: number;
  height: number;
  /** Baselines of the text: title, column captions, and each row label (x, y). */
  titleY: number | null;
  captionY: number | null;
  labelX: number;
  rowLabelY: number[];
  tiles: GalleryTile[];
}

export const GALLERY_FONT_SIZE = 12;
const GAP = 4;
const MARGIN = 8;
const TITLE_HEIGHT = 24;
const CAPTION_HEIGHT = 18;
/** Width a 1-D series sample is drawn in, per zoom step. */
const SERIES_WIDTH = 24;
const SERIES_HEIGHT = 12;

/** A rough text width for label columns: DejaVu Sans averages ~0.6 em a character. */
export function textWidth(text: string, fontSize = GALLERY_FONT_SIZE): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

/** The default zoom: the smallest whole factor making the sample at least 56 px tall (at most 8). */
export function galleryZoom(sample: SampleLayout): number {
  if (sample.kind === 'series') return 4;
  return Math.min(8, Math.max(1, Math.ceil(56 / sample.height)));
}

/**
 * Place the title, captions, labels and tiles of a gallery.
 * @throws Error when the sample shape cannot be drawn, or a zoom is not a whole number in [1, 32]
 */
export function galleryLayout(spec: GallerySpec): GalleryLayout {
  const sample = sampleLayout(spec.sampleShape);
  const zoom = spec.zoom ?? galleryZoom(sample);
  if (!Number.isInteger(zoom) || zoom < 1 || zoom > 32) throw new Error(`gallery zoom must be a whole number in [1, 32], got ${zoom}`);
  const tileWidth = sample.kind === 'image' ? sample.width * zoom : SERIES_WIDTH * zoom;
  const tileHeight = sample.kind === 'image' ? sample.height * zoom : SERIES_HEIGHT * zoom;
  const labelWidth = Math.max(0, ...spec.rows.map((r) => (r.label ? textWidth(r.label) + GAP * 2 : 0)));
  const columns = Math.max(0, ...spec.rows.map((r) => r.samples.length));
  const titleY = spec.title ? MARGIN + GALLERY_FONT_SIZE + 2 : null;
  const captionTop = MARGIN + (spec.title ? TITLE_HEIGHT : 0);
  const hasCaptions = (spec.columnCaptions ?? []).some((c) => c !== '');
  const gridTop = captionTop + (hasCaptions ? CAPTION_HEIGHT : 0);
  const gridLeft = MARGIN + labelWidth;
  const tiles: GalleryTile[] = [];
  spec.rows.forEach((row, r) =>
    row.samples.forEach((_, c) => tiles.push({ row: r, column: c, x: gridLeft + c * (tileWidth + GAP), y: gridTop + r * (tileHeight + GAP) })),
  );
  const gridWidth = columns === 0 ? 0 : columns * tileWidth + (columns - 1) * GAP;
  const gridHeight = spec.rows.length === 0 ? 0 : spec.rows.length * tileHeight + (spec.rows.length - 1) * GAP;
  const titleWidth = spec.title ? textWidth(spec.title, GALLERY_FONT_SIZE + 1) : 0;
  return {
    sample,
    zoom,
    tileWidth,
    tileHeight,
    width: Math.max(gridLeft + gridWidth, MARGIN + titleWidth) + MARGIN,
    height: gridTop + gridHeight + MARGIN,
    titleY,
    captionY: hasCaptions ? captionTop + GALLERY_FONT_SIZE : null,
    labelX: MARGIN,
    rowLabelY: spec.rows.map((_, r) => gridTop + r * (tileHeight + GAP) + tileHeight / 2 + GALLERY_FONT_SIZE / 2 - 2),
    tiles,
  };
}
