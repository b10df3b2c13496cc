/**
 * `npm run bench -- --e2e`: what a user waits for. Each case runs the full user path,
 * `latent-lab train --preset P --json` (node bin/latent-lab.js) in a fresh LATENT_LAB_HOME, timed
 * from CLI start to its exit after the terminal event (dataset loading, backend selection,
 * validation, checkpoints, galleries and SQLite included), beside the same experiment written as a
 * plain PyTorch script (bench/torch/e2e.py: same epochs, validation and checkpoint schedule, data
 * and batch size), timed from interpreter start to exit, in its fastest thread configuration.
 * See bench/README.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { planArchitecture } from '../src/main/engine/architecture.js';
import { planGan } from '../src/main/engine/kinds/gan/plan.js';
import { prepareSplits } from '../src/main/datasets/split.js';
import { DatasetRegistry } from '../src/main/datasets/registry.js';
import { parseRunConfig, type RunConfig } from '../src/shared/config.js';
import { findPreset } from '../src/shared/presets.js';
import { probeTorch, TORCH_INSTALL_HINT, TORCH_PYTHON, torchConfigs, type TorchConfig } from './children.js';
import { REPO_ROOT, syntheticImages } from './data.js';

/** One end-to-end case: a preset, the epochs it runs by default (a full preset run takes too long). */
export interface E2eCase {
  case: string;
  preset: string;
  epochs: number;
}

export const E2E_CASES: readonly E2eCase[] = [
  { case: 'dense AE 784-128-784 b128', preset: 'mnist-dense-128-relu', epochs: 10 },
  { case: 'dense AE 784-128-32+BN BCE b1024', preset: 'mnist-dense-bn-bce', epochs: 10 },
  { case: 'Fashion VAE latent 64 b128', preset: 'fashion-mnist-vae-latent64', epochs: 5 },
  { case: 'Fashion dense GAN b256', preset: 'fashion-mnist-gan-normal', epochs: 5 },
  { case: 'MNIST DCGAN b128', preset: 'mnist-dcgan', epochs: 2 },
  { case: 'conv AE 32x32x3 b1024', preset: 'cifar10-conv', epochs: 4 },
  { case: 'Fashion AE latent 2 b32', preset: 'fashion-mnist-latent2', epochs: 3 },
];

/** Synthetic CIFAR-10 stand-in (the real one cannot be downloaded here): 5 x 2000 training, 2000 test images. */
const CIFAR_BATCH = 2000;

export interface E2eOptions {
  json: boolean;
  epochs: number | null;
  only: string | null;
  torch: boolean;
  torchThreads: number;
  torchConfig: string;
}

/** One `--e2e --json` line. */
export interface E2eRow {
  case: string;
  preset: string;
  epochs: number;
  /** Wall seconds from `node bin/latent-lab.js train` start to its exit. */
  oursWallS: number | null;
  /** Wall seconds of the PyTorch script, interpreter start to exit. */
  torchWallS: number | null;
  /** torchWallS / oursWallS: above 1, we finish the experiment first. */
  ratio: number | null;
  /** The run's final validation `loss` (generator loss for GANs, per-sample loss for VAEs). */
  oursMetric: number | null;
  torchMetric: number | null;
  torchConfig: string | null;
  /** Peak RSS of the CLI process (VmHWM, sampled while it runs). */
  peakRssMb: number | null;
  torchPeakRssMb: number | null;
  /** The backend description the run recorded, e.g. `wasm+blas (OpenBLAS 0.3.21, 2 threads)`. */
  backend: string | null;
  dataset: string;
  note: string | null;
}

const log = (message: string): void => void process.stderr.write(`${message}\n`);

/** Peak RSS so far of a running process (Linux), else null. */
function vmHwmMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Runs a process to its end: wall seconds, stdout, the tail of stderr and its peak RSS. */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; seconds: number; stdout: string; stderr: string; peakRssMb: number | null }> {
  return new Promise((resolve) => {
    const began = performance.now();
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak: number | null = null;
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => void (stderr = (stderr + c.toString('utf8')).slice(-8000)));
    const sample = (): void => {
      const v = child.pid === undefined ? null : vmHwmMb(child.pid);
      if (v !== null) peak = Math.max(peak ?? 0, v);
    };
    const poll = setInterval(sample, 200);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code, seconds: (performance.now() - began) / 1000, stdout, stderr, peakRssMb: peak });
    });
    child.on('error', (err) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ code: null, seconds: (performance.now() - began) / 1000, stdout, stderr: err.message, peakRssMb: peak });
    });
  });
}

