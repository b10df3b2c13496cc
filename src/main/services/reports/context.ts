/**
 * What a report is built from: the runs of its scope (an experiment's, a list, a sweep's members)
 * with their details, the text of its language, and the figures its sections ask for.
 */
import type { RunDetail, SweepDetail } from '../../../shared/api.js';
import type { ReportBlock } from '../../../shared/report/document.js';
import type { ReportScope } from '../../../shared/report/sections.js';
import type { ReportText } from '../../../shared/report/text/index.js';
import type { Figure, FigureSource, UiText } from '../../figures/index.js';
import type { Lab } from '../lab.js';

/** The services a report reads. */
export type ReportSource = FigureSource & Pick<Lab, 'experiments' | 'sweeps' | 'app'>;

export interface ReportContext {
  source: ReportSource;
  /** The window's translations (table headers, metric names, figure labels). */
  t: UiText;
  text: ReportText;
  runs: RunDetail[];
  sweep: SweepDetail | null;
  /** Experiment id → name, for the re-run commands. */
  experimentNames: Map<number, string>;
  /** Figures the sections placed, by id, in order. */
  figures: Map<string, Figure>;
  warnings: string[];
}

/** `#12 font5x7-2d` */
export const runName = (run: { id: number; name: string }): string => `#${run.id} ${run.name}`;

/** The runs of a scope in id order, with the sweep when the scope is one, and the report's title. */
export async function resolveScope(source: ReportSource, scope: ReportScope, text: ReportText): Promise<{ runs: RunDetail[]; sweep: SweepDetail | null; title: string }> {
  let ids: number[];
  let sweep: SweepDetail | null = null;
  let title: string;
  if ('sweepId' in scope) {
    sweep = await source.sweeps.get(scope.sweepId);
    ids = sweep.members.map((m) => m.id);
    title = text.title.sweep(sweep.name);
  } else if ('experimentId' in scope) {
    const experiment = (await source.experiments.list()).find((e) => e.id === scope.experimentId);
    if (!experiment) throw new Error(`no experiment ${scope.experimentId}`);
    ids = (await source.runs.list(scope.experimentId)).map((r) => r.id);
    title = text.title.experiment(experiment.name);
  } else {
    ids = [...new Set(scope.runIds)].sort((a, b) => a - b);
    title = text.title.runs(ids.map((id) => `#${id}`).join(', '));
  }
  if (ids.length === 0) throw new Error('the report has no runs: train some first');
  const runs = await Promise.all([...ids].sort((a, b) => a - b).map((id) => source.runs.get(id)));
  return { runs, sweep, title };
}

/**
 * Build a figure and place it, or, when the run cannot draw it (no model yet, not a VAE, …),
 * a note saying what was left out and why. Returns the block to add.
 */
export async function figureBlock(
  context: ReportContext,
  id: string,
  caption: string,
  build: () => Promise<Figure>,
): Promise<ReportBlock> {
  try {
    context.figures.set(id, await build());
    return { type: 'figure', figureId: id, caption, label: id };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    context.warnings.push(`${caption}: ${why}`);
    return { type: 'note', text: context.text.skipped(caption, why) };
  }
}
