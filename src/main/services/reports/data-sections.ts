/**
 * The report's text and table sections: the summary table (the runs table, or a sweep's results
 * sorted by validation loss), the configurations and their differences, the environment, and the
 * reproducibility block every report ends with.
 */
import os from 'node:os';
import type { RunDetail } from '../../../shared/api.js';
import type { ReportBlock } from '../../../shared/report/document.js';
import { rescoredRunIds } from '../../../shared/run-facts.js';
import { translatedIncomparabilityNote } from '../../../shared/tables/comparability.js';
import { FIXED_COLUMNS, runsTable } from '../../../shared/tables/run-columns.js';
import { configDiff, configDiffTable, finalMetricsTable, metricColumns, type MetricColumn } from '../../../shared/tables/run-tables.js';
import { transposeTable } from '../../../shared/report/transpose.js';
import { sortedMembers, sweepMetricColumns, sweepResultsTable } from '../../../shared/tables/sweep-tables.js';
import { metricName } from '../../figures/index.js';
import pkg from '../../../../package.json' with { type: 'json' };
import { runName, type ReportContext } from './context.js';
import { libraryVersions, rerunCommand } from './reproducibility.js';

/** Up to this many runs, the metrics table has a row per metric and a column per run. */
const TRANSPOSE_UP_TO = 6;

/** The columns of a published figure a run reproduces, and the run's deviation from it. */
const referenceLabels = (context: ReportContext) => ({ report: context.t('reference.report'), deviation: context.t('reference.deviation') });

const columnLabel = (context: ReportContext) => (c: MetricColumn): string =>
  context.t('runs.metricColumn', { split: context.t(`splits.${c.split}`), metric: metricName(context.t, c.metric) });

export async function summaryBlocks(context: ReportContext): Promise<ReportBlock[]> {
  const { t, text, runs, sweep } = context;
  if (sweep) {
    const bestBy: MetricColumn = { metric: 'loss', split: 'val' };
    const members = sortedMembers(sweep.members, bestBy, 'ascend');
    const all = sweepMetricColumns(members);
    const validation = all.filter((c) => c.split === 'val');
    const table = sweepResultsTable(members, sweep.fields, {
      bestBy,
      columns: validation.length > 0 ? validation : all,
      labels: { run: t('sweeps.run'), status: t('runs.status'), epochs: t('runs.epochs'), metric: columnLabel(context), ...referenceLabels(context) },
    });
    return [{ type: 'table', table, caption: text.summary.sweep(columnLabel(context)(bestBy)), label: 'summary' }];
  }
  // Two tables rather than one of twenty columns: who each run is, then its final validation metrics
  // (training metrics when a run validated nothing).
  // The identity columns only: a published figure the runs reproduce goes with the metrics below.
  const identity = runsTable(runs, FIXED_COLUMNS.map((id) => ({ kind: 'fixed' as const, id })), { fixed: (id) => t(`runs.${id}`) });
  const all = metricColumns(runs);
  const validation = all.filter((c) => c.split === 'val');
  // Runs that hold out no data: their "validation" numbers re-score the training set, and the table says so.
  const testCounts = new Map((await context.source.datasets.list()).map((d) => [d.id, d.testCount]));
  const rescored = rescoredRunIds(runs, (id) => testCounts.get(id));
  const byRun = finalMetricsTable(
    runs,
    validation.length > 0 ? validation : all,
    {
      name: t('runs.name'),
      metric: columnLabel(context),
      incomparable: (why) => translatedIncomparabilityNote(t, why),
      rescored: (ids) => t('valSource.rescoredRuns', { runs: ids }),
      ...referenceLabels(context),
    },
    rescored,
  );
  const metrics = runs.length <= TRANSPOSE_UP_TO ? transposeTable(byRun, text.summary.metric) : byRun;
  return [
    { type: 'table', table: identity, caption: text.summary.runs, label: 'summary' },
    { type: 'table', table: metrics, caption: text.summary.metrics, label: 'summary-metrics' },
  ];
}

export function configBlocks(context: ReportContext): ReportBlock[] {
  const { text, runs } = context;
  const rows = configDiff(runs.map((run) => run.config));
  const blocks: ReportBlock[] = [];
  if (runs.length > 1) {
    const differing = configDiffTable(rows, runs.map(runName), { onlyDiffering: true, settingHeader: text.configs.setting });
    blocks.push(differing.rows.length > 0 ? { type: 'table', table: differing, caption: text.configs.differing, label: 'config-diff' } : { type: 'paragraph', text: text.configs.identical });
  }
  blocks.push({ type: 'heading', text: text.configs.shared });
  blocks.push({ type: 'facts', rows: rows.filter((row) => !row.differs).map((row): [string, string] => [row.path, row.values[0] ?? '']) });
  return blocks;
}

function runFacts(context: ReportContext, run: RunDetail): [string, string][] {
  const e = context.text.environment;
  const report = run.backendReport;
  return [
    [e.status, context.t.has(`status.${run.status}`) ? context.t(`status.${run.status}`) : run.status],
    [e.backend, report ? `${report.backend} (${report.package})` : '-'],
    [e.gpu, report?.gpu ? e.yes : e.no],
    [e.dataset, `${run.config.dataset.id}`],
    [e.seed, String(run.config.training.seed)],
    [e.epochs, `${run.epochsDone}/${run.epochsPlanned}`],
    [e.duration, run.durationMs === null ? '-' : `${(run.durationMs / 1000).toFixed(1)} s`],
    [e.started, run.startedAt ?? '-'],
    [e.parameters, run.architecture ? String(run.architecture.totalParams) : '-'],
  ];
}

export function environmentBlocks(context: ReportContext): ReportBlock[] {
  const e = context.text.environment;
  const blocks: ReportBlock[] = [
    { type: 'heading', text: e.machine },
    {
      type: 'facts',
      rows: [
        [e.app, pkg.version],
        [e.node, process.versions.node],
        [e.platform, `${os.platform()} ${os.arch()}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}`],
      ],
    },
  ];
  for (const run of context.runs) blocks.push({ type: 'heading', text: runName(run) }, { type: 'facts', rows: runFacts(context, run) });
  return blocks;
}

export function reproducibilityBlocks(context: ReportContext): ReportBlock[] {
  const r = context.text.reproducibility;
  const packages = context.runs.flatMap((run) => (run.backendReport ? [run.backendReport.package] : []));
  const blocks: ReportBlock[] = [
    { type: 'heading', text: r.versions },
    { type: 'facts', rows: Object.entries(libraryVersions(packages)) },
    { type: 'note', text: r.versionsNote },
  ];
  for (const run of context.runs) {
    const experiment = context.experimentNames.get(run.experimentId) ?? 'CLI';
    blocks.push(
      { type: 'heading', text: runName(run) },
      { type: 'paragraph', text: r.command },
      { type: 'code', language: 'bash', text: rerunCommand(run.config, run.backend, experiment) },
    );
  }
  return blocks;
}
