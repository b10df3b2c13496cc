/**
 * `latent-lab train`: queue one run and follow it to its end, with a progress bar on a TTY or one
 * JSON object per line with --json. The last JSON line is always the terminal event.
 */
import fs from 'node:fs';
import type { RunStatus } from '../../shared/api.js';
import { parseRunConfig, type RunConfigInput } from '../../shared/config.js';
import { findPreset } from '../../shared/presets.js';
import type { Lab } from '../services/lab.js';
import { EXIT_CODES, followRun } from './follow-run.js';
import { UsageError } from './usage.js';

export { EXIT_CODES };

export interface TrainArgs {
  preset?: string;
  config?: string;
  epochs?: number;
  /** Overrides training.seed (weights, batch order and noise streams). */
  seed?: number;
  experiment: string;
  json: boolean;
}

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
  if (args.seed !== undefined) config.training.seed = args.seed;
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

  return followRun(lab, run.id, { json: args.json, epochsPlanned: config.training.epochs, started, firstEpoch: 0, unsubscribe: [unsubscribeStatus] });
}
