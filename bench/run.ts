/**
 * `npm run bench`: trains each bench case with our engine on every available backend and with the
 * PyTorch reference, on the same data in the same order, one process at a time, and prints the
 * table (or `--json` lines). See bench/README.md.
 */
import os from 'node:os';
import { join } from 'node:path';
import { planArchitecture } from '../src/main/engine/architecture.js';
import { probeBackends } from '../src/main/engine/backend.js';
import { BENCH_CASES, caseConfig, type BenchCase, type BenchDataId, type Workload } from './cases.js';
import {
  calibrateTorch,
  pickTorchConfig,
  probeTorch,
  runEngine,
  runTorch,
  TORCH_INSTALL_HINT,
  TORCH_PYTHON,
  torchConfigs,
  type TorchConfig,
} from './children.js';
import { makeWorkDir, prepareData, removeWorkDir, writeOrder, type PreparedData } from './data.js';
import { runE2e } from './e2e.js';
import { formatJsonLine, formatTable, measuredRow, noteRow, type BenchRow } from './report.js';
import { reproduce, REPRODUCE_USAGE, type ReproduceOptions } from './reproduce.js';
import type { BenchBackend, RunData, RunResult, TorchRunSpec } from './spec.js';
import { runWorker } from './worker.js';

const USAGE = `usage: npm run bench -- [options]

  --quick            a few thousand samples per case (about 2-3 minutes in all)
  --e2e              end-to-end rows instead: \`latent-lab train --preset P\` in a fresh data directory, start
                     to exit, beside the same experiment as a plain PyTorch script (bench/README.md)
  --epochs N         --e2e: epochs of every case (default: each case's own, see bench/e2e.ts)
  --json             one JSON object per model, batch and backend instead of the table
  --stock            add rows for wasm with tfjs' stock kernels (before Latent Lab's kernels)
  --backends LIST    comma-separated backends to run (default: every available one)
  --only TEXT        only cases whose model or preset contains TEXT
  --no-torch         skip the PyTorch reference
  --torch-threads N  threads of PyTorch's multi-threaded configurations (default: the number of cores)
  --torch-config C   run PyTorch in configuration C only: 1-thread, openblas-N or torch-N (default: auto,
                     a short calibration of each per case, then the fastest runs the measured epochs)
  --repeat N         measure each row N times, alternating PyTorch and ours, and report the median run of
                     each side with the range in the note (PyTorch's throughput varies between runs)
  --reproduce        the course report's grid: report figure | its PyTorch code re-run here | Latent Lab
                     (see the usage of --reproduce --help)
  --help             this text`;

/** Options of `--reproduce` (its own small set: --only, --epochs, --json, --no-torch). */
function parseReproduceOptions(argv: string[]): ReproduceOptions | null {
  const options: ReproduceOptions = { only: null, epochs: null, json: false, torch: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--reproduce') continue;
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--json') options.json = true;
    else if (arg === '--no-torch') options.torch = false;
    else if (arg === '--only' || arg === '--epochs') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--only') options.only = value;
      else {
        options.epochs = Number(value);
        if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new UsageError('--epochs needs a positive integer');
      }
    } else throw new UsageError(`unknown option "${arg}" with --reproduce`);
  }
  return options;
}

interface Options {
  quick: boolean;
  json: boolean;
  stock: boolean;
  backends: string[] | null;
  only: string | null;
  torch: boolean;
  torchThreads: number;
  torchConfig: string;
  repeat: number;
  e2e: boolean;
  epochs: number | null;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | null {
  const options: Options = { quick: false, json: false, stock: false, backends: null, only: null, torch: true, torchThreads: os.cpus().length, torchConfig: 'auto', repeat: 1, e2e: false, epochs: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') return null;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--stock') options.stock = true;
    else if (arg === '--e2e') options.e2e = true;
    else if (arg === '--epochs') {
      options.epochs = Number(value());
      if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new UsageError('--epochs needs a positive integer');
    }
    else if (arg === '--no-torch') options.torch = false;
    else if (arg === '--backends') options.backends = value().split(',').map((b) => b.trim()).filter(Boolean);
    else if (arg === '--only') options.only = value().toLowerCase();
    else if (arg === '--torch-threads') {
      options.torchThreads = Number(value());
      if (!Number.isInteger(options.torchThreads) || options.torchThreads < 1) throw new UsageError('--torch-threads needs a positive integer');
    } else if (arg === '--torch-config') {
      options.torchConfig = value();
    } else if (arg === '--repeat') {
      options.repeat = Number(value());
      if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new UsageError('--repeat needs a positive integer');
    } else throw new UsageError(`unknown option "${arg}"`);
  }
  if (options.torchConfig !== 'auto' && !torchConfigs(options.torchThreads).some((c) => c.name === options.torchConfig)) {
    throw new UsageError(
      `--torch-config: expected auto or one of ${torchConfigs(options.torchThreads).map((c) => c.name).join(', ')}`,
    );
  }
  return options;
}

