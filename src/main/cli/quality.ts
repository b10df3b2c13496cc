/** `latent-lab quality RUN [RUN…]`: FID and class coverage of generative runs, as a table or JSON lines. */
import type { QualityReport } from '../../shared/api.js';
import type { Lab } from '../services/lab.js';
import { formatDuration, formatNumber, progressBar, table } from './format.js';

export interface QualityCommandOptions {
  runIds: number[];
  samples?: number;
  seed?: number;
  json: boolean;
}

const STAGE_TEXT = { classifier: 'training the classifier of', reference: 'measuring the real data of', run: 'sampling run' } as const;

export function qualityTable(report: QualityReport): string {
  const lines = [
    table(
      ['run', 'kind', 'source', 'FID', 'coverage', 'classes', 'entropy (bits)'],
      report.rows.map((row) => [
        row.name,
        row.kind,
        row.source,
        formatNumber(row.fid),
        `${(row.coverage * 100).toFixed(0)}%`,
        `${row.coveredClasses}/${row.expectedClasses}`,
        row.entropyBits.toFixed(2),
      ]),
    ),
    '',
    ...report.classifiers.map(
      (c) =>
        `classifier ${c.datasetId}: test accuracy ${(c.testAccuracy * 100).toFixed(1)}% on ${c.testSamples} samples ` +
        `(${c.trainedNow ? `trained now on ${c.trainSamples} samples, ${c.epochs} epochs` : 'cached'}); features ${c.featureSize}`,
    ),
    `${report.samples} samples per row, seed ${report.seed}, ${formatDuration(report.durationMs)}`,
  ];
  return lines.join('\n');
}

export async function qualityCommand(lab: Lab, options: QualityCommandOptions, print: (text: string) => void): Promise<number> {
  const showProgress = !options.json && process.stderr.isTTY;
  const off = lab.on('qualityProgress', (p) => {
    if (!showProgress) return;
    const what = p.stage === 'run' ? `${STAGE_TEXT.run} ${p.runId}` : `${STAGE_TEXT[p.stage]} ${p.datasetId}`;
    process.stderr.write(`\r${progressBar(p.fraction)} ${what}`.padEnd(72) + (p.fraction >= 1 ? '\n' : ''));
  });
  try {
    const report = await lab.quality.evaluate(options.runIds, { samples: options.samples, seed: options.seed });
    if (options.json) for (const row of report.rows) print(JSON.stringify(row));
    else print(qualityTable(report));
    return 0;
  } finally {
    off();
  }
}
