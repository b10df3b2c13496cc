/**
 * The report's figure beside a run in the CLI: the JSON fields of `train --json`'s terminal event and
 * of `show --json`, and the human line "report 0.003953 · this run 0.003979 (+0.7%)".
 */
import type { RunSummary } from '../../shared/api.js';
import type { Reference } from '../../shared/config.js';
import { formatReferenceComparison } from '../../shared/reproduction.js';

export interface ReferenceFields {
  /** The published figure the run reproduces. */
  reference: Reference;
  /** (this run − report) / report: +0.007 is 0.7 % above the report; null before the run has a value. */
  referenceDeviation: number | null;
  /** The run's value compared and its epoch (the report's epoch, or the last one of a shorter run). */
  referenceComparedAt: { epoch: number; value: number } | null;
}

/** The fields to merge into a JSON line; empty for a run without a reference. */
export function referenceFields(run: RunSummary): ReferenceFields | Record<string, never> {
  if (!run.reference) return {};
  const comparison = run.referenceComparison;
  return {
    reference: run.reference,
    referenceDeviation: comparison?.deviation ?? null,
    referenceComparedAt: comparison ? { epoch: comparison.epoch, value: comparison.value } : null,
  };
}

/** "report 0.003953 · this run 0.003979 (+0.7%)"; null for a run without a reference. */
export function referenceLine(run: RunSummary): string | null {
  if (!run.reference) return null;
  const what = `${run.reference.split} ${run.reference.metric}`;
  if (!run.referenceComparison) return `${what}: report ${run.reference.value} at epoch ${run.reference.epochs} · this run has no value yet`;
  return `${what}: ${formatReferenceComparison(run.referenceComparison)}`;
}
