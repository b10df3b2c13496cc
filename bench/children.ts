/**
 * Starting the measured processes: one child per run, one at a time, so that no two runs share
 * the cores or a process's peak RSS. Each writes its RunResult to a file (see spec.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './data.js';
import type { EngineRunSpec, RunResult, TorchRunSpec } from './spec.js';

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

/** Runs a command to completion; resolves with its exit code and the tail of its output. */
function runChild(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO_ROOT });
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

async function runWithSpec(spec: EngineRunSpec | TorchRunSpec, command: string, args: string[], timeoutMs: number): Promise<RunResult> {
  await writeFile(spec.resultFile, '');
  const { code, output } = await runChild(command, args, timeoutMs);
  const text = await readFile(spec.resultFile, 'utf8').catch(() => '');
  if (text.trim() !== '') return JSON.parse(text) as RunResult;
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

/** One run of the PyTorch reference. */
export async function runTorch(spec: TorchRunSpec, specFile: string, timeoutMs: number): Promise<RunResult> {
  await writeFile(specFile, JSON.stringify(spec));
  return runWithSpec(spec, TORCH_PYTHON, [REFERENCE_SCRIPT, specFile], timeoutMs);
}
