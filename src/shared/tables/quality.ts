/**
 * The generative-quality table: one row per evaluated run and per reference (the real test set),
 * the best FID and the best coverage among the runs emphasised. Pure module: no Node, no DOM.
 */
import type { QualityRow } from '../api.js';
import { formatMetric } from '../figures/metric-info.js';
import type { TableData } from './table.js';

export interface QualityTableLabels {
  run: string;
  kind: string;
  source: (source: QualityRow['source']) => string;
  sourceHeader: string;
  fid: string;
  coverage: string;
  classes: string;
  entropy: string;
  classifierAccuracy: string;
}

const DEFAULT_LABELS: QualityTableLabels = {
  run: 'Run',
  kind: 'Kind',
  source: (source) => source,
  sourceHeader: 'Latent source',
  fid: 'FID',
  coverage: 'Coverage',
  classes: 'Classes covered',
  entropy: 'Entropy (bits)',
  classifierAccuracy: 'Classifier accuracy',
};

const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;

export function qualityTable(rows: readonly QualityRow[], labels: Partial<QualityTableLabels> = {}): TableData {
  const l = { ...DEFAULT_LABELS, ...labels };
  const runs = rows.filter((row) => row.runId !== null);
  const bestFid = runs.length > 1 ? Math.min(...runs.map((r) => r.fid)) : null;
  const bestCoverage = runs.length > 1 ? Math.max(...runs.map((r) => r.coverage)) : null;
  return {
    headers: [l.run, l.kind, l.sourceHeader, l.fid, l.coverage, l.classes, l.entropy, l.classifierAccuracy],
    rows: rows.map((row) => {
      const isRun = row.runId !== null;
      return [
        { text: row.name },
        { text: row.kind },
        { text: l.source(row.source) },
        { text: formatMetric(row.fid), numeric: true, strong: isRun && row.fid === bestFid },
        { text: percent(row.coverage), numeric: true, strong: isRun && row.coverage === bestCoverage },
        { text: `${row.coveredClasses}/${row.expectedClasses}`, numeric: true },
        { text: row.entropyBits.toFixed(2), numeric: true },
        { text: percent(row.classifierAccuracy), numeric: true },
      ];
    }),
  };
}
