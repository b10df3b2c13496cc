/**
 * `latent-lab sweep`: queue a sweep's members as runs and follow them all to their end, a line per
 * member status change and epoch (or one JSON object per line with --json, shaped like `train`'s),
 * then the results table sorted by validation loss. `latent-lab sweeps` lists the sweeps.
 */
import fs from 'node:fs';
import type { LabEvents, SweepDetail, SweepStatus, SweepMember } from '../../shared/api.js';
import type { MetricValues } from '../../shared/config.js';
import { findSweepPreset, SWEEP_PRESETS } from '../../shared/presets/sweeps.js';
import { formatDeviation, formatFigure, gridAgreement, type GridAgreement } from '../../shared/reproduction.js';
import { failedMembers, formatSweepValue, getPath, parseSweepSpec, peakConcurrency, sweptFields, type SweepSpecInput } from '../../shared/sweep.js';
import { sortedMembers } from '../../shared/tables/sweep-tables.js';
import type { Lab } from '../services/lab.js';
import { formatDuration, formatMetrics, formatNumber, table } from './format.js';
import { referenceFields } from './reference-output.js';
import { sweepExitCode } from './follow-run.js';
import { UsageError } from './usage.js';

const out = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

export interface SweepArgs {
  preset?: string;
  spec?: string;
  epochs?: number;
  limit?: number;
  experiment: string;
  json: boolean;
}

