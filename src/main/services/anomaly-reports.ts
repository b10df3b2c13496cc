/**
 * The headline numbers of an anomaly report (the `anomaly` artifact) for the CLI.
 * (Whether a run's anomaly settings apply is checkRunConfig's; the report is read as any artifact.)
 */
import { anomalyThreshold, confusionAt, prCurve, rocCurve, type Confusion } from '../../shared/anomaly.js';
import type { AnomalyReport } from '../../shared/api.js';

/** What the CLI prints for an anomaly run: the configured threshold and the numbers at it. */
export interface AnomalySummary {
  epoch: number;
  threshold: number;
  auroc: number;
  auprc: number;
  confusion: Confusion;
}

/** The report's AUROC, AUPRC and confusion at its configured threshold. */
export function summarizeReport(report: AnomalyReport): AnomalySummary | null {
  if (report.epoch === null) return null;
  const threshold = anomalyThreshold(report.trainNormalErrors, report.threshold);
  return {
    epoch: report.epoch,
    threshold,
    auroc: rocCurve(report.scores, report.isAnomaly).auc,
    auprc: prCurve(report.scores, report.isAnomaly).averagePrecision,
    confusion: confusionAt(report.scores, report.isAnomaly, threshold),
  };
}