/** CIFAR-10 binary batches of synthetic images, so the conv AE preset finds "cifar10" in a fresh home. */
async function writeSyntheticCifar(home: string): Promise<void> {
  const dir = join(home, 'datasets', 'cifar10');
  await mkdir(dir, { recursive: true });
  const names = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];
  for (const [i, name] of names.entries()) {
    const images = syntheticImages(CIFAR_BATCH, 32, 1000 + i);
    const bytes = Buffer.alloc(CIFAR_BATCH * 3073);
    for (let n = 0; n < CIFAR_BATCH; n++) {
      const record = n * 3073;
      bytes[record] = n % 10;
      for (let p = 0; p < 1024; p++) {
        for (let c = 0; c < 3; c++) bytes[record + 1 + c * 1024 + p] = Math.round(images[(n * 1024 + p) * 3 + c]! * 255);
      }
    }
    await writeFile(join(dir, name), bytes);
  }
}

/** The run config the CLI will use for the case (its preset, epochs overridden). */
function caseConfig(c: E2eCase, epochs: number): RunConfig {
  const preset = findPreset(c.preset);
  if (!preset) throw new Error(`bench/e2e.ts: unknown preset "${c.preset}"`);
  const config = parseRunConfig(structuredClone(preset.config));
  config.training.epochs = epochs;
  return config;
}

/**
 * The exact training and validation samples the run uses, through the app's own dataset loader
 * and split, written as raw float32 for PyTorch (not timed: the script's load is a file read).
 */
async function writeTorchData(config: RunConfig, home: string, dir: string): Promise<{ sampleShape: number[]; trainFile: string; valFile: string; trainCount: number; valCount: number }> {
  const registry = new DatasetRegistry({ dataDir: home, resourcesDir: join(REPO_ROOT, 'resources') });
  const dataset = await registry.load(config.dataset.id);
  const { train, val } = prepareSplits(dataset, config.dataset, config.training.seed);
  const trainFile = join(dir, 'train.f32');
  const valFile = join(dir, 'val.f32');
  await writeFile(trainFile, Buffer.from(train.x.buffer, train.x.byteOffset, train.x.byteLength));
  await writeFile(valFile, Buffer.from(val.x.buffer, val.x.byteOffset, val.x.byteLength));
  return { sampleShape: dataset.sampleShape, trainFile, valFile, trainCount: train.n, valCount: val.n };
}

/** The e2e.py spec of a case: the engine's own layer plan, training settings and schedules. */
function torchSpec(config: RunConfig, data: Awaited<ReturnType<typeof writeTorchData>>, dir: string): Record<string, unknown> {
  const training = {
    epochs: config.training.epochs,
    batchSize: config.training.batchSize,
    loss: config.training.loss,
    seed: config.training.seed,
    optimizer: config.training.optimizer,
    adamEpsilon: 1e-7,
    shuffle: config.training.shuffle,
    validationEvery: config.training.validationEvery,
    checkpointEvery: config.training.checkpointEvery,
  };
  const base = { sampleShape: data.sampleShape, training, data, checkpointDir: join(dir, 'checkpoints'), resultFile: join(dir, 'torch-result.json') };
  if (config.model.kind === 'gan') {
    const plan = planGan(config.model, data.sampleShape);
    return {
      ...base,
      gan: {
        architecture: config.model.architecture,
        latent: config.model.latent,
        prior: config.model.prior,
        discriminatorLearningRate: config.model.discriminatorLearningRate ?? null,
        generator: plan.generator,
        discriminator: plan.discriminator,
      },
    };
  }
  const plan = planArchitecture(config.model, data.sampleShape);
  return {
    ...base,
    layers: [...plan.encoder, ...plan.decoder],
    vae:
      config.model.kind === 'vae' && plan.logVarHead
        ? { logVarHead: plan.logVarHead, decoderStart: plan.encoder.length, beta: config.model.beta }
        : undefined,
  };
}

function torchEnv(config: TorchConfig): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(config.env)) {
    if (v === null) delete env[k];
    else env[k] = v;
  }
  return env;
}

const E2E_SCRIPT = join(REPO_ROOT, 'bench', 'torch', 'e2e.py');