const log = (message: string): void => void process.stderr.write(`${message}\n`);

/** The successful run with the median samples/s (the lower middle one for an even count), else the first failure. */
function medianRun(runs: RunResult[]): RunResult {
  const ok = runs.filter((r) => r.ok).sort((a, b) => (a.ok && b.ok ? a.samplesPerSec - b.samplesPerSec : 0));
  return ok[Math.floor((ok.length - 1) / 2)] ?? runs[0]!;
}

function rangeText(runs: RunResult[]): string {
  const values = runs.flatMap((r) => (r.ok ? [Math.round(r.samplesPerSec)] : []));
  return values.length === 0 ? 'failed' : `${Math.min(...values)}–${Math.max(...values)}`;
}

/** Backends to run, in table order, and a note for each available one left out. */
async function chooseBackends(options: Options): Promise<BenchBackend[]> {
  const probes = await probeBackends();
  const available = probes.filter((p) => p.available).map((p) => p.name as BenchBackend);
  for (const p of probes.filter((p) => !p.available)) log(`backend ${p.name}: not available (${p.reason})`);
  if (options.stock && available.includes('wasm')) available.splice(available.indexOf('wasm'), 0, 'wasm-stock');
  if (!options.backends) return available;
  const unknown = options.backends.filter((b) => !available.includes(b as BenchBackend));
  if (unknown.length > 0) throw new UsageError(`--backends: ${unknown.join(', ')} not available here (available: ${available.join(', ')})`);
  return options.backends as BenchBackend[];
}

function workloadOf(benchCase: BenchCase, backend: BenchBackend, quick: boolean): Workload | null {
  if (backend === 'cpu') return benchCase.cpu && (quick ? benchCase.cpu.quick : benchCase.cpu.full);
  return quick ? benchCase.quick : benchCase.full;
}

/** One run of the reference, the configuration it ran in and how that was chosen. */
interface TorchRun {
  result: RunResult;
  config: string;
  note: string;
}

/** Everything one bench invocation needs while it runs the cases. */
class BenchSession {
  private readonly torchResults = new Map<string, Promise<TorchRun | null>>();
  private readonly torchChoices = new Map<string, Promise<{ config: TorchConfig; note: string }>>();
  private runs = 0;

  constructor(
    private readonly dir: string,
    private readonly options: Options,
    private readonly data: Map<BenchDataId, PreparedData>,
  ) {}

  private runData(benchCase: BenchCase, workload: Workload): RunData {
    const d = this.data.get(benchCase.data)!;
    return {
      sampleShape: d.sampleShape,
      binary: d.binary,
      trainFile: d.trainFile,
      valFile: d.valFile,
      trainCount: Math.min(workload.train, d.trainCount),
      valCount: Math.min(workload.val, d.valCount),
    };
  }

  private timeoutMs(): number {
    return (this.options.quick ? 5 : 20) * 60_000;
  }

  /** The PyTorch reference of a case at a workload; run once and shared by the backends that use it. */
  private torch(benchCase: BenchCase, workload: Workload): Promise<TorchRun | null> {
    if (!this.options.torch) return Promise.resolve(null);
    const key = `${BENCH_CASES.indexOf(benchCase)}:${workload.train}x${workload.val}x${workload.epochs}`;
    let result = this.torchResults.get(key);
    if (!result) {
      result = this.startTorch(benchCase, workload, `torch-${this.runs++}`);
      this.torchResults.set(key, result);
    }
    return result;
  }

  private async torchSpec(benchCase: BenchCase, workload: Workload, name: string): Promise<TorchRunSpec> {
    const config = caseConfig(benchCase, workload);
    const data = this.runData(benchCase, workload);
    const plan = planArchitecture(config.model, data.sampleShape);
    const orderFile = join(this.dir, `${name}.order.i32`);
    await writeOrder(orderFile, data.trainCount, workload.epochs, config.training.seed, config.training.shuffle);
    return {
      layers: [...plan.encoder, ...plan.decoder],
      vae:
        config.model.kind === 'vae' && plan.logVarHead
          ? { logVarHead: plan.logVarHead, decoderStart: plan.encoder.length, beta: config.model.beta }
          : undefined,
      sampleShape: data.sampleShape,
      training: {
        epochs: workload.epochs,
        batchSize: config.training.batchSize,
        loss: config.training.loss,
        seed: config.training.seed,
        optimizer: config.training.optimizer,
        adamEpsilon: config.training.optimizer.epsilon ?? 1e-7,
        init: config.model.init,
      },
      data,
      orderFile,
      threads: 1,
      resultFile: join(this.dir, `${name}.result.json`),
    };
  }

