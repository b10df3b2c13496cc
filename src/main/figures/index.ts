/**
 * Headless figures: one entry point from (runs, kind) to a Figure, for the CLI's `figure`
 * command and the report export.
 */
import { anomalyFigure, curvesFigure, klFigure, latentFigure, qualityFigure, type ChartRequest, type FigureSource } from './chart-figures.js';
import { denoisingFigure, interpolationFigure, manifoldFigure, reconstructionsFigure, samplesFigure } from './gallery-figures.js';
import type { Figure, FigureKind } from './kinds.js';
import type { UiText } from './ui-text.js';

export type { FigureSource } from './chart-figures.js';
export * from './kinds.js';
export { renderFigure } from './render.js';
export { metricName, uiText, LANGUAGES, type Language, type UiText } from './ui-text.js';

/** Figures of one run take the first of `runIds`. */
export async function buildFigure(source: FigureSource, kind: FigureKind, request: ChartRequest, t: UiText): Promise<Figure> {
  const [first] = request.runIds;
  if (first === undefined) throw new Error('a figure needs at least one run');
  const builders: Record<FigureKind, () => Promise<Figure>> = {
    curves: () => curvesFigure(source, request, t),
    latent: () => latentFigure(source, first, t, request.size),
    kl: () => klFigure(source, first, t, request.size),
    anomaly: () => anomalyFigure(source, first, t, request.size),
    quality: async () => qualityFigure((await source.quality.evaluate(request.runIds)).rows, t, request.size),
    reconstructions: () => reconstructionsFigure(source, request.runIds, t),
    samples: () => samplesFigure(source, request.runIds),
    manifold: () => manifoldFigure(source, first),
    interpolation: () => interpolationFigure(source, first, t),
    denoising: () => denoisingFigure(source, first, t),
  };
  return builders[kind]();
}
