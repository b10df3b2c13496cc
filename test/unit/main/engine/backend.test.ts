import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendError, initBackend, probeBackends } from '../../../../src/main/engine/backend.js';

/** Whether a package can be resolved from the repo (tfjs-node is an optional dependency). */
function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
const nodeInstalled = installed('@tensorflow/tfjs-node');
const nodeGpuInstalled = installed('@tensorflow/tfjs-node-gpu');

describe('initBackend', () => {
  it('auto: picks the first loadable candidate and reports why the ones before it were skipped', async () => {
    const { tf: engine, report } = await initBackend('auto');
    expect(engine.getBackend()).toBe(report.backend);
    if (!nodeGpuInstalled) {
      expect(report.skipped[0]).toEqual({ candidate: 'tensorflow (@tensorflow/tfjs-node-gpu)', reason: 'package not installed' });
    }
    if (!nodeGpuInstalled && !nodeInstalled) {
      // The situation of this repo's CI: no libtensorflow, so wasm runs.
      expect(report).toEqual({
        backend: 'wasm',
        package: '@tensorflow/tfjs-backend-wasm',
        gpu: false,
        skipped: [
          { candidate: 'tensorflow (@tensorflow/tfjs-node-gpu)', reason: 'package not installed' },
          { candidate: 'tensorflow (@tensorflow/tfjs-node)', reason: 'package not installed' },
        ],
        // wasm+blas (OpenBLAS 0.3.21, 2 threads) where the native addon is built, else why not.
        description: expect.stringMatching(/^wasm(\+blas \((OpenBLAS \d+\.\d+\.\d+|Accelerate), \d+ threads?\)| \(.+\))$/),
      });
    }
    for (const skip of report.skipped) expect(skip.reason.length).toBeGreaterThan(0);
  });

  it('forces a named backend', async () => {
    const { report } = await initBackend('cpu');
    expect(report).toEqual({ backend: 'cpu', package: '@tensorflow/tfjs', gpu: false, skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend('wasm')).report.backend).toBe('wasm');
  });

  it.skipIf(nodeInstalled || nodeGpuInstalled)('throws, naming the backend and the reason, when a forced backend is missing', async () => {
    const attempt = initBackend('tensorflow');
    await expect(attempt).rejects.toBeInstanceOf(BackendError);
    await expect(attempt).rejects.toThrow(/backend "tensorflow" was forced but cannot be loaded.*package not installed/);
  });
});

describe('probeBackends', () => {
  it('lists every backend with its availability without switching the active one', async () => {
    await initBackend('cpu');
    const probes = await probeBackends();
    expect(tf.getBackend()).toBe('cpu');
    expect(probes.map((p) => p.name)).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(probes.find((p) => p.name === 'wasm')).toEqual({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', available: true, reason: null });
    expect(probes.find((p) => p.name === 'cpu')!.available).toBe(true);
    const tensorflow = probes.find((p) => p.name === 'tensorflow')!;
    expect(tensorflow.available).toBe(nodeInstalled || nodeGpuInstalled);
    if (!tensorflow.available) expect(tensorflow.reason).toMatch(/tfjs-node-gpu: package not installed; .*tfjs-node: package not installed/);
  });
});

describe('native BLAS fallback', () => {
  it('without the native kernels, wasm says why in its report and still trains through the wasm kernels', () => {
    // A fresh process: whether the addon is used is decided once per process (LATENT_LAB_BLAS=0 is
    // what a machine without OpenBLAS or a compiler, where npm dropped the optional addon, looks like).
    const script = `
      import { initBackend } from './src/main/engine/backend.ts';
      const { tf, report } = await initBackend('wasm');
      const x = tf.randomNormal([16, 8], 0, 1, 'float32', 1);
      const w = tf.variable(tf.randomNormal([8, 4], 0, 1, 'float32', 2));
      const before = (await tf.matMul(x, w).square().mean().data())[0];
      const opt = tf.train.adam(0.05);
      for (let i = 0; i < 20; i++) opt.minimize(() => tf.matMul(x, w).square().mean());
      const after = (await tf.matMul(x, w).square().mean().data())[0];
      console.log(JSON.stringify({ description: report.description, before, after }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, LATENT_LAB_BLAS: '0' },
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { description: string; before: number; after: number };
    expect(result.description).toBe('wasm (native BLAS turned off (LATENT_LAB_BLAS=0))');
    expect(result.after).toBeLessThan(result.before);
  }, 60_000);
});
