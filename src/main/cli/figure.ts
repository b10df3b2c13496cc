/**
 * `latent-lab figure RUN… --kind K`: draw a run's figure headless, as the window draws it, to an
 * SVG or a PNG file. Charts: curves, latent, kl, anomaly, quality; galleries (PNG only, native
 * pixel scale): reconstructions, manifold, samples, interpolation, denoising.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildFigure, FIGURE_KINDS, isFigureKind, isGalleryKind, renderFigure, uiText, type Language } from '../figures/index.js';
import { MAX_PNG_SCALE } from '../figures/png.js';
import { DEFAULT_CHART_SIZE } from '../figures/svg.js';
import type { Lab } from '../services/lab.js';
import { UsageError } from './usage.js';

export interface FigureArgs {
  runIds: number[];
  kind: string | undefined;
  metric?: string;
  format?: string;
  out?: string;
  scale?: string;
  width?: number;
  height?: number;
  language?: Language;
  json: boolean;
}

function formatOf(args: FigureArgs, gallery: boolean): 'svg' | 'png' {
  const fromOut = args.out ? path.extname(args.out).slice(1).toLowerCase() : '';
  const format = args.format ?? (fromOut === 'svg' || fromOut === 'png' ? fromOut : gallery ? 'png' : 'svg');
  if (format !== 'svg' && format !== 'png') throw new UsageError(`--format must be svg or png, got "${format}"`);
  if (format === 'svg' && gallery) throw new UsageError(`--kind ${args.kind} is a gallery of samples: it renders to PNG only (--format png)`);
  return format;
}

function scaleOf(text: string | undefined): number {
  if (text === undefined) return 2;
  const scale = Number(text);
  if (!(scale > 0 && scale <= MAX_PNG_SCALE)) throw new UsageError(`--scale must be a number in (0, ${MAX_PNG_SCALE}], got "${text}"`);
  return scale;
}

export async function figureCommand(lab: Lab, args: FigureArgs, print: (text: string) => void): Promise<number> {
  if (args.runIds.length === 0) throw new UsageError('figure needs at least one RUN (a run id, see: latent-lab runs)');
  if (!args.kind || !isFigureKind(args.kind)) throw new UsageError(`--kind must be one of ${FIGURE_KINDS.join(', ')}`);
  const kind = args.kind;
  const format = formatOf(args, isGalleryKind(kind));
  const scale = scaleOf(args.scale);
  const language = args.language ?? (await lab.app.getSettings()).language;
  const size = { width: args.width ?? DEFAULT_CHART_SIZE.width, height: args.height ?? DEFAULT_CHART_SIZE.height };
  const figure = await buildFigure(lab, kind, { runIds: args.runIds, metric: args.metric, size }, uiText(language));
  const rendered = await renderFigure(figure, scale);
  const file = path.resolve(args.out ?? `${kind}-${args.runIds.join('-')}${args.metric ? `-${args.metric}` : ''}.${format}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, format === 'svg' && rendered.svg !== null ? rendered.svg : rendered.png);
  if (args.json) print(JSON.stringify({ file, kind, format, width: rendered.width, height: rendered.height, scale: format === 'png' && rendered.svg ? scale : 1 }));
  else print(file);
  return 0;
}
