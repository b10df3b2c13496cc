/**
 * Whether final metrics of runs may be ranked against each other. A "best" value is only meaningful
 * between runs scored on the same data with the same loss: an MSE of 0.02 and a BCE of 0.1 are not
 * better or worse than each other, nor are losses on MNIST and on the font. Pure module.
 */
import type { RunSummary } from '../api.js';
import { kindSpec } from '../kinds/registry.js';

/** What the compared runs disagree on, each with the distinct values seen (in first-seen order). */
export interface Incomparability {
  datasets: string[];
  losses: string[];
}

/**
 * What a run's loss is: the reconstruction loss (mse, bce, mae), plus a KL term for a kind that
 * records one (a VAE); a kind that reconstructs nothing (a GAN) has a loss of its own, named by its
 * kind, whatever reconstruction loss its config names.
 */
export function lossMeaning(run: Pick<RunSummary, 'modelKind' | 'config'>): string {
  const { capabilities } = kindSpec(run.modelKind);
  if (!capabilities.reconstructs) return run.modelKind.toUpperCase();
  const loss = run.config.training.loss;
  return capabilities.latentKl ? `${loss}+KL` : loss;
}

/** Null when every run shares one dataset and one loss; otherwise what differs. */
export function incomparability(runs: readonly Pick<RunSummary, 'datasetId' | 'modelKind' | 'config'>[]): Incomparability | null {
  const datasets = [...new Set(runs.map((run) => run.datasetId))];
  const losses = [...new Set(runs.map(lossMeaning))];
  if (datasets.length <= 1 && losses.length <= 1) return null;
  return { datasets: datasets.length > 1 ? datasets : [], losses: losses.length > 1 ? losses : [] };
}

/** English note under a table where no best is marked; the renderer passes a translated one. */
export function defaultIncomparabilityNote(why: Incomparability): string {
  const parts = [
    why.datasets.length ? `datasets (${why.datasets.join(', ')})` : '',
    why.losses.length ? `losses (${why.losses.join(', ')})` : '',
  ].filter(Boolean);
  return `No best value marked: the runs differ in ${parts.join(' and ')}, so their metrics do not rank against each other.`;
}

/**
 * The note in the UI language, from the window's messages (`runs.noBest`, `runs.differDatasets`,
 * `runs.differLosses`, `runs.differAnd`): the renderer passes vue-i18n's `t`, reports their own.
 */
export function translatedIncomparabilityNote(t: (key: string, values?: Record<string, string>) => string, why: Incomparability): string {
  const parts = [
    why.datasets.length ? t('runs.differDatasets', { list: why.datasets.join(', ') }) : '',
    why.losses.length ? t('runs.differLosses', { list: why.losses.join(', ') }) : '',
  ].filter(Boolean);
  return t('runs.noBest', { what: parts.join(t('runs.differAnd')) });
}
