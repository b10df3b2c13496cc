/** The PyTorch side of the lock-step comparison: lockstep.py in a child process, and its output files. */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TORCH_PYTHON } from '../children.js';
import { REPO_ROOT } from '../data.js';

/** What lockstep.py reads (see its docstring). */
export interface TorchSpec {
  trainFile: string;
  valFile: string;
  trainCount: number;
  valCount: number;
  encoder: number[];
  seed: number;
  epochs: number;
  /** Stop after this many steps; 0: all epochs. */
  steps: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  epsilon: number;
  evalEpochs: number[];
  snapshotSteps: number[];
  initFile: string;
  loadInit: boolean;
  orderFile: string;
  loadOrder: boolean;
  outDir: string;
}

export interface TorchResult {
  val: { epoch: number; mse: number; deadCode: number }[];
  seconds: number;
  runtime: string;
}

/** Runs lockstep.py on `spec` (one OpenMP and one BLAS thread) and reads its result. */
export async function runTorch(spec: TorchSpec): Promise<TorchResult> {
  const specFile = join(spec.outDir, 'spec.json');
  await writeFile(specFile, JSON.stringify(spec));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(TORCH_PYTHON, [join(REPO_ROOT, 'bench/fidelity/lockstep.py'), specFile], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lockstep.py exited with ${code}`))));
  });
  return JSON.parse(await readFile(join(spec.outDir, 'result.json'), 'utf8')) as TorchResult;
}

async function bytesOf(file: string): Promise<ArrayBuffer> {
  const b = await readFile(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export const readF32 = async (file: string): Promise<Float32Array> => new Float32Array(await bytesOf(file));
export const readF64 = async (file: string): Promise<Float64Array> => new Float64Array(await bytesOf(file));
export const readI32 = async (file: string): Promise<Int32Array> => new Int32Array(await bytesOf(file));

/** The per-step losses, the first step's gradients and the weights after `step`, as lockstep.py wrote them. */
export const torchLosses = (dir: string): Promise<Float64Array> => readF64(join(dir, 'losses.f64'));
export const torchGrads0 = (dir: string): Promise<Float32Array> => readF32(join(dir, 'grads0.f32'));
export const torchWeightsAfter = (dir: string, step: number): Promise<Float32Array> => readF32(join(dir, `weights-${step}.f32`));
