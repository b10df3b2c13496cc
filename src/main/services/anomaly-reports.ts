/**
 * Anomaly reports of runs: the `anomaly` artifact read back for the renderer, and the headline
 * numbers for the CLI. (Whether a run's anomaly settings apply is checkRunConfig's.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { anomalyThreshold, confusionAt, prCurve, rocCurve, type Confusion } from '../../shared/anomaly.js';
import type { AnomalyReport } from '../../shared/api.js';
import type { Store } from '../store/index.js';

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

export class AnomalyReports {
  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
  ) {}

  /** The run's latest report; an empty one before its first validation epoch. */
  report(runId: number): AnomalyReport {
    const config = this.store.runs.config(runId);
    const settings = config.anomaly;
    if (!settings) throw new Error(`run ${runId} is not an anomaly-detection run (its config has no anomaly settings)`);
    const artifact = this.store.runs.artifacts(runId).find((a) => a.kind === 'anomaly');
    if (!artifact) {
      return {
        epoch: null, sampleShape: [], score: settings.score, normalClasses: settings.normalClasses, evaluationSplit: 'test',
        scores: [], labels: [], isAnomaly: [], trainNormalErrors: [], threshold: settings.threshold, thresholdValue: Number.NaN,
        worst: [], normalExamples: [],
      };
    }
    const file = path.join(this.dataDir, artifact.path);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`${file}: cannot read the anomaly report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    try {
      return JSON.parse(text) as AnomalyReport;
    } catch (error) {
      throw new Error(`${file}: the anomaly report is not valid JSON (${(error as Error).message})`);
    }
  }
}