  /**
   * The thread configuration PyTorch runs a case in: the one forced with --torch-config, or the
   * fastest of a short calibration of each (once per case and batch size).
   */
  private torchConfig(benchCase: BenchCase, spec: TorchRunSpec, name: string): Promise<{ config: TorchConfig; note: string }> {
    const configs = torchConfigs(this.options.torchThreads);
    if (this.options.torchConfig !== 'auto') {
      const config = configs.find((c) => c.name === this.options.torchConfig)!;
      return Promise.resolve({ config, note: `torch ${config.name} (--torch-config)` });
    }
    const key = String(BENCH_CASES.indexOf(benchCase));
    let choice = this.torchChoices.get(key);
    if (!choice) {
      const seconds = this.options.quick ? 1.5 : 3;
      choice = calibrateTorch(spec, join(this.dir, `${name}.calibrate.json`), configs, seconds).then(pickTorchConfig);
      this.torchChoices.set(key, choice);
    }
    return choice;
  }

  private async startTorch(benchCase: BenchCase, workload: Workload, name: string): Promise<TorchRun> {
    const spec = await this.torchSpec(benchCase, workload, name);
    const { config, note } = await this.torchConfig(benchCase, spec, name);
    log(`  ${benchCase.model} b${benchCase.batchSize}: ${note}`);
    const result = await runTorch(spec, join(this.dir, `${name}.spec.json`), this.timeoutMs(), config);
    return { result, config: config.name, note };
  }

  /** Measures one case on one backend (and its torch reference). */
  async measure(benchCase: BenchCase, backend: BenchBackend): Promise<BenchRow> {
    const workload = workloadOf(benchCase, backend, this.options.quick);
    const prepared = this.data.get(benchCase.data);
    const synthetic = prepared?.source.startsWith('SYNTHETIC') ?? false;
    const base = { model: benchCase.model, preset: benchCase.presetId, batch: benchCase.batchSize, backend, dataset: synthetic ? 'synthetic-32x32x3' : benchCase.data };
    // No workload means no prepared data either when this is the case's only backend.
    if (!workload || !prepared) {
      return noteRow(benchCase.model, `skipped on ${backend}: too slow for the bench (JavaScript kernels)`, { ...base });
    }
    const notes: string[] = [];
    if (backend === 'cpu') notes.push(`cpu runs a reduced workload (${workload.train} samples x ${workload.epochs} epochs), torch the same`);
    if (synthetic) notes.push('synthetic images of CIFAR-10 size, not CIFAR-10');
    const data = this.runData(benchCase, workload);
    const runOurs = (): Promise<RunResult> => {
      const name = `ours-${this.runs++}`;
      const spec = { backend, config: caseConfig(benchCase, workload), data, resultFile: join(this.dir, `${name}.result.json`) };
      return runEngine(spec, join(this.dir, `${name}.spec.json`), this.timeoutMs());
    };
    const row = { ...base, samples: data.trainCount, epochs: workload.epochs };
    if (this.options.repeat === 1) {
      const torch = await this.torch(benchCase, workload);
      if (torch) notes.push(torch.note);
      return measuredRow({ ...row, torchConfig: torch?.config ?? null }, await runOurs(), torch?.result ?? null, notes);
    }
    // Alternate the two sides so that a change of machine load over time hits both alike.
    const torchRuns: TorchRun[] = [];
    const ourRuns: RunResult[] = [];
    for (let i = 0; i < this.options.repeat; i++) {
      if (this.options.torch) torchRuns.push(await this.startTorch(benchCase, workload, `torch-${this.runs++}`));
      ourRuns.push(await runOurs());
    }
    const ours = medianRun(ourRuns);
    const torch = this.options.torch ? medianRun(torchRuns.map((t) => t.result)) : null;
    if (torchRuns[0]) notes.push(torchRuns[0].note);
    notes.push(
      `median of ${this.options.repeat} runs: ours ${rangeText(ourRuns)}, torch ${this.options.torch ? rangeText(torchRuns.map((t) => t.result)) : '-'} samples/s`,
    );
    return measuredRow({ ...row, torchConfig: torchRuns[0]?.config ?? null }, ours, torch, notes);
  }
}