async function runTorchScript(
  spec: Record<string, unknown>,
  dir: string,
  config: TorchConfig,
  calibrateSeconds?: number,
): Promise<{ result: Record<string, unknown>; seconds: number }> {
  const full = { ...spec, threads: config.threads, torchConfig: config.name, ...(calibrateSeconds ? { calibrateSeconds } : {}) };
  const specFile = join(dir, 'torch-spec.json');
  const resultFile = spec.resultFile as string;
  await writeFile(specFile, JSON.stringify(full));
  await writeFile(resultFile, '');
  const run = await timed(TORCH_PYTHON, [E2E_SCRIPT, specFile], torchEnv(config), 60 * 60_000);
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, unknown>;
  } catch {
    result = { ok: false, error: `exited with ${run.code}: ${run.stderr.trim().split('\n').slice(-2).join(' | ')}` };
  }
  return { result, seconds: run.seconds };
}

/** The thread configuration PyTorch runs the case in: forced, or the fastest of a short calibration. */
async function chooseTorchConfig(options: E2eOptions, spec: Record<string, unknown>, dir: string): Promise<{ config: TorchConfig; note: string }> {
  const configs = torchConfigs(options.torchThreads);
  if (options.torchConfig !== 'auto') {
    return { config: configs.find((c) => c.name === options.torchConfig)!, note: `torch ${options.torchConfig} (--torch-config)` };
  }
  const measured: { config: TorchConfig; rate: number | null }[] = [];
  for (const config of configs) {
    const { result } = await runTorchScript(spec, dir, config, 2);
    measured.push({ config, rate: result.ok ? (result.samplesPerSec as number) : null });
  }
  const best = measured.reduce((a, m) => ((m.rate ?? -1) > (a.rate ?? -1) ? m : a));
  const listed = measured.map((m) => `${m.config.name} ${m.rate === null ? 'failed' : Math.round(m.rate).toLocaleString('en-US')}`).join(', ');
  return { config: best.config, note: `torch ${best.config.name}, fastest in calibration (${listed} samples/s)` };
}

