/** The figures a run can be drawn as, headless: the CLI's `figure --kind` and the report's building blocks. */
import type { EChartsOption } from 'echarts';
import type { GallerySpec } from '../../shared/figures/gallery.js';
import type { ChartSize } from './svg.js';

/** Chart kinds render to SVG (and PNG); gallery kinds only to PNG, at native pixel scale. */
export const CHART_KINDS = ['curves', 'latent', 'kl', 'anomaly', 'quality'] as const;
export const GALLERY_KINDS = ['reconstructions', 'manifold', 'samples', 'interpolation', 'denoising'] as const;
export const FIGURE_KINDS = [...CHART_KINDS, ...GALLERY_KINDS] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export const isFigureKind = (value: string): value is FigureKind => (FIGURE_KINDS as readonly string[]).includes(value);
export const isGalleryKind = (kind: FigureKind): boolean => (GALLERY_KINDS as readonly string[]).includes(kind);

/** A figure ready to render: an ECharts option at a size, or a gallery of samples. */
export type Figure = { type: 'chart'; option: EChartsOption; size: ChartSize } | { type: 'gallery'; spec: GallerySpec };

/** A rendered figure: SVG text for charts, PNG bytes for both. */
export interface RenderedFigure {
  svg: string | null;
  png: Buffer;
  width: number;
  height: number;
}
