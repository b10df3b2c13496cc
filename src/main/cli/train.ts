/**
 * `latent-lab train`: queue one run and follow it to its end, with a progress bar on a TTY or one
 * JSON object per line with --json. The last JSON line is always the terminal event.
 */
import fs from 'node:fs';
import type { RunStatus, SweepStatus } from '../../shared/api.js';
import { parseRunConfig, type MetricValues, type RunConfigInput } from '../../shared/config.js';
import { findPreset } from '../../shared/presets.js';
import type { Lab } from '../services/lab.js';
import { anomalyLine, formatAnomalyLine } from './anomaly.js';
import { formatDuration, formatMetrics, progressBar } from './format.js';
import { referenceFields, referenceLine } from './reference-output.js';
import { EXIT, UsageError } from './usage.js';
import { formatLatentAndDenoising, latentAndDenoisingSummary } from './latent-and-denoising-output.js';

export interface TrainArgs {
  preset?: string;
  config?: string;
  epochs?: number;
  experiment: string;
  json: boolean;
}

/** Exit codes of `train`, by terminal status. */
export const EXIT_CODES: Record<RunStatus, number> = {
  completed: EXIT.ok,
  failed: EXIT.failed,
  diverged: EXIT.diverged,
  cancelled: EXIT.cancelled,
  interrupted: EXIT.interrupted,
  queued: EXIT.failed,
  running: EXIT.failed,
};

/** A sweep's exit code: as a run's, and 1 (failed) when only some members completed. */
export const sweepExitCode = (status: SweepStatus): number => (status === 'partial' ? EXIT.failed : EXIT_CODES[status]);

function loadConfig(args: TrainArgs): { config: RunConfigInput; presetId?: string } {
  if (args.preset && args.config) throw new UsageError('give either --preset or --config, not both');
  if (args.preset) {
    const preset = findPreset(args.preset);
    if (!preset) throw new UsageError(`unknown preset "${args.preset}" (see: latent-lab presets)`);
    return { config: structuredClone(preset.config), presetId: preset.id };
  }
  if (args.config) {
    let text: string;
    try {
      text = fs.readFileSync(args.config, 'utf8');
    } catch (error) {
      throw new UsageError(`${args.config}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    try {
      return { config: JSON.parse(text) as RunConfigInput };
    } catch (error) {
      throw new UsageError(`${args.config}: not valid JSON (${(error as Error).message})`);
    }
  }
  throw new UsageError('train needs --preset ID or --config FILE');
}

async function experimentId(lab: Lab, name: string): Promise<number> {
  const existing = (await lab.experiments.list()).find((e) => e.name === name);
  return (existing ?? (await lab.experiments.create(name))).id;
}

export async function train(lab: Lab, args: TrainArgs): Promise<number> {
  const { config: input, presetId } = loadConfig(args);
  const config = parseRunConfig(input);
  if (args.epochs !== undefined) config.training.epochs = args.epochs;
  const out = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
  const tty = !args.json && process.stdout.isTTY === true;

  // The run may start (and say so) while runs.start is still answering: hold its status events
  // until the run id is known and `queued` is out, then replay them in order.
  let runId: number | null = null;
  const early: { runId: number; status: RunStatus }[] = [];
  const onStatus = (e: { runId: number; status: RunStatus }): void => {
    if (runId === null) early.push(e);
    else if (e.runId === runId && e.status === 'running') {
      if (args.json) out({ event: 'running', runId });
      else if (!tty) process.stdout.write(`run ${runId} running\n`);
    }
  };
  const unsubscribeStatus = lab.on('runStatus', onStatus);
  let run;
  try {
    run = await lab.runs.start(await experimentId(lab, args.experiment), config, presetId);
  } catch (error) {
    unsubscribeStatus();
    throw error;
  }
  const started = Date.now();
  if (args.json) out({ event: 'queued', runId: run.id, name: run.name, dataset: run.datasetId, epochs: run.epochsPlanned });
  else process.stdout.write(`run ${run.id} "${run.name}" queued (${run.datasetId}, ${run.epochsPlanned} epochs)\n`);
  runId = run.id;
  early.splice(0).forEach(onStatus);

  const unsubscribers = [
    unsubscribeStatus,
    lab.on('runEpoch', (e) => {
      if (e.runId !== run.id) return;
      const byName = Object.fromEntries(e.metrics.map((m) => [m.split, m.values])) as { train?: MetricValues; val?: MetricValues };
      if (args.json) {
        out({ event: 'epoch', runId: run.id, epoch: e.epoch, epochs: e.epochsPlanned, elapsedMs: e.elapsedMs, ...byName });
      } else if (!tty) {
        const val = byName.val ? `  val ${formatMetrics(byName.val)}` : '';
        process.stdout.write(`epoch ${e.epoch}/${e.epochsPlanned}  train ${formatMetrics(byName.train ?? {})}${val}\n`);
      }
    }),
    lab.on('runProgress', (e) => {
      if (e.runId !== run.id || !tty) return;
      const done = e.epoch - 1 + e.batch / e.batchesPerEpoch;
      const fraction = done / config.training.epochs;
      const elapsed = Date.now() - started;
      const eta = fraction > 0 ? formatDuration((elapsed / fraction) * (1 - fraction)) : '?';
      process.stdout.write(
        `\r${progressBar(fraction)} epoch ${e.epoch}/${config.training.epochs} batch ${e.batch}/${e.batchesPerEpoch} loss ${e.loss.toPrecision(4)} ETA ${eta}   `,
      );
    }),
  ];

  const onSigint = (): void => void lab.runs.cancel(run.id);
  process.once('SIGINT', onSigint);
  const status = await lab.waitForRun(run.id);
  process.off('SIGINT', onSigint);
  unsubscribers.forEach((u) => u());

  const detail = await lab.runs.get(run.id);
  const durationMs = detail.durationMs ?? Date.now() - started;
  const { train: trainMetrics, val } = detail.finalMetrics;
  const anomaly = await anomalyLine(lab, run.id);
  const extra = await latentAndDenoisingSummary(lab, run.id);
  if (args.json) {
    // Headline (validation) values at the top level, plus both splits.
    out({
      event: status,
      runId: run.id,
      epochs: detail.epochsDone,
      durationMs,
      backend: detail.backend,
      error: detail.error,
      metrics: { ...val, train: trainMetrics, val },
      ...(anomaly ? { anomaly } : {}),
      ...referenceFields(detail),
      ...extra,
    });
  } else {
    if (tty) process.stdout.write('\n');
    const reference = referenceLine(detail);
    process.stdout.write(
      `run ${run.id} ${status} after ${detail.epochsDone} epochs in ${formatDuration(durationMs)}` +
        `${detail.backend ? ` on ${detail.backend}` : ''}\n` +
        `  train ${formatMetrics(trainMetrics)}\n  val   ${formatMetrics(val)}\n` +
        (reference ? `  ${reference}\n` : '') +
        (anomaly ? `  ${formatAnomalyLine(anomaly)}\n` : '') +
        (detail.error ? `  ${detail.error}\n` : '') +
        formatLatentAndDenoising(extra)
          .map((line) => `${line}\n`)
          .join(''),
    );
  }
  return EXIT_CODES[status as RunStatus] ?? 1;
}