/** The last JSON line of `train --json`: the terminal event. */
function terminalEvent(stdout: string): Record<string, unknown> | null {
  const lines = stdout.trim().split('\n').filter((l) => l.startsWith('{'));
  try {
    return lines.length > 0 ? (JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function measureCase(c: E2eCase, options: E2eOptions): Promise<E2eRow> {
  const epochs = options.epochs ?? c.epochs;
  const config = caseConfig(c, epochs);
  const work = await mkdtemp(join(os.tmpdir(), 'latent-lab-e2e-'));
  const notes: string[] = [];
  const row: E2eRow = {
    case: c.case, preset: c.preset, epochs, oursWallS: null, torchWallS: null, ratio: null, oursMetric: null, torchMetric: null,
    torchConfig: null, peakRssMb: null, torchPeakRssMb: null, backend: null, dataset: config.dataset.id, note: null,
  };
  try {
    // Two fresh homes: ours, and the one the bench reads the data from for PyTorch (so nothing the
    // bench loads warms a cache that ours would then find).
    const home = join(work, 'home');
    const dataHome = join(work, 'data-home');
    await mkdir(home, { recursive: true });
    await mkdir(dataHome, { recursive: true });
    if (config.dataset.id === 'cifar10') {
      await writeSyntheticCifar(home);
      await writeSyntheticCifar(dataHome);
      row.dataset = 'synthetic-cifar10-shaped';
      notes.push(`synthetic 32x32x3 images in CIFAR-10 files (${5 * CIFAR_BATCH} training, ${CIFAR_BATCH} validation): CIFAR-10 cannot be downloaded here`);
    }

    if (options.torch) {
      const data = await writeTorchData(config, dataHome, work);
      const spec = torchSpec(config, data, work);
      const { config: torchConfig, note } = await chooseTorchConfig(options, spec, work);
      notes.push(note);
      log(`  ${c.case}: ${note}`);
      const { result, seconds } = await runTorchScript(spec, work, torchConfig);
      row.torchConfig = torchConfig.name;
      if (result.ok) {
        row.torchWallS = seconds;
        row.torchMetric = result.metric as number;
        row.torchPeakRssMb = result.peakRssMb as number;
      } else notes.push(`torch failed: ${String(result.error)}`);
    }

    const args = [join(REPO_ROOT, 'bin', 'latent-lab.js'), 'train', '--preset', c.preset, '--json', '--epochs', String(epochs)];
    const ours = await timed(process.execPath, args, { ...process.env, LATENT_LAB_HOME: home }, 60 * 60_000);
    const event = terminalEvent(ours.stdout);
    row.peakRssMb = ours.peakRssMb;
    if (event?.event === 'completed') {
      row.oursWallS = ours.seconds;
      row.oursMetric = ((event.metrics as Record<string, unknown> | undefined)?.loss as number | undefined) ?? null;
      const show = await timed(process.execPath, [join(REPO_ROOT, 'bin', 'latent-lab.js'), 'show', String(event.runId), '--json'], { ...process.env, LATENT_LAB_HOME: home }, 120_000);
      try {
        const detail = JSON.parse(show.stdout) as { backendReport?: { description?: string; backend?: string } | null };
        row.backend = detail.backendReport?.description ?? detail.backendReport?.backend ?? null;
      } catch {
        row.backend = (event.backend as string | undefined) ?? null;
      }
    } else {
      notes.push(`ours ended ${String(event?.event ?? `with exit code ${ours.code}`)}: ${String(event?.error ?? ours.stderr.trim().split('\n').pop() ?? '')}`);
    }
    if (row.oursWallS !== null && row.torchWallS !== null) row.ratio = row.torchWallS / row.oursWallS;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  row.note = notes.length > 0 ? notes.join('; ') : null;
  return row;
}

function formatE2eTable(rows: E2eRow[], header: string[]): string {
  const n = (v: number | null, digits: number): string => (v === null ? '-' : v.toFixed(digits));
  const metric = (v: number | null): string => (v === null ? '-' : v.toPrecision(4));
  const titles = ['case', 'preset', 'epochs', 'ours s', 'torch s', 'ratio', 'ours metric', 'torch metric', 'torch cfg', 'RSS MB', 'note'];
  const notes: string[] = [];
  const cells = rows.map((r) => {
    let ref = '';
    if (r.note) {
      if (!notes.includes(r.note)) notes.push(r.note);
      ref = `[${notes.indexOf(r.note) + 1}]`;
    }
    return [r.case, r.preset, String(r.epochs), n(r.oursWallS, 1), n(r.torchWallS, 1), r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
      metric(r.oursMetric), metric(r.torchMetric), r.torchConfig ?? '-', n(r.peakRssMb, 0), ref];
  });
  const widths = titles.map((t, i) => Math.max(t.length, ...cells.map((c) => c[i]!.length)));
  const left = new Set([0, 1, 8, 10]);
  const line = (c: string[]): string => c.map((v, i) => (left.has(i) ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  return [...header, '', line(titles), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), '', ...notes.map((t, i) => `[${i + 1}] ${t}`)].join('\n');
}

/** Runs the end-to-end cases; resolves to the exit code. */
export async function runE2e(options: E2eOptions): Promise<number> {
  const cases = E2E_CASES.filter((c) => !options.only || c.case.toLowerCase().includes(options.only) || c.preset.includes(options.only));
  if (options.torch) {
    const probe = probeTorch();
    if (!probe.version) {
      log(`PyTorch reference unavailable: ${probe.reason}; install it with: ${TORCH_INSTALL_HINT}. Continuing with our numbers only.`);
      options.torch = false;
    }
  }
  // Time the command as a user runs it after `npm run build`: from the esbuild bundle, not through tsx.
  const bundle = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-cli.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
  const launcher = bundle.status === 0
    ? 'bin/latent-lab.js runs the CLI bundle (out/cli), rebuilt by scripts/build-cli.mjs before the first case'
    : `the CLI bundle did not build (${(bundle.stderr || `exit ${bundle.status}`).trim().split('\n')[0]}): bin/latent-lab.js runs the sources through tsx`;
  log(launcher);
  const header = [
    `Latent Lab end-to-end bench — ${new Date().toISOString()}`,
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    'ours: node bin/latent-lab.js train --preset P --json --epochs N in a fresh LATENT_LAB_HOME, start to exit; torch: bench/torch/e2e.py, interpreter start to exit',
    launcher,
    'ratio: torch seconds / ours seconds (above 1: we finish first); metric: final validation loss (GANs: generator loss)',
  ];
  const rows: E2eRow[] = [];
  for (const c of cases) {
    log(`e2e ${c.case} (${c.preset}, ${options.epochs ?? c.epochs} epochs)…`);
    const row = await measureCase(c, options);
    rows.push(row);
    log(`  ours ${row.oursWallS?.toFixed(1) ?? '-'} s (${row.backend ?? '-'}), torch ${row.torchWallS?.toFixed(1) ?? '-'} s${row.note ? ` — ${row.note}` : ''}`);
    if (options.json) process.stdout.write(`${JSON.stringify(row)}\n`);
  }
  header[1] += `, at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  if (!options.json) process.stdout.write(`${formatE2eTable(rows, header)}\n`);
  return rows.every((r) => r.oursWallS !== null) ? 0 : 1;
}
