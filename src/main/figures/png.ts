/**
 * PNG from SVG through sharp (libvips + librsvg, text through fontconfig's system fonts), at a
 * chosen scale: scale 2 draws an 800×380 chart as 1600×760 pixels, the window export's density.
 */
import sharp from 'sharp';

/** Largest scale accepted: beyond it a chart PNG reaches tens of megapixels for no visible gain. */
export const MAX_PNG_SCALE = 8;

/**
 * Rasterise `svg` at `scale` output pixels per SVG pixel, on white.
 * @throws Error when the scale is not a number in (0, MAX_PNG_SCALE]
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  if (!(scale > 0 && scale <= MAX_PNG_SCALE)) throw new Error(`PNG scale must be in (0, ${MAX_PNG_SCALE}], got ${scale}`);
  return sharp(Buffer.from(svg), { density: 72 * scale }).flatten({ background: '#ffffff' }).png().toBuffer();
}

/** Escape text for an SVG text node or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
