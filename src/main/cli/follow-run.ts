/**
 * Follows one run to its end for `train` and `resume`: each epoch as a line (or one JSON object per
 * line with --json), a progress bar on a TTY, Ctrl+C cancels; ends with the terminal event line
 * and returns the exit code of the run's status.
 */
import type { RunStatus, SweepStatus } from '../../shared/api.js';
import type { MetricValues } from '../../shared/config.js';
import type { Lab } from '../services/lab.js';
import { anomalyLine, formatAnomalyLine } from './anomaly.js';
import { formatDuration, formatMetrics, progressBar } from './format.js';
import { referenceFields, referenceLine } from './reference-output.js';
import { EXIT } from './usage.js';
import { formatLatentAndDenoising, latentAndDenoisingSummary } from './latent-and-denoising-output.js';

/** Exit codes of `train` and `resume`, by terminal status. */
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

export interface FollowOptions {
  json: boolean;
  epochsPlanned: number;
  /** When the command started (the ETA and the duration fallback). */
  started: number;
  /** Epochs already done before this follow began (a resume): the ETA counts the rest only. */
  firstEpoch: number;
  /** Subscriptions the caller made for this run, ended with the follow's own. */
  unsubscribe: (() => void)[];
}

export async function followRun(lab: Lab, runId: number, options: FollowOptions): Promise<number> {
  const { json, epochsPlanned, started, firstEpoch } = options;
  const out = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
  const tty = !json && process.stdout.isTTY === true;
  const unsubscribers = [
    ...options.unsubscribe,
    lab.on('runEpoch', (e) => {
      if (e.runId !== runId) return;
      const byName = Object.fromEntries(e.metrics.map((m) => [m.split, m.values])) as { train?: MetricValues; val?: MetricValues };
      if (json) {
        out({ event: 'epoch', runId: runId, epoch: e.epoch, epochs: e.epochsPlanned, elapsedMs: e.elapsedMs, ...byName });
      } else if (!tty) {
        const val = byName.val ? `  val ${formatMetrics(byName.val)}` : '';
        process.stdout.write(`epoch ${e.epoch}/${e.epochsPlanned}  train ${formatMetrics(byName.train ?? {})}${val}\n`);
      }
    }),
    lab.on('runProgress', (e) => {
      if (e.runId !== runId || !tty) return;
      const done = e.epoch - 1 + e.batch / e.batchesPerEpoch;
      const fraction = done / epochsPlanned;
      // The ETA from this process's pace: the epochs before a resume took no time here.
      const fractionHere = (done - firstEpoch) / (epochsPlanned - firstEpoch || 1);
      const elapsed = Date.now() - started;
      const eta = fractionHere > 0 ? formatDuration((elapsed / fractionHere) * (1 - fractionHere)) : '?';
      process.stdout.write(
        `\r${progressBar(fraction)} epoch ${e.epoch}/${epochsPlanned} batch ${e.batch}/${e.batchesPerEpoch} loss ${e.loss.toPrecision(4)} ETA ${eta}   `,
      );
    }),
  ];

  const onSigint = (): void => void lab.runs.cancel(runId);
  process.once('SIGINT', onSigint);
  const status = await lab.waitForRun(runId);
  process.off('SIGINT', onSigint);
  unsubscribers.forEach((u) => u());

  const detail = await lab.runs.get(runId);
  const durationMs = detail.durationMs ?? Date.now() - started;
  const { train: trainMetrics, val } = detail.finalMetrics;
  const anomaly = await anomalyLine(lab, runId);
  const extra = await latentAndDenoisingSummary(lab, runId);
  if (json) {
    // Headline (validation) values at the top level, plus both splits.
    out({
      event: status,
      runId: runId,
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
      `run ${runId} ${status} after ${detail.epochsDone} epochs in ${formatDuration(durationMs)}` +
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
