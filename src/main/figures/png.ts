/**
 * PNG from SVG through sharp (libvips + librsvg, text through fontconfig's system fonts), at a
 * chosen scale: scale 2 draws an 800×380 chart as 1600×760 pixels, the window export's density.
 */
import sharp from 'sharp';

/** Largest scale accepted: beyond it a chart PNG reaches tens of megapixels for no visible gain. */
export const MAX_PNG_SCALE = 8;

/**
 * ECharts lays text out for a generic `sans-serif` with Arial-like widths, which is what the
 * window's Chromium draws it in; fontconfig's `sans-serif` is often DejaVu Sans, wider, so labels
 * would crowd their neighbours. The PNG asks for Arial's metric twin first (the SVG file keeps the
 * generic family, for whatever draws it).
 */
const RASTER_FONTS = "font-family:'Liberation Sans',Arial,Helvetica,'DejaVu Sans',sans-serif";

/**
 * Rasterise `svg` at `scale` output pixels per SVG pixel, on white.
 * @throws Error when the scale is not a number in (0, MAX_PNG_SCALE]
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  if (!(scale > 0 && scale <= MAX_PNG_SCALE)) throw new Error(`PNG scale must be in (0, ${MAX_PNG_SCALE}], got ${scale}`);
  const withFonts = svg.replace(/font-family:sans-serif/g, RASTER_FONTS);
  return sharp(Buffer.from(withFonts), { density: 72 * scale }).flatten({ background: '#ffffff' }).png().toBuffer();
}

/** Escape text for an SVG text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
