/**
 * The report's figure sections: learning curves, galleries, latent views, anomaly detection and
 * generative quality. A figure a run cannot draw becomes a note that says why (see figureBlock).
 */
import type { RunDetail } from '../../../shared/api.js';
import { slug, type ReportBlock } from '../../../shared/report/document.js';
import { kindSpec } from '../../../shared/kinds/registry.js';
import { qualityTable } from '../../../shared/tables/quality.js';
import { buildFigure, metricName } from '../../figures/index.js';
import { qualityFigure } from '../../figures/chart-figures.js';
import { figureBlock, runName, type ReportContext } from './context.js';

/** Metrics drawn after the loss when recorded, most telling first; at most two of them. */
const EXTRA_CURVES = ['psnr', 'meanWrongPixels', 'kl', 'auroc', 'mse'];
/** Runs whose latent space a report draws (each opens a checkpoint and encodes 1000 samples). */
const MAX_LATENT_RUNS = 6;

const recorded = (runs: readonly RunDetail[], split: 'train' | 'val', metric: string): boolean =>
  runs.some((run) => (run.finalMetrics[split] as Record<string, number | undefined>)[metric] !== undefined);

const hasModel = (run: RunDetail): boolean => run.artifacts.some((a) => a.kind === 'model');

export async function curveBlocks(context: ReportContext): Promise<ReportBlock[]> {
  const { runs, t, text } = context;
  const metrics = ['loss', ...EXTRA_CURVES.filter((m) => recorded(runs, 'val', m) || recorded(runs, 'train', m)).slice(0, 2)];
  const runIds = runs.filter((run) => run.epochsDone > 0).map((run) => run.id);
  if (runIds.length === 0) return [];
  const blocks: ReportBlock[] = [];
  for (const metric of metrics) {
    blocks.push(await figureBlock(context, `curves-${slug(metric)}`, text.figures.curves(metricName(t, metric)), () => buildFigure(context.source, 'curves', { runIds, metric }, t)));
  }
  return blocks;
}

/** Reconstructions per dataset (the same fixed inputs), prior samples of generative runs, denoising rows. */
export async function galleryBlocks(context: ReportContext): Promise<ReportBlock[]> {
  const { runs, t, text, source } = context;
  const blocks: ReportBlock[] = [];
  const byDataset = new Map<string, number[]>();
  for (const run of runs.filter((r) => r.artifacts.some((a) => a.kind === 'reconstructions'))) {
    byDataset.set(run.datasetId, [...(byDataset.get(run.datasetId) ?? []), run.id]);
  }
  for (const [datasetId, runIds] of byDataset) {
    const caption = `${text.figures.reconstructions} (${datasetId})`;
    blocks.push(await figureBlock(context, `reconstructions-${slug(datasetId)}`, caption, () => buildFigure(source, 'reconstructions', { runIds }, t)));
  }
  const generative = runs.filter((run) => run.artifacts.some((a) => a.kind === 'samples'));
  if (generative.length > 0) {
    blocks.push(await figureBlock(context, 'samples', text.figures.samples, () => buildFigure(source, 'samples', { runIds: generative.map((r) => r.id) }, t)));
  }
  for (const run of runs.filter((r) => r.artifacts.some((a) => a.kind === 'denoising'))) {
    blocks.push(await figureBlock(context, `denoising-${run.id}`, text.figures.denoising(runName(run)), () => buildFigure(source, 'denoising', { runIds: [run.id] }, t)));
  }
  return blocks.length > 0 ? blocks : [{ type: 'note', text: text.nothing.galleries }];
}

export async function latentBlocks(context: ReportContext): Promise<ReportBlock[]> {
  const { runs, t, text, source } = context;
  const blocks: ReportBlock[] = [];
  for (const run of runs.filter(hasModel).slice(0, MAX_LATENT_RUNS)) {
    const runIds = [run.id];
    const name = runName(run);
    blocks.push({ type: 'heading', text: name });
    const { capabilities } = kindSpec(run.modelKind);
    if (capabilities.encodes) blocks.push(await figureBlock(context, `latent-${run.id}`, text.figures.latent(name), () => buildFigure(source, 'latent', { runIds }, t)));
    blocks.push(await figureBlock(context, `manifold-${run.id}`, text.figures.manifold(name), () => buildFigure(source, 'manifold', { runIds }, t)));
    if (capabilities.encodes) {
      blocks.push(await figureBlock(context, `interpolation-${run.id}`, text.figures.interpolation(name), () => buildFigure(source, 'interpolation', { runIds }, t)));
    }
    if (capabilities.latentKl) blocks.push(await figureBlock(context, `kl-${run.id}`, text.figures.kl(name), () => buildFigure(source, 'kl', { runIds }, t)));
  }
  return blocks.length > 0 ? blocks : [{ type: 'note', text: text.nothing.latent }];
}

export async function anomalyBlocks(context: ReportContext): Promise<ReportBlock[]> {
  const { runs, t, text, source } = context;
  const blocks: ReportBlock[] = [];
  for (const run of runs.filter((r) => r.config.anomaly !== undefined)) {
    const name = runName(run);
    blocks.push(await figureBlock(context, `anomaly-${run.id}`, text.figures.anomaly(name), () => buildFigure(source, 'anomaly', { runIds: [run.id] }, t)));
    const values = run.finalMetrics.val as Record<string, number | undefined>;
    const facts = ['auroc', 'auprc'].flatMap((m): [string, string][] => (values[m] === undefined ? [] : [[metricName(t, m), String(Number(values[m]!.toPrecision(4)))]]));
    if (facts.length > 0) blocks.push({ type: 'facts', rows: facts });
  }
  return blocks.length > 0 ? blocks : [{ type: 'note', text: text.nothing.anomaly }];
}

export async function qualityBlocks(context: ReportContext): Promise<ReportBlock[]> {
  const { runs, t, text, source } = context;
  const runIds = runs.filter(hasModel).map((r) => r.id);
  if (runIds.length === 0) return [{ type: 'note', text: text.nothing.quality }];
  try {
    const report = await source.quality.evaluate(runIds);
    const table = qualityTable(report.rows, {
      run: t('quality.run'),
      kind: t('quality.kind'),
      sourceHeader: t('quality.source'),
      source: (s) => t(`quality.sources.${s}`),
      fid: t('quality.fid'),
      coverage: t('quality.coverage'),
      classes: t('quality.classes'),
      entropy: t('quality.entropy'),
      classifierAccuracy: t('quality.classifierAccuracy'),
    });
    context.figures.set('quality', qualityFigure(report.rows, t));
    return [
      { type: 'table', table, caption: text.figures.qualityTable, label: 'quality' },
      { type: 'figure', figureId: 'quality', caption: text.figures.quality, label: 'quality' },
    ];
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    context.warnings.push(`${text.sections.quality}: ${why}`);
    return [{ type: 'note', text: text.skipped(text.sections.quality, why) }];
  }
}
