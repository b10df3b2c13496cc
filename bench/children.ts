/**
 * Starting the measured processes: one child per run, one at a time, so that no two runs share
 * the cores or a process's peak RSS. Each writes its RunResult to a file (see spec.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './data.js';
import type { CalibrationResult, EngineRunSpec, RunResult, TorchRunSpec } from './spec.js';

/**
 * Debian's python, where python3-torch installs (a pyenv/venv `python3` on PATH usually has no
 * torch); LATENT_LAB_BENCH_PYTHON names another interpreter that has torch and numpy.
 */
export const TORCH_PYTHON = process.env.LATENT_LAB_BENCH_PYTHON || '/usr/bin/python3';
export const TORCH_INSTALL_HINT = 'sudo apt-get install -y python3-torch libopenblas0-pthread';
const REFERENCE_SCRIPT = join(REPO_ROOT, 'bench', 'torch', 'reference.py');
const BENCH_ENTRY = join(REPO_ROOT, 'bin', 'bench.js');

/** The torch version /usr/bin/python3 imports, or null with the reason it cannot. */
export function probeTorch(): { version: string | null; reason: string | null } {
  const probe = spawnSync(TORCH_PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.error) return { version: null, reason: `${TORCH_PYTHON} cannot be started (${probe.error.message})` };
  if (probe.status !== 0) {
    const lastLine = probe.stderr.trim().split('\n').pop() ?? '';
    return { version: null, reason: `${TORCH_PYTHON} cannot import torch and numpy (${lastLine})` };
  }
  return { version: probe.stdout.trim(), reason: null };
}

/**
 * One way of running PyTorch on this machine's cores. PyTorch's CPU ops use OpenMP threads
 * (torch.set_num_threads) while Debian's torch does its matrix products in OpenBLAS, which has a
 * thread pool of its own (OPENBLAS_NUM_THREADS, default: every core). Both default to all cores,
 * and on 2 cores they fight: `torch.set_num_threads(2)` ran the dense AE 3.5x slower than one
 * thread (issue 10). Which configuration is fastest depends on the model and batch size, so the
 * bench measures them (calibrate) and runs the winner.
 */
export interface TorchConfig {
  /** Short name, reported as `torchConfig`: `1-thread`, `openblas-N`, `torch-N`. */
  name: string;
  /** torch.set_num_threads. */
  threads: number;
  /** Environment for the Python process: set values, or null to remove the variable. */
  env: Record<string, string | null>;
}

/** The configurations compared, for `cores` threads. */
export function torchConfigs(cores: number): TorchConfig[] {
  const n = String(cores);
  return [
    { name: '1-thread', threads: 1, env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } },
    { name: `openblas-${n}`, threads: 1, env: { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n } },
    { name: `torch-${n}`, threads: cores, env: { OMP_NUM_THREADS: null, OPENBLAS_NUM_THREADS: null, MKL_NUM_THREADS: null } },
  ];
}

function childEnv(overrides: Record<string, string | null> | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === null) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs a command to completion; resolves with its exit code and the tail of its output. */
function runChild(
  command: string,
  args: string[],
  timeoutMs: number,
  env?: Record<string, string | null>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO_ROOT, env: childEnv(env) });
    let output = '';
    const collect = (chunk: Buffer): void => {
      // Only the tail matters (the error at the end); keep memory bounded.
      output = (output + chunk.toString('utf8')).slice(-16_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code: signal ? null : code, output: signal ? `${output}\nkilled by ${signal} (time limit ${timeoutMs / 1000} s)` : output });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolveRun({ code: null, output: err.message });
    });
  });
}

async function runWithSpec<R extends { ok: boolean } = RunResult>(
  spec: EngineRunSpec | TorchRunSpec,
  command: string,
  args: string[],
  timeoutMs: number,
  env?: Record<string, string | null>,
): Promise<R | { ok: false; error: string }> {
  await writeFile(spec.resultFile, '');
  const { code, output } = await runChild(command, args, timeoutMs, env);
  const text = await readFile(spec.resultFile, 'utf8').catch(() => '');
  if (text.trim() !== '') return JSON.parse(text) as R;
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  // A crash prints a stack trace: its "SomethingError: message" line says more than its last lines.
  const reason = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.slice(-3).join(' | ');
  return { ok: false, error: `the process exited with ${code ?? 'a signal'} without a result: ${reason}` };
}

/** One run of our engine in a fresh Node process (bin/bench.js --worker SPEC). */
export async function runEngine(spec: EngineRunSpec, specFile: string, timeoutMs: number): Promise<RunResult> {
  await writeFile(specFile, JSON.stringify(spec));
  return runWithSpec(spec, process.execPath, [BENCH_ENTRY, '--worker', specFile], timeoutMs);
}

/** One run of the PyTorch reference in thread configuration `config`. */
export async function runTorch(spec: TorchRunSpec, specFile: string, timeoutMs: number, config: TorchConfig): Promise<RunResult> {
  const full = { ...spec, threads: config.threads, torchConfig: config.name };
  await writeFile(specFile, JSON.stringify(full));
  return runWithSpec(full, TORCH_PYTHON, [REFERENCE_SCRIPT, specFile], timeoutMs, config.env);
}

/** Training samples/s of the reference in each configuration (a few seconds each). */
export async function calibrateTorch(
  spec: TorchRunSpec,
  specFile: string,
  configs: TorchConfig[],
  seconds: number,
): Promise<{ config: TorchConfig; result: CalibrationResult }[]> {
  const out: { config: TorchConfig; result: CalibrationResult }[] = [];
  for (const config of configs) {
    const full = { ...spec, threads: config.threads, torchConfig: config.name, calibrateSeconds: seconds };
    await writeFile(specFile, JSON.stringify(full));
    const result = await runWithSpec<CalibrationResult>(full, TORCH_PYTHON, [REFERENCE_SCRIPT, specFile], 5 * 60_000, config.env);
    out.push({ config, result });
  }
  return out;
}

/** The fastest calibrated configuration, and a note listing all of them. */
export function pickTorchConfig(calibration: { config: TorchConfig; result: CalibrationResult }[]): { config: TorchConfig; note: string } {
  const ok = calibration.filter((c) => c.result.ok) as { config: TorchConfig; result: { ok: true; samplesPerSec: number } }[];
  const best = ok.reduce<(typeof ok)[number] | null>((a, c) => (a === null || c.result.samplesPerSec > a.result.samplesPerSec ? c : a), null);
  const listed = calibration
    .map((c) => `${c.config.name} ${c.result.ok ? Math.round(c.result.samplesPerSec).toLocaleString('en-US') : 'failed'}`)
    .join(', ');
  if (!best) return { config: calibration[0]!.config, note: `torch calibration failed (${listed}); ran ${calibration[0]!.config.name}` };
  return { config: best.config, note: `torch ${best.config.name}, fastest in calibration (${listed} samples/s)` };
}
