/**
 * `latent-lab` command line: the same services as the desktop app, without a window.
 * Every error ends as one line on stderr and a non-zero exit code.
 */
import { parseArgs } from 'node:util';
import type { BackendName, RunSummary, Settings } from '../../shared/api.js';
import { PRESETS } from '../../shared/presets.js';
import { formatDeviation, formatFigure } from '../../shared/reproduction.js';
import { SWEEP_PRESETS } from '../../shared/presets/sweeps.js';
import { LANGUAGES } from '../figures/ui-text.js';
import { createLab, type Lab } from '../services/lab.js';
import pkg from '../../../package.json' with { type: 'json' };
import { reproducibility } from '../services/reports/index.js';
import { anomalyLine, formatAnomalyLine } from './anomaly.js';
import { type DatasetCommandIo, downloadDataset, importDataset, listDatasets } from './datasets.js';
import { figureCommand } from './figure.js';
import { formatDuration, formatMetrics, table } from './format.js';
import { referenceFields, referenceLine } from './reference-output.js';
import { qualityCommand } from './quality.js';
import { reportCommand } from './report.js';
import { listSweeps, sweep } from './sweep.js';
import { serve } from './serve.js';
import { train } from './train.js';
import { resumeCommand } from './resume.js';
import { workerCommand } from './worker.js';
import { followCommand } from './follow.js';
import { EXIT, exitCodeFor, USAGE, UsageError, commandUsage, isCommand } from './usage.js';
import { formatLatentAndDenoising, latentAndDenoisingSummary } from './latent-and-denoising-output.js';

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  progress: { type: 'boolean', default: false },
  delimiter: { type: 'string' },
  decimal: { type: 'string' },
  home: { type: 'string' },
  preset: { type: 'string' },
  config: { type: 'string' },
  spec: { type: 'string' },
  limit: { type: 'string' },
  epochs: { type: 'string' },
  backend: { type: 'string' },
  experiment: { type: 'string' },
  name: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  force: { type: 'boolean', default: false },
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  kind: { type: 'string' },
  metric: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  scale: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
  sweep: { type: 'string' },
  sections: { type: 'string' },
  lang: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const print = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const printJson = (value: unknown): void => print(JSON.stringify(value));

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  return n;
}

/** Progress on stderr when it is a terminal, or as plain lines with --progress; never with --json. */
function datasetIo(values: Values): DatasetCommandIo {
  const tty = process.stderr.isTTY === true;
  const wanted = !values.json && (tty || values.progress);
  return { print, progress: wanted ? { isTTY: tty, write: (text) => void process.stderr.write(text) } : null };
}

function language(value: string | undefined): Settings['language'] | undefined {
  if (value === undefined) return undefined;
  if (!LANGUAGES.includes(value as Settings['language'])) throw new UsageError(`--lang must be one of ${LANGUAGES.join(', ')}, got "${value}"`);
  return value as Settings['language'];
}

function runId(value: string | undefined): number {
  if (value === undefined) throw new UsageError('missing RUN (a run id, see: latent-lab runs)');
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`RUN must be a run id, got "${value}"`);
  return id;
}