function loadSpec(args: SweepArgs): { spec: SweepSpecInput; presetId?: string } {
  if (args.preset && args.spec) throw new UsageError('give either --preset or --spec, not both');
  if (args.preset) {
    const preset = findSweepPreset(args.preset);
    if (!preset) throw new UsageError(`unknown sweep preset "${args.preset}" (one of: ${SWEEP_PRESETS.map((p) => p.id).join(', ')})`);
    return { spec: structuredClone(preset.spec) as SweepSpecInput, presetId: preset.id };
  }
  if (args.spec) {
    let text: string;
    try {
      text = fs.readFileSync(args.spec, 'utf8');
    } catch (error) {
      throw new UsageError(`${args.spec}: cannot read the sweep spec (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    try {
      return { spec: JSON.parse(text) as SweepSpecInput };
    } catch (error) {
      throw new UsageError(`${args.spec}: not valid JSON (${(error as Error).message})`);
    }
  }
  throw new UsageError('sweep needs --preset ID or --spec FILE');
}

/** Apply --epochs and --limit to the spec (after checking its shape, so the overrides land somewhere). */
function withOverrides(input: SweepSpecInput, args: SweepArgs): SweepSpecInput {
  const spec = parseSweepSpec(input);
  if (args.epochs !== undefined) {
    if (sweptFields(spec).some((f) => f.path === 'training.epochs' || f.path === 'training')) {
      throw new UsageError('--epochs cannot override a sweep whose grid varies training.epochs');
    }
    const training = (spec.base.training ?? {}) as Record<string, unknown>;
    spec.base = { ...spec.base, training: { ...training, epochs: args.epochs } };
  }
  if (args.limit !== undefined) spec.limit = args.limit;
  return spec as SweepSpecInput;
}

async function experimentId(lab: Lab, name: string): Promise<number> {
  const existing = (await lab.experiments.list()).find((e) => e.name === name);
  return (existing ?? (await lab.experiments.create(name))).id;
}

const memberMetrics = (m: SweepMember) => ({ ...m.finalMetrics.val, train: m.finalMetrics.train, val: m.finalMetrics.val });

/** Spearman's ρ between the report's ranking and ours, over the members that reproduce a figure; null without any. */
function referenceAgreement(members: readonly SweepMember[]): GridAgreement | null {
  return members.some((m) => m.reference) ? gridAgreement(members.map((m) => m.referenceComparison)) : null;
}

function agreementLine(agreement: GridAgreement): string {
  return agreement.spearman === null
    ? `ranking vs the report: needs 2 runs with a value (${agreement.members} so far)`
    : `ranking vs the report: Spearman ρ ${agreement.spearman.toFixed(3)} over ${agreement.members} runs`;
}

function resultsTable(detail: SweepDetail, members: SweepMember[]): string {
  const fields = detail.fields;
  const labels = fields.map((path) => path.split('.').at(-1)!);
  const valMetrics = [...new Set(['loss', ...members.flatMap((m) => Object.keys(m.finalMetrics.val))])];
  const best = members.find((m) => m.finalMetrics.val.loss !== undefined && Number.isFinite(m.finalMetrics.val.loss));
  const reproduced = members.some((m) => m.reference);
  const report = (m: SweepMember): string[] => {
    if (!reproduced) return [];
    const c = m.referenceComparison;
    return [m.reference ? formatFigure(m.reference.value) : '', c ? `${formatDeviation(c.deviation)}${c.atReferenceEpoch ? '' : ` @${c.epoch}`}` : ''];
  };
  return table(
    ['', 'run', ...labels, 'status', 'epochs', ...valMetrics.map((n) => `val ${n}`), 'train loss', 'time', ...(reproduced ? ['report', 'vs report'] : [])],
    members.map((m) => [
      m === best ? '*' : '',
      m.id,
      ...fields.map((path) => formatSweepValue(m.overrides[path])),
      m.status,
      `${m.epochsDone}/${m.epochsPlanned}`,
      ...valMetrics.map((n) => formatNumber((m.finalMetrics.val as Record<string, number>)[n])),
      formatNumber(m.finalMetrics.train.loss),
      m.startedAt && m.endedAt ? formatDuration(Date.parse(m.endedAt) - Date.parse(m.startedAt)) : '',
      ...report(m),
    ]),
  );
}

export async function sweep(lab: Lab, args: SweepArgs): Promise<number> {
  const { spec: input, presetId } = loadSpec(args);
  const spec = withOverrides(input, args);
  const started = Date.now();
  const experiment = await experimentId(lab, args.experiment);
  // The first members start while sweeps.start is still answering: the follower holds their events
  // until the member ids are known, then replays them in order.
  const follower = sweepFollower(lab, args.json);
  let queued: SweepDetail;
  try {
    queued = await lab.sweeps.start(experiment, spec, presetId);
  } catch (error) {
    follower.stop();
    throw error;
  }
  if (args.json) {
    out({
      event: 'sweepQueued',
      sweepId: queued.id,
      name: queued.name,
      fields: queued.fields,
      members: queued.members.map((m) => ({ runId: m.id, name: m.name, overrides: m.overrides, dataset: m.datasetId, epochs: m.epochsPlanned })),
    });
  } else {
    say(`sweep ${queued.id} "${queued.name}" queued: ${queued.members.length} runs over ${queued.fields.join(', ')}`);
  }
  return followSweep(lab, queued, follower, { json: args.json, started });
}

const say = (text: string): void => void process.stdout.write(`${text}\n`);

/** `latent-lab resume --sweep ID`: resume the sweep's interrupted and cancelled members and follow it to its end, as `sweep` does. */
export async function resumeSweep(lab: Lab, sweepId: number, json: boolean): Promise<number> {
  const started = Date.now();
  const before = await lab.sweeps.get(sweepId);
  const follower = sweepFollower(lab, json);
  let resumed: SweepDetail;
  try {
    resumed = await lab.sweeps.resume(sweepId);
  } catch (error) {
    follower.stop();
    throw error;
  }
  const members = resumed.members.filter((m) => m.status === 'queued' || m.status === 'running');
  const from = new Map(before.members.map((m) => [m.id, m]));
  if (json) {
    out({
      event: 'sweepResumed',
      sweepId,
      name: resumed.name,
      members: members.map((m) => ({ runId: m.id, name: m.name, fromEpoch: m.epochsDone, epochs: m.epochsPlanned, was: from.get(m.id)?.status ?? null })),
    });
  } else {
    say(`sweep ${sweepId} "${resumed.name}": ${members.length} member(s) resumed (${members.map((m) => `run ${m.id} from epoch ${m.epochsDone}`).join(', ')})`);
  }
  return followSweep(lab, resumed, follower, { json, started });
}

interface SweepFollower {
  /** Names the members to follow and replays the events that came before. */
  attach(detail: SweepDetail): void;
  stop(): void;
}

/** Prints each member's status changes and epochs (subscribed before the members start). */
function sweepFollower(lab: Lab, json: boolean): SweepFollower {
  const early: (() => void)[] = [];
  let sweep: SweepDetail | null = null;
  const whenReady = (handle: () => void): void => void (sweep ? handle() : early.push(handle));
  let position = new Map<number, number>();
  let names = new Map<number, string>();
  const tag = (runId: number): string => `[${position.get(runId)}/${sweep!.members.length}] run ${runId}`;
  function onStatus(e: LabEvents['runStatus']): void {
    if (!position.has(e.runId) || e.status === 'queued') return;
    const sweepId = sweep!.id;
    if (e.status === 'running') {
      if (json) out({ event: 'running', runId: e.runId, sweepId });
      else say(`${tag(e.runId)} running  ${names.get(e.runId)}`);
      return;
    }
    void lab.runs.get(e.runId).then((run) => {
      const metrics = { ...run.finalMetrics.val, train: run.finalMetrics.train, val: run.finalMetrics.val };
      if (json) {
        out({ event: e.status, runId: run.id, sweepId, epochs: run.epochsDone, durationMs: run.durationMs, backend: run.backend, error: run.error, metrics, ...referenceFields(run) });
      } else {
        const time = run.durationMs === null ? '' : ` in ${formatDuration(run.durationMs)}`;
        say(`${tag(run.id)} ${e.status} after ${run.epochsDone} epochs${time}  val ${formatMetrics(run.finalMetrics.val)}${run.error ? `  (${run.error})` : ''}`);
      }
    });
  }
  function onEpoch(e: LabEvents['runEpoch']): void {
    if (!position.has(e.runId)) return;
    const byName = Object.fromEntries(e.metrics.map((m) => [m.split, m.values])) as { train?: MetricValues; val?: MetricValues };
    if (json) out({ event: 'epoch', runId: e.runId, sweepId: sweep!.id, epoch: e.epoch, epochs: e.epochsPlanned, elapsedMs: e.elapsedMs, ...byName });
    else say(`${tag(e.runId)} epoch ${e.epoch}/${e.epochsPlanned}  train ${formatMetrics(byName.train ?? {})}${byName.val ? `  val ${formatMetrics(byName.val)}` : ''}`);
  }
  const unsubscribers = [lab.on('runStatus', (e) => whenReady(() => onStatus(e))), lab.on('runEpoch', (e) => whenReady(() => onEpoch(e)))];
  return {
    attach(detail) {
      position = new Map(detail.members.map((m, i) => [m.id, i + 1]));
      names = new Map(detail.members.map((m) => [m.id, m.name]));
      sweep = detail;
      early.splice(0).forEach((handle) => handle());
    },
    stop: () => unsubscribers.forEach((u) => u()),
  };
}

/** Follows a queued (or resumed) sweep to its end and prints its results; returns the exit code. */
async function followSweep(lab: Lab, queued: SweepDetail, follower: SweepFollower, options: { json: boolean; started: number }): Promise<number> {
  const total = queued.members.length;
  follower.attach(queued);
  const onSigint = (): void => void lab.sweeps.cancel(queued.id);
  process.on('SIGINT', onSigint);
  const status = (await lab.waitForSweep(queued.id)) as SweepStatus;
  process.off('SIGINT', onSigint);
  // Let the terminal lines of the last members (fetched asynchronously) come out first.
  await new Promise((resolve) => setTimeout(resolve, 50));
  follower.stop();

  const detail = await lab.sweeps.get(queued.id);
  const members = sortedMembers(detail.members, { metric: 'loss', split: 'val' });
  const durationMs = Date.now() - options.started;
  const peak = peakConcurrency(detail.members);
  const agreement = referenceAgreement(detail.members);
  if (options.json) {
    out({
      event: 'sweepCompleted',
      sweepId: detail.id,
      status,
      durationMs,
      peakConcurrency: peak,
      statusCounts: detail.statusCounts,
      failedMembers: failedMembers(detail.statusCounts),
      ...(agreement ? { referenceSpearman: agreement.spearman, referenceMembers: agreement.members } : {}),
      members: members.map((m) => ({
        runId: m.id,
        name: m.name,
        status: m.status,
        overrides: m.overrides,
        epochs: m.epochsDone,
        metrics: memberMetrics(m),
        ...referenceFields(m),
      })),
    });
  } else {
    say(`\nsweep ${detail.id} ${status}: ${total} runs in ${formatDuration(durationMs)}, at most ${peak} training at once; sorted by val loss, * = best\n`);
    say(resultsTable(detail, members));
    if (agreement) say(agreementLine(agreement));
  }
  return sweepExitCode(status);
}

/** `latent-lab sweeps`: every sweep with its status and best validation loss. */
export async function listSweeps(lab: Lab, json: boolean): Promise<number> {
  const sweeps = await lab.sweeps.list();
  if (json) {
    sweeps.forEach((s) => out(s));
    return 0;
  }
  if (sweeps.length === 0) {
    process.stdout.write('no sweeps yet: try  latent-lab sweep --preset mnist-dense-grid --epochs 1\n');
    return 0;
  }
  const rows = await Promise.all(
    sweeps.map(async (s) => {
      const detail = await lab.sweeps.get(s.id);
      const best = sortedMembers(detail.members, { metric: 'loss', split: 'val' })[0];
      const bestLoss = best ? getPath(best.finalMetrics.val, 'loss') : undefined;
      const counts = Object.entries(s.statusCounts).map(([k, n]) => `${n} ${k}`).join(', ');
      return [s.id, s.name, s.status, `${s.memberCount} (${counts})`, detail.fields.join(', '), typeof bestLoss === 'number' ? `${formatNumber(bestLoss)} (run ${best!.id})` : ''];
    }),
  );
  process.stdout.write(`${table(['id', 'name', 'status', 'runs', 'swept', 'best val loss'], rows)}\n`);
  return 0;
}
