/** Render a Figure: a chart to SVG and PNG at a scale, a gallery to PNG at native pixel scale. */
import { renderGalleryPng } from './gallery-png.js';
import type { Figure, RenderedFigure } from './kinds.js';
import { svgToPng } from './png.js';
import { renderOptionSvg } from './svg.js';

/**
 * @param scale output pixels per CSS pixel of a chart's PNG (a gallery keeps its own whole-pixel zoom)
 */
export async function renderFigure(figure: Figure, scale = 2): Promise<RenderedFigure> {
  if (figure.type === 'gallery') {
    const { png, width, height } = await renderGalleryPng(figure.spec);
    return { svg: null, png, width, height };
  }
  const svg = renderOptionSvg(figure.option, figure.size);
  return { svg, png: await svgToPng(svg, scale), width: figure.size.width, height: figure.size.height };
}
