/**
 * `latent-lab resume RUN [--epochs N] [--json]`: continue an interrupted or cancelled run from its
 * last checkpoint in the same run record and follow it to its end, as `train` does (the same
 * `running`, `epoch` and terminal lines; the first line is `resumed` instead of `queued`).
 * `latent-lab resume --sweep ID` resumes a sweep's interrupted and cancelled members.
 */
import type { RunStatus } from '../../shared/api.js';
import type { Lab } from '../services/lab.js';
import { followRun } from './follow-run.js';
import { resumeSweep } from './sweep.js';
import { UsageError } from './usage.js';

export interface ResumeArgs {
  runId: number | undefined;
  sweepId: number | undefined;
  epochs?: number;
  json: boolean;
}

export async function resumeCommand(lab: Lab, args: ResumeArgs): Promise<number> {
  if (args.sweepId !== undefined) {
    if (args.runId !== undefined) throw new UsageError('give either RUN or --sweep ID, not both');
    if (args.epochs !== undefined) throw new UsageError('--epochs goes with resume RUN, not --sweep');
    return resumeSweep(lab, args.sweepId, args.json);
  }
  if (args.runId === undefined) throw new UsageError('resume needs RUN (a run id, see: latent-lab runs) or --sweep ID');
  const runId = args.runId;
  const out = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
  const tty = !args.json && process.stdout.isTTY === true;
  const started = Date.now();
  // The run starts (and says so) while runs.resume is still answering: its `running` line waits
  // until the `resumed` line is out.
  let announced = false;
  let runningEarly = false;
  const sayRunning = (): void => {
    if (args.json) out({ event: 'running', runId });
    else if (!tty) process.stdout.write(`run ${runId} running\n`);
  };
  const unsubscribeStatus = lab.on('runStatus', (e: { runId: number; status: RunStatus }) => {
    if (e.runId !== runId || e.status !== 'running') return;
    if (announced) sayRunning();
    else runningEarly = true;
  });
  let resumed;
  try {
    resumed = await lab.runs.resume(runId, { epochs: args.epochs });
  } catch (error) {
    unsubscribeStatus();
    throw error;
  }
  const { run, fromEpoch, fromBatch, restarted } = resumed;
  if (args.json) {
    out({ event: 'resumed', runId, name: run.name, dataset: run.datasetId, epochs: run.epochsPlanned, fromEpoch, fromBatch, restarted });
  } else if (restarted) {
    process.stdout.write(`run ${runId} "${run.name}" had no checkpoint to continue from: it starts over (${run.epochsPlanned} epochs)\n`);
  } else {
    const batch = fromBatch > 0 ? ` and ${fromBatch} batches of epoch ${fromEpoch + 1}` : '';
    process.stdout.write(`run ${runId} "${run.name}" resumed after epoch ${fromEpoch}${batch} (${run.epochsPlanned} epochs)\n`);
  }
  announced = true;
  if (runningEarly) sayRunning();
  return followRun(lab, runId, { json: args.json, epochsPlanned: run.epochsPlanned, started, firstEpoch: fromEpoch, unsubscribe: [unsubscribeStatus] });
}
