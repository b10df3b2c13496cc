/**
 * Facts about a run that its labels must state honestly: where its "validation" numbers come from,
 * and why it ended before its planned epochs. Pure module: no Node, no DOM.
 */
import type { RunSummary } from './api.js';
import type { MetricValues } from './config.js';

/**
 * Where a run's `val` split comes from (see prepareSplits): the dataset's own test split; a
 * held-out fraction of the training data; or, with valFraction 0 and no test split, the training
 * set scored again, which is no validation at all.
 */
export type ValidationSource = 'test' | 'heldOut' | 'rescored';

export function validationSource(run: Pick<RunSummary, 'config'>, datasetTestCount: number | null | undefined): ValidationSource {
  if (datasetTestCount !== null && datasetTestCount !== undefined && datasetTestCount > 0) return 'test';
  return run.config.dataset.valFraction > 0 ? 'heldOut' : 'rescored';
}

/**
 * Ids of the runs whose `val` numbers re-score the training set (no data held out, no test split).
 * `testCount` gives a dataset's test split size (null: none), undefined for a dataset it does not
 * know, whose runs are left out rather than guessed.
 */
export function rescoredRunIds(
  runs: readonly Pick<RunSummary, 'id' | 'config' | 'datasetId'>[],
  testCount: (datasetId: string) => number | null | undefined,
): Set<number> {
  return new Set(
    runs
      .filter((run) => {
        const count = testCount(run.datasetId);
        return count !== undefined && validationSource(run, count) === 'rescored';
      })
      .map((run) => run.id),
  );
}

/** The English note under a table with val numbers of such runs (the renderer passes a translated one). */
export const defaultRescoredNote = (runs: string): string =>
  `Runs ${runs} hold out no data: their val numbers are the training set, re-scored.`;

/** The note under a table that shows val metrics of runs in `rescored`, or null when none is shown. */
export function rescoredNote(
  runs: readonly Pick<RunSummary, 'id'>[],
  rescored: ReadonlySet<number>,
  showsVal: boolean,
  note: (runs: string) => string = defaultRescoredNote,
): string | null {
  const ids = runs.filter((run) => rescored.has(run.id)).map((run) => `#${run.id}`);
  return showsVal && ids.length > 0 ? note(ids.join(', ')) : null;
}

/** A run that ended because its stopWhen target was reached: the epoch, metric, value and target. */
export interface StopReason {
  epoch: number;
  metric: string;
  value: number;
  target: number;
}

/**
 * Why a completed run stopped before its planned epochs: its stopWhen target, met by the final
 * validation value. Null for a run that ran all its epochs, did not complete, or has no target.
 */
export function stopReason(run: Pick<RunSummary, 'status' | 'epochsDone' | 'epochsPlanned' | 'finalMetrics' | 'config'>): StopReason | null {
  const stopWhen = run.config.training.stopWhen;
  if (run.status !== 'completed' || !stopWhen || run.epochsDone >= run.epochsPlanned) return null;
  const value = (run.finalMetrics.val as MetricValues & Record<string, number | undefined>)[stopWhen.metric];
  if (value === undefined || !(value <= stopWhen.atMost)) return null;
  return { epoch: run.epochsDone, metric: stopWhen.metric, value, target: stopWhen.atMost };
}
