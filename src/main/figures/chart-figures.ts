/**
 * Chart figures of runs, built by the same pure builders with the same inputs and translated
 * labels as the window's views: curves (the live view for one run, the compare view for several),
 * the latent scatter, the KL per dimension, the anomaly histogram and the generative-quality bars.
 */
import type { EChartsOption } from 'echarts';
import type { QualityRow } from '../../shared/api.js';
import { anomalyThreshold, errorHistogram, percentile } from '../../shared/anomaly.js';
import { buildErrorHistogramOption } from '../../shared/figures/anomaly.js';
import { buildCurveOption, type Split } from '../../shared/figures/curves.js';
import { buildLatentKlOption } from '../../shared/figures/latent-kl.js';
import { buildLatentScatterOption } from '../../shared/figures/latent.js';
import { buildQualityOption } from '../../shared/figures/quality.js';
import type { Lab } from '../services/lab.js';
import type { Figure } from './kinds.js';
import { DEFAULT_CHART_SIZE, type ChartSize } from './svg.js';
import { metricName, type UiText } from './ui-text.js';

/** What the figures read: the services, without the run scheduler's controls. */
export type FigureSource = Pick<Lab, 'runs' | 'models' | 'latent' | 'quality' | 'datasets'>;

export interface ChartRequest {
  runIds: number[];
  /** Curves: the metric (default `loss`). */
  metric?: string;
  size?: ChartSize;
}

/** The anomaly view's histogram settings. */
const HISTOGRAM_BINS = 40;
const HISTOGRAM_TOP_PERCENTILE = 99.5;
/** Samples the latent view projects by default. */
export const LATENT_SAMPLES = 1000;

const chart = (option: EChartsOption, size?: ChartSize): Figure => ({ type: 'chart', option, size: size ?? DEFAULT_CHART_SIZE });

export async function curvesFigure(source: FigureSource, request: ChartRequest, t: UiText): Promise<Figure> {
  const single = request.runIds.length === 1;
  const runs = await Promise.all(
    request.runIds.map(async (id) => {
      const run = await source.runs.get(id);
      return { id, name: single ? run.name : `#${run.id} ${run.name}`, metrics: await source.runs.metrics(id) };
    }),
  );
  const metric = request.metric ?? 'loss';
  if (!runs.some((run) => run.metrics.some((m) => (m.values as Record<string, number | undefined>)[metric] !== undefined))) {
    throw new Error(`no run of ${request.runIds.map((id) => `#${id}`).join(', ')} recorded the metric "${metric}"`);
  }
  // One run: the live view's chart (train and validation); several: the compare view's default (validation).
  const splits: Split[] = single ? ['train', 'val'] : ['val'];
  return chart(
    buildCurveOption({
      metric,
      metricLabel: metricName(t, metric),
      runs,
      splits,
      labels: { train: t('splits.train'), val: t('splits.val'), epoch: t('chart.epoch'), raw: t('chart.raw') },
    }),
    request.size,
  );
}

/** Open a run's checkpoint for the latent tools, and close it whatever happens. */
export async function withRunModel<T>(source: FigureSource, runId: number, use: (modelId: number, datasetId: string) => Promise<T>): Promise<T> {
  const run = await source.runs.get(runId);
  const model = await source.models.openRun(runId);
  try {
    return await use(model.id, run.config.dataset.id);
  } finally {
    await source.models.close(model.id);
  }
}

export async function latentFigure(source: FigureSource, runId: number, t: UiText, size?: ChartSize): Promise<Figure> {
  const projection = await withRunModel(source, runId, (modelId, datasetId) => source.latent.project(modelId, datasetId, LATENT_SAMPLES));
  const axis = (i: number): string => (projection.method === 'pca' ? t('latentLab.pc', { i }) : t('latentLab.axis', { i }));
  return chart(
    buildLatentScatterOption({
      points: projection.points,
      labels: projection.labels,
      classNames: projection.classNames,
      unlabelled: t('latentLab.unlabelled'),
      axisNames: [axis(1), axis(2)],
      extent: projection.extent,
      overlayNames: { path: t('latentLab.interpolationTitle'), generated: t('latentLab.generated') },
    }),
    size,
  );
}

export async function klFigure(source: FigureSource, runId: number, t: UiText, size?: ChartSize): Promise<Figure> {
  const report = await source.runs.artifact(runId, 'latent-kl');
  if (report.epoch === null) throw new Error(`run ${runId} has no KL per latent dimension (only a VAE records it, after its first validation epoch)`);
  return chart(
    buildLatentKlOption({
      klPerDimension: report.klPerDimension,
      threshold: report.threshold,
      labels: { dimension: t('vaeDenoising.dimension'), kl: t('vaeDenoising.klNats'), threshold: t('vaeDenoising.threshold') },
    }),
    size,
  );
}

export async function anomalyFigure(source: FigureSource, runId: number, t: UiText, size?: ChartSize): Promise<Figure> {
  const report = await source.runs.artifact(runId, 'anomaly');
  if (report.epoch === null) throw new Error(`run ${runId} has no anomaly scores yet (they come with its first validation epoch)`);
  const top = report.scores.length > 0 ? percentile(report.scores, HISTOGRAM_TOP_PERCENTILE) : undefined;
  const histogram = errorHistogram(report.scores, report.isAnomaly, HISTOGRAM_BINS, { min: 0, max: top });
  return chart(
    buildErrorHistogramOption({
      histogram,
      threshold: anomalyThreshold(report.trainNormalErrors, report.threshold),
      share: true,
      labels: {
        normal: t('anomaly.normal'),
        anomalous: t('anomaly.anomalous'),
        error: t('anomaly.errorAxis', { score: report.score.toUpperCase() }),
        count: t('anomaly.count'),
        share: t('anomaly.share'),
        threshold: t('anomaly.threshold'),
      },
    }),
    size,
  );
}

/** The quality view's chart of an evaluation's rows (`quality.evaluate`). */
export function qualityFigure(rows: readonly QualityRow[], t: UiText, size?: ChartSize): Figure {
  return chart(buildQualityOption(rows, { labels: { fid: t('quality.fidAxis'), coverage: t('quality.coverageAxis') } }), size);
}