/** Prepares each dataset the selected cases use, big enough for their largest workload. */
async function prepareAll(dir: string, cases: readonly BenchCase[], backends: BenchBackend[], quick: boolean): Promise<Map<BenchDataId, PreparedData>> {
  const data = new Map<BenchDataId, PreparedData>();
  for (const id of new Set(cases.map((c) => c.data))) {
    const workloads = cases.filter((c) => c.data === id).flatMap((c) => backends.map((b) => workloadOf(c, b, quick))).filter((w): w is Workload => w !== null);
    if (workloads.length === 0) continue;
    const train = Math.max(...workloads.map((w) => w.train));
    const val = Math.max(...workloads.map((w) => w.val));
    log(`preparing ${id} (${train} training + ${val} validation samples)…`);
    data.set(id, await prepareData(id, dir, train, val, 42));
  }
  return data;
}

function describeRow(r: BenchRow): string {
  const n = (v: number | null, digits = 0): string => (v === null ? '-' : v.toFixed(digits));
  if (r.batch === null) return `${r.model}: ${r.note}`;
  return `${r.model} b${r.batch} ${r.backend}: ${n(r.samplesPerSec)} samples/s (torch ${n(r.torchSamplesPerSec)}), val loss ${n(r.valLoss, 5)} (torch ${n(r.torchValLoss, 5)})${r.note ? ` — ${r.note}` : ''}`;
}

/** A warning line when other processes already keep the cores busy (the numbers will be noisy). */
function busyWarning(): string[] {
  const load = os.loadavg()[0]!;
  const cores = os.cpus().length;
  return load > cores * 0.5
    ? [`WARNING: load average ${load.toFixed(1)} on ${cores} cores before the bench started: other processes compete for the CPU, so samples/s are noisy (PyTorch's threads suffer most)`]
    : [];
}

/** Entry point of bin/bench.js; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--worker') {
    await runWorker(argv[1] ?? '');
    return 0;
  }
  if (argv.includes('--reproduce')) {
    let reproduceOptions: ReproduceOptions | null;
    try {
      reproduceOptions = parseReproduceOptions(argv);
    } catch (err) {
      log(`${(err as Error).message}\n\n${REPRODUCE_USAGE}`);
      return 2;
    }
    if (!reproduceOptions) {
      log(REPRODUCE_USAGE);
      return 0;
    }
    return reproduce(reproduceOptions);
  }
  let options: Options | null;
  try {
    options = parseOptions(argv);
  } catch (err) {
    log(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    log(USAGE);
    return 0;
  }
  if (options.e2e) {
    return runE2e({
      json: options.json,
      epochs: options.epochs,
      only: options.only,
      torch: options.torch,
      torchThreads: options.torchThreads,
      torchConfig: options.torchConfig,
    });
  }
  const only = options.only;
  const cases = BENCH_CASES.filter((c) => !only || c.model.toLowerCase().includes(only) || c.presetId.includes(only));
  let backends: BenchBackend[];
  try {
    backends = await chooseBackends(options);
  } catch (err) {
    log((err as Error).message);
    return 2;
  }
  const torch: { version: string | null; reason: string | null } = options.torch ? probeTorch() : { version: null, reason: 'skipped (--no-torch)' };
  if (options.torch && !torch.version) {
    torch.reason = `${torch.reason}; install it with: ${TORCH_INSTALL_HINT}`;
    log(`PyTorch reference unavailable: ${torch.reason}. Continuing with our numbers only.`);
    options.torch = false;
  }

  const header = [
    `Latent Lab bench (${options.quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`,
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, load average at start ${os.loadavg()[0]!.toFixed(2)}`,
    `ours: Node ${process.version}, backends ${backends.join(', ')}; reference: ${torch.version ? `PyTorch ${torch.version} (${TORCH_PYTHON}; thread configuration ${options.torchConfig === 'auto' ? `calibrated per case among ${torchConfigs(options.torchThreads).map((c) => c.name).join(', ')}` : options.torchConfig})` : `none (${torch.reason})`}`,
    ...busyWarning(),
    'samples/s: training throughput over epochs 2..N-1 (wall clock); val loss: after all N epochs; ratio: ours / torch',
  ];
  const dir = await makeWorkDir();
  const rows: BenchRow[] = [];
  const emit = (row: BenchRow): void => {
    rows.push(row);
    log(describeRow(row));
    if (options.json) process.stdout.write(`${formatJsonLine(row)}\n`);
  };
  try {
    const data = await prepareAll(dir, cases, backends, options.quick);
    for (const d of data.values()) header.push(`data ${d.id}: ${d.source}`);
    const session = new BenchSession(dir, options, data);
    for (const benchCase of cases) {
      for (const backend of backends) emit(await session.measure(benchCase, backend));
    }
  } finally {
    await removeWorkDir(dir);
  }
  header[1] += `, at end ${os.loadavg()[0]!.toFixed(2)}`;
  if (!options.json) process.stdout.write(`${formatTable(rows, header)}\n`);
  return 0;
}
