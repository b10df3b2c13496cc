/**
 * What `train` and `show` add for latent-variable and denoising runs: the posterior-collapse warning, the
 * active units and KL per latent dimension, and the denoising error at each noise level.
 */
import type { DenoisingReport, LatentKlReport } from '../../shared/api.js';
import type { MetricValues } from '../../shared/config.js';
import type { Lab } from '../services/lab.js';
import { formatNumber, table } from './format.js';

/** One row of the noise-level sweep, as printed and as the `--json` lines carry it. */
export interface DenoisingRow {
  level: number;
  /** Error of the denoised output against the clean sample. */
  mse?: number;
  psnr?: number;
  meanWrongPixels?: number;
  maxWrongPixels?: number;
  /** Error of the noisy input itself. */
  noisyMse?: number;
  noisyMeanWrongPixels?: number;
}

export interface LatentAndDenoisingSummary {
  /** Warnings stored with the run (posterior collapse). */
  warnings: string[];
  latentKl?: { epoch: number | null; activeUnits: number; klPerDimension: number[] };
  denoising?: { corruption: string; trainingLevel: number; levels: DenoisingRow[] };
}

function row(level: number, denoised: MetricValues, noisy: MetricValues): DenoisingRow {
  return {
    level,
    mse: denoised.mse,
    psnr: denoised.psnr,
    meanWrongPixels: denoised.meanWrongPixels,
    maxWrongPixels: denoised.maxWrongPixels,
    noisyMse: noisy.mse,
    noisyMeanWrongPixels: noisy.meanWrongPixels,
  };
}

/** Reads the run's latent-kl and denoising reports; nothing for runs that have neither. */
export async function latentAndDenoisingSummary(lab: Lab, runId: number): Promise<LatentAndDenoisingSummary> {
  const [kl, denoising]: [LatentKlReport, DenoisingReport] = await Promise.all([lab.runs.artifact(runId, 'latent-kl'), lab.runs.artifact(runId, 'denoising')]);
  const summary: LatentAndDenoisingSummary = { warnings: kl.warning ? [kl.warning] : [] };
  if (kl.epoch !== null) summary.latentKl = { epoch: kl.epoch, activeUnits: kl.activeUnits, klPerDimension: kl.klPerDimension };
  if (denoising.epoch !== null) {
    summary.denoising = {
      corruption: denoising.corruption,
      trainingLevel: denoising.trainingLevel,
      levels: denoising.levels.map((l) => row(l.level, l.denoised, l.noisy)),
    };
  }
  return summary;
}

/** The summary as text lines (empty for runs that have nothing to add). */
export function formatLatentAndDenoising(summary: LatentAndDenoisingSummary): string[] {
  const lines: string[] = [];
  if (summary.latentKl) {
    const kl = summary.latentKl.klPerDimension;
    lines.push(
      `latent: ${summary.latentKl.activeUnits}/${kl.length} active units at epoch ${summary.latentKl.epoch}; ` +
        `KL per dimension ${kl.map((v) => formatNumber(v)).join(' ')}`,
    );
  }
  for (const warning of summary.warnings) lines.push(`WARNING: ${warning}`);
  if (summary.denoising) {
    const d = summary.denoising;
    const binary = d.levels.some((l) => l.meanWrongPixels !== undefined);
    const headers = ['level', 'denoised mse', 'psnr', ...(binary ? ['wrong px (mean)', 'wrong px (max)'] : []), 'noisy mse', ...(binary ? ['noisy wrong px'] : [])];
    const rows = d.levels.map((l) => [
      formatNumber(l.level),
      formatNumber(l.mse),
      formatNumber(l.psnr),
      ...(binary ? [formatNumber(l.meanWrongPixels), formatNumber(l.maxWrongPixels)] : []),
      formatNumber(l.noisyMse),
      ...(binary ? [formatNumber(l.noisyMeanWrongPixels)] : []),
    ]);
    lines.push(`denoising (${d.corruption}, trained at ${formatNumber(d.trainingLevel)}), error against the clean validation samples:`, table(headers, rows));
  }
  return lines;
}