function sweepIdOf(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--sweep must be a sweep id (see: latent-lab sweeps), got "${value}"`);
  return id;
}

/** `0.003953 (+0.7%)`: the report's figure and this run's deviation, `@10` when compared at another epoch. */
function referenceCell(run: RunSummary): string {
  const c = run.referenceComparison;
  if (!c) return run.reference ? formatFigure(run.reference.value) : '';
  return `${formatFigure(c.reference.value)} (${formatDeviation(c.deviation)}${c.atReferenceEpoch ? '' : ` @${c.epoch}`})`;
}

async function runsCommand(lab: Lab, json: boolean): Promise<number> {
  const runs = await lab.runs.list();
  if (json) runs.forEach(printJson);
  else if (runs.length === 0) print('no runs yet: try  latent-lab train --preset font5x7-2d');
  else {
    // The report column appears once any run reproduces a published figure.
    const withReport = runs.some((r) => r.reference);
    const report = (r: (typeof runs)[number]): string[] =>
      !withReport ? [] : [referenceCell(r)];
    print(
      table(
        ['id', 'name', 'status', 'dataset', 'model', 'epochs', 'backend', 'final val', ...(withReport ? ['report (deviation)'] : [])],
        runs.map((r) => [
          r.id,
          r.name,
          r.status,
          r.datasetId,
          r.modelKind,
          `${r.epochsDone}/${r.epochsPlanned}`,
          r.backend,
          formatMetrics(r.finalMetrics.val),
          ...report(r),
        ]),
      ),
    );
  }
  return 0;
}

async function showCommand(lab: Lab, id: number, json: boolean): Promise<number> {
  const run = await lab.runs.get(id);
  const metrics = await lab.runs.metrics(id);
  const anomaly = await anomalyLine(lab, id);
  const extra = await latentAndDenoisingSummary(lab, id);
  if (json) {
    const experiment = (await lab.experiments.list()).find((e) => e.id === run.experimentId)?.name ?? 'CLI';
    printJson({ ...run, metrics, ...(anomaly ? { anomaly } : {}), ...referenceFields(run), ...extra, reproducibility: reproducibility(run, experiment) });
    return 0;
  }
  const lines = [
    `run ${run.id}  ${run.name}  [${run.status}]`,
    `dataset ${run.datasetId}  model ${run.modelKind}  epochs ${run.epochsDone}/${run.epochsPlanned}`,
    `backend ${run.backendReport ? `${run.backendReport.description ?? run.backendReport.backend} (${run.backendReport.package})` : '-'}` +
      (run.backendReport?.skipped.length ? `; skipped: ${run.backendReport.skipped.map((s) => `${s.candidate}: ${s.reason}`).join('; ')}` : ''),
    `duration ${run.durationMs === null ? '-' : formatDuration(run.durationMs)}  created ${run.createdAt}`,
  ];
  if (run.error) lines.push(`error: ${run.error}`);
  const resume = run.resume;
  if (resume && (run.status === 'interrupted' || run.status === 'cancelled')) {
    if (!resume.resumable) lines.push(`resume: not possible: ${resume.message}`);
    else if (resume.restart) lines.push(`resume: no checkpoint yet, latent-lab resume ${run.id} starts it over`);
    else lines.push(`resume: latent-lab resume ${run.id} continues after epoch ${resume.fromEpoch}${resume.fromBatch > 0 ? ` and ${resume.fromBatch} batches` : ''}`);
  }
  if (run.remote) {
    const w = run.remote.worker;
    lines.push(`queue ${run.remote.queue}  worker ${w ? `${w.name} on ${w.host}${w.backend ? ` (${w.backend})` : ''}` : '-'}  attempt ${run.remote.attempt}`);
    lines.push(...run.remote.history.map((h) => `  ${h.at}  ${h.event}: ${h.detail}`));
  }
  if (run.architecture) lines.push(`parameters ${run.architecture.totalParams}`);
  if (anomaly) lines.push(formatAnomalyLine(anomaly));
  const reference = referenceLine(run);
  if (reference) lines.push(reference);
  if (run.tags.length) lines.push(`tags ${run.tags.join(', ')}`);
  if (run.notes) lines.push(`notes ${run.notes}`);
  lines.push('', 'config:', JSON.stringify(run.config, null, 2), '');
  lines.push(table(['epoch', 'split', 'metrics'], metrics.map((m) => [m.epoch, m.split, formatMetrics(m.values)])));
  const vaeDenoising = formatLatentAndDenoising(extra);
  if (vaeDenoising.length) lines.push('', ...vaeDenoising);
  if (run.artifacts.length) lines.push('', ...run.artifacts.map((a) => `artifact ${a.kind}: ${a.path} (epoch ${a.epoch ?? '-'})`));
  print(lines.join('\n'));
  return 0;
}

/** How many positional arguments each command takes: [at least, at most]. */
const ARITY: Record<string, [number, number]> = {
  presets: [0, 0], datasets: [0, 0], download: [1, 1], 'import-dataset': [2, Infinity], train: [0, 0], sweep: [0, 0],
  sweeps: [0, 0], runs: [0, 0], show: [1, 1], resume: [0, 1], 'export-model': [2, 2], quality: [1, Infinity], serve: [0, 0], worker: [0, 0], follow: [0, 1], figure: [0, Infinity], report: [0, Infinity],
};

function checkArity(command: string, rest: string[]): void {
  const arity = ARITY[command];
  if (!arity) throw new UsageError(`unknown command "${command}"`);
  if (rest.length > arity[1]) throw new UsageError(`${command}: unexpected argument${rest.length - arity[1] > 1 ? 's' : ''} ${rest.slice(arity[1]).map((a) => `"${a}"`).join(' ')}`);
}

async function dispatch(command: string, rest: string[], values: Values): Promise<number> {
  checkArity(command, rest);
  if (values.backend !== undefined && !BACKENDS.includes(values.backend as (typeof BACKENDS)[number])) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${values.backend}"`);
  }
  if (command === 'presets') {
    if (values.json) PRESETS.forEach((p) => printJson(p));
    else {
      print(table(['id', 'title'], PRESETS.map((p) => [p.id, p.title])));
      print(`\nsweeps (latent-lab sweep --preset ID):\n${table(['id', 'title'], SWEEP_PRESETS.map((p) => [p.id, p.title]))}`);
    }
    return 0;
  }
  if (command === 'worker') {
    return workerCommand({
      queue: values.queue,
      concurrency: positiveInt('concurrency', values.concurrency),
      backend: (values.backend ?? 'auto') as BackendName | 'auto',
      name: values.name,
      home: values.home,
    });
  }
  if (values.queue !== undefined && !['train', 'sweep', 'serve', 'follow', 'resume'].includes(command)) {
    throw new UsageError('--queue goes with train, sweep, resume, follow, serve or worker');
  }
  const lab = await createLab({
    home: values.home,
    mode: command === 'serve' ? 'browser' : 'cli',
    backend: values.backend as BackendName | 'auto' | undefined,
    queue: values.queue,
    // Only the commands that queue runs (and the browser mode) follow the queue.
    followQueue: ['train', 'sweep', 'serve', 'follow', 'resume'].includes(command),
    // `train --queue URL` asks for this run to go to the queue.
    queueSingleRuns: command === 'train' && values.queue !== undefined ? true : undefined,
  });
  try {
    switch (command) {
      case 'datasets':
        return await listDatasets(lab, values.json, datasetIo(values));
      case 'download':
        return await downloadDataset(lab, rest[0], datasetIo(values));
      case 'import-dataset':
        return await importDataset(lab, { rest, name: values.name, delimiter: values.delimiter, decimal: values.decimal, json: values.json }, datasetIo(values));
      case 'train':
        return await train(lab, {
          preset: values.preset,
          config: values.config,
          epochs: positiveInt('epochs', values.epochs),
          seed: values.seed === '0' ? 0 : positiveInt('seed', values.seed),
          experiment: values.experiment ?? 'CLI',
          json: values.json,
        });
      case 'sweep':
        return await sweep(lab, {
          preset: values.preset,
          spec: values.spec,
          epochs: positiveInt('epochs', values.epochs),
          limit: positiveInt('limit', values.limit),
          experiment: values.experiment ?? 'CLI',
          json: values.json,
        });
      case 'follow':
        return await followCommand(lab, rest[0] === undefined ? undefined : runId(rest[0]), values.json);
      case 'resume':
        return await resumeCommand(lab, {
          runId: rest[0] === undefined ? undefined : runId(rest[0]),
          sweepId: values.sweep === undefined ? undefined : sweepIdOf(values.sweep),
          epochs: positiveInt('epochs', values.epochs),
          json: values.json,
        });
      case 'sweeps':
        return await listSweeps(lab, values.json);
      case 'runs':
        return await runsCommand(lab, values.json);
      case 'show':
        return await showCommand(lab, runId(rest[0]), values.json);
      case 'export-model': {
        if (!rest[1]) throw new UsageError('export-model needs RUN and DIR');
        const files = await lab.models.export(runId(rest[0]), rest[1], { force: values.force });
        if (values.json) printJson({ runId: Number(rest[0]), files });
        else print(files.join('\n'));
        return 0;
      }
      case 'quality': {
        if (rest.length === 0) throw new UsageError('quality needs at least one RUN (a run id, see: latent-lab runs)');
        const seed = values.seed === '0' ? 0 : positiveInt('seed', values.seed);
        return await qualityCommand(lab, { runIds: rest.map(runId), samples: positiveInt('samples', values.samples), seed, json: values.json }, print);
      }
      case 'figure':
        return await figureCommand(lab, {
          runIds: rest.map(runId),
          kind: values.kind,
          metric: values.metric,
          format: values.format,
          out: values.out,
          scale: values.scale,
          width: positiveInt('width', values.width),
          height: positiveInt('height', values.height),
          language: language(values.lang),
          json: values.json,
        }, print);
      case 'report':
        return await reportCommand(lab, {
          targets: rest,
          experiment: values.experiment,
          sweep: values.sweep,
          format: values.format,
          sections: values.sections,
          out: values.out,
          language: language(values.lang),
          json: values.json,
        }, print);
      case 'serve':
        return await serve(lab, { port: values.port === '0' ? 0 : positiveInt('port', values.port), host: values.host }, print);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await lab.dispose();
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`latent-lab: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.version) {
    print(`latent-lab ${pkg.version}`);
    return 0;
  }
  if (command === 'help' && rest[0] !== undefined && isCommand(rest[0])) {
    print(commandUsage(rest[0]));
    return 0;
  }
  if (parsed.values.help && command !== undefined && isCommand(command)) {
    print(commandUsage(command));
    return 0;
  }
  if (parsed.values.help || command === 'help' || !command) {
    print(USAGE);
    return command || parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    return await dispatch(command, rest, parsed.values);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // With --json, train, resume and sweep always end with their terminal event, also when nothing started.
    if (parsed.values.json && command === 'resume' && parsed.values.sweep !== undefined) {
      printJson({ event: 'sweepCompleted', sweepId: null, status: 'failed', error: message, members: [] });
    } else if (parsed.values.json && command === 'resume') {
      printJson({ event: 'failed', runId: null, error: message, metrics: {} });
    }
    if (parsed.values.json && command === 'train') {
      printJson({ event: 'failed', runId: null, error: message, metrics: {} });
    }
    if (parsed.values.json && command === 'sweep') {
      printJson({ event: 'sweepCompleted', sweepId: null, status: 'failed', error: message, members: [] });
    }
    if (error instanceof UsageError) {
      const helpFor = isCommand(command) ? `latent-lab ${command} --help` : 'latent-lab --help';
      process.stderr.write(`latent-lab: ${message}\nRun "${helpFor}" for usage.\n`);
    } else {
      process.stderr.write(`latent-lab: ${message.split('\n')[0]}\n`);
    }
    return exitCodeFor(error);
  }
}
