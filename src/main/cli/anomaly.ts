/** The CLI's view of an anomaly-detection run: the numbers at its configured threshold. */
import type { AnomalyThreshold } from '../../shared/config.js';
import { formatMetric } from '../../shared/figures/metric-info.js';
import { summarizeReport } from '../services/anomaly-reports.js';
import type { Lab } from '../services/lab.js';

/** The `anomaly` field of `train --json`'s terminal line and of `show --json`. */
export interface AnomalyLine {
  /** Epoch whose weights were scored. */
  epoch: number;
  /** The configured mode and the error value it gave. */
  threshold: AnomalyThreshold & { errorValue: number };
  auroc: number;
  auprc: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** The run's anomaly numbers; null for runs without anomaly settings or before the first scoring. */
export async function anomalyLine(lab: Lab, runId: number): Promise<AnomalyLine | null> {
  const detail = await lab.runs.get(runId);
  if (!detail.config.anomaly) return null;
  const report = await lab.runs.artifact(runId, 'anomaly');
  const summary = summarizeReport(report);
  if (!summary) return null;
  const { precision, recall, f1, tp, fp, tn, fn } = summary.confusion;
  return {
    epoch: summary.epoch,
    threshold: { ...report.threshold, errorValue: summary.threshold },
    auroc: summary.auroc,
    auprc: summary.auprc,
    precision,
    recall,
    f1,
    tp,
    fp,
    tn,
    fn,
  };
}

const describeMode = (t: AnomalyThreshold): string =>
  t.mode === 'meanStd' ? `mean + ${t.k}σ` : t.mode === 'percentile' ? `${t.percentile}th percentile` : 'manual';

/** One line of text, e.g. `anomaly  AUROC 0.97  AUPRC 0.95  threshold 0.031 (mean + 3σ): precision 0.9 …`. */
export function formatAnomalyLine(line: AnomalyLine): string {
  const f = formatMetric;
  return (
    `anomaly  AUROC ${f(line.auroc)}  AUPRC ${f(line.auprc)}  threshold ${f(line.threshold.errorValue)} (${describeMode(line.threshold)}): ` +
    `precision ${f(line.precision)}  recall ${f(line.recall)}  F1 ${f(line.f1)}  (TP ${line.tp}, FP ${line.fp}, TN ${line.tn}, FN ${line.fn})`
  );
}
