/**
 * Anomaly detection end to end below the UI: a synthetic ECG5000 imported from UCR files, the
 * ECG preset trained for a few epochs in a real worker, the report and metrics it records.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anomalyThreshold, prCurve, rocCurve } from '../../../../src/shared/anomaly.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';
import { summarizeReport } from '../../../../src/main/services/anomaly-reports.js';
import { WORST_COUNT } from '../../../../src/main/services/anomaly-scoring.js';
import { anomalyLine, formatAnomalyLine } from '../../../../src/main/cli/anomaly.js';
import { writeEcgLikeFixture } from '../../../fixtures/generate.js';

let home: string;
let lab: Lab;
// 80 training beats (48 normal: labels cycle 24 of 40 normal), 120 test beats (72 normal).
const SIZES = { train: 80, test: 120 };

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-anomaly-'));
  lab = await createLab({ home, mode: 'cli' });
  const dir = await writeEcgLikeFixture(path.join(home, 'ecg'), SIZES);
  await lab.datasets.import('ucr', [path.join(dir, 'ECG5000_TRAIN.txt'), path.join(dir, 'ECG5000_TEST.txt')], 'ecg5000');
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

const ecgConfig = (epochs: number, evalLimit?: number) => {
  const config = structuredClone(findPreset('ecg5000-anomaly')!.config);
  config.training.epochs = epochs;
  config.training.optimizer.learningRate = 0.01;
  if (evalLimit) config.anomaly!.evalLimit = evalLimit;
  return config;
};

describe('anomaly-detection runs', () => {
  it('train on normal beats only, score every test beat each epoch, and record AUROC and AUPRC as val metrics', async () => {
    const experiment = await lab.experiments.create('ECG');
    const run = await lab.runs.start(experiment.id, ecgConfig(3), 'ecg5000-anomaly');
    expect(await lab.waitForRun(run.id)).toBe('completed');

    const report = await lab.runs.artifact(run.id, 'anomaly');
    expect(report).toMatchObject({ epoch: 3, sampleShape: [140], score: 'mae', normalClasses: [0], evaluationSplit: 'test' });
    expect(report.scores).toHaveLength(SIZES.test);
    expect(new Set(report.labels)).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(report.isAnomaly).toEqual(report.labels.map((label) => label !== 0));
    // The threshold comes from the errors of the 48 normal training beats only.
    expect(report.trainNormalErrors).toHaveLength(48);
    expect(report.thresholdValue).toBeCloseTo(anomalyThreshold(report.trainNormalErrors, { mode: 'meanStd', k: 2 }), 9);
    expect(report.worst).toHaveLength(WORST_COUNT);
    const worstScores = report.worst.map((e) => e.score);
    expect(worstScores).toEqual([...worstScores].sort((a, b) => b - a));
    expect(Math.max(...report.scores)).toBe(worstScores[0]);
    expect(report.worst[0]!.input).toHaveLength(140);
    expect(report.worst[0]!.output).toHaveLength(140);
    expect(report.normalExamples.every((e) => !e.isAnomaly)).toBe(true);

    const finalVal = (await lab.runs.get(run.id)).finalMetrics.val;
    expect(finalVal.auroc).toBeCloseTo(rocCurve(report.scores, report.isAnomaly).auc, 6);
    expect(finalVal.auprc).toBeCloseTo(prCurve(report.scores, report.isAnomaly).averagePrecision, 6);
    // Distorted beats reconstruct worse than normal ones after a few epochs.
    expect(finalVal.auroc).toBeGreaterThan(0.8);
    const perEpoch = (await lab.runs.metrics(run.id)).filter((m) => m.split === 'val').map((m) => m.values.auroc);
    expect(perEpoch).toHaveLength(3);
    expect(perEpoch.every((v) => v !== undefined && v >= 0 && v <= 1)).toBe(true);

    const summary = summarizeReport(report)!;
    expect(summary.confusion.tp + summary.confusion.fn).toBe(report.isAnomaly.filter(Boolean).length);

    // What `train --json` adds to its terminal line, and `train`/`show` print.
    const line = (await anomalyLine(lab, run.id))!;
    expect(line).toMatchObject({ epoch: 3, threshold: { mode: 'meanStd', k: 2 }, auroc: finalVal.auroc, tp: summary.confusion.tp, f1: summary.confusion.f1 });
    expect(line.threshold.errorValue).toBeCloseTo(report.thresholdValue, 9);
    expect(line.tp + line.fp + line.tn + line.fn).toBe(SIZES.test);
    expect(formatAnomalyLine(line)).toMatch(/^anomaly {2}AUROC [\d.]+ {2}AUPRC [\d.]+ {2}threshold [\d.e-]+ \(mean \+ 2σ\): precision .* F1 .*\(TP \d+, FP \d+, TN \d+, FN \d+\)$/);
  });

  it('evalLimit scores a seeded subset that still mixes the classes', async () => {
    const experiment = await lab.experiments.create('ECG');
    const run = await lab.runs.start(experiment.id, ecgConfig(1, 30));
    expect(await lab.waitForRun(run.id)).toBe('completed');
    const report = await lab.runs.artifact(run.id, 'anomaly');
    expect(report.scores).toHaveLength(30);
    expect(report.isAnomaly.some(Boolean) && report.isAnomaly.some((a) => !a)).toBe(true);
  });

  it('refuses impossible settings before queueing, and answers runs.anomaly only for anomaly runs', async () => {
    const experiment = await lab.experiments.create('ECG');
    const allNormal = ecgConfig(1);
    allNormal.anomaly!.normalClasses = [0, 1, 2, 3, 4];
    await expect(lab.runs.start(experiment.id, allNormal)).rejects.toThrow(/every class of ecg5000 the run uses is normal/);
    const unknown = ecgConfig(1);
    unknown.anomaly!.normalClasses = [9];
    await expect(lab.runs.start(experiment.id, unknown)).rejects.toThrow(/no class 9/);
    const plain = ecgConfig(1);
    delete plain.anomaly;
    const run = await lab.runs.start(experiment.id, plain);
    await expect(lab.runs.artifact(run.id, 'anomaly')).rejects.toThrow(/not an anomaly-detection run/);
    await lab.runs.cancel(run.id);
    await lab.waitForRun(run.id);
  });
});
