/**
 * A model too large for memory is refused before it is queued, and a training that grows past the
 * memory limit anyway is stopped without taking the process down: real workers, real SQLite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../../../src/shared/config.js';
import { findPreset } from '../../../../src/shared/presets.js';
import { summarizeArchitecture } from '../../../../src/main/engine/architecture.js';
import { createLab, type Lab } from '../../../../src/main/services/lab.js';
import { estimateTrainingMemory, memoryLimitBytes, MemoryLimitError } from '../../../../src/main/services/memory-budget.js';
import { parseRunConfig } from '../../../../src/shared/config.js';

let home: string;
let lab: Lab;
beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-memory-'));
  lab = await createLab({ home, mode: 'cli' });
});
afterEach(async () => {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
});

const huge: RunConfigInput = {
  dataset: { id: 'font5x7', valFraction: 0 },
  model: { kind: 'dense', encoder: [30_000_000, 2] },
  training: { epochs: 2, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.001 } },
};

describe('memory limit', () => {
  it('refuses encoder [30000000, 2] before queueing, naming the size and the limit', async () => {
    const experiment = await lab.experiments.create('Big');
    const rssBefore = process.memoryUsage.rss();
    const refusal = await lab.runs.start(experiment.id, huge).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(MemoryLimitError);
    const message = (refusal as Error).message;
    expect(message).toMatch(/^the model is too large to train here: it needs about \d+ GB \(2,280,000,037 parameters × 4 bytes × 6 copies/);
    expect(message).toMatch(/over the memory limit of \d+(\.\d)? GB \(75% of this machine's \d+(\.\d)? GB; setting memoryLimitMb changes it\)/);
    expect(await lab.runs.list()).toEqual([]);
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(100 * 2 ** 20);
    // The setting moves the limit.
    await lab.app.setSettings({ memoryLimitMb: 512 });
    const small = { ...huge, model: { kind: 'dense', encoder: [200_000, 2] } } as RunConfigInput;
    await expect(lab.runs.start(experiment.id, small)).rejects.toThrow(/over the memory limit of 512 MB \(setting memoryLimitMb\)/);
  });

  it('refuses a sweep with a member too large, naming the member, and queues none', async () => {
    const experiment = await lab.experiments.create('Big sweep');
    const spec = { name: 'widths', base: huge, grid: [{ path: 'model.encoder', values: [[8, 2], [30_000_000, 2]] }] };
    await expect(lab.sweeps.start(experiment.id, spec)).rejects.toThrow(/^member 2 \(encoder=30000000-2\): the model is too large to train here/);
    expect(await lab.runs.list()).toEqual([]);
  });

  it('estimates within a factor of a few of what the presets need, and well under a small laptop', () => {
    const config = findPreset('mnist-dense-bn-bce')?.config ?? parseRunConfig(huge);
    const estimate = estimateTrainingMemory(config, summarizeArchitecture(config.model, [28, 28, 1]), { train: 60_000, test: 10_000 });
    expect(estimate.totalBytes).toBeGreaterThan(200 * 2 ** 20);
    expect(estimate.totalBytes).toBeLessThan(memoryLimitBytes(0, 8 * 2 ** 30));
  });

  it('stops a training that grows past the limit, keeps the process and the next run alive', { timeout: 120_000 }, async () => {
    const experiment = await lab.experiments.create('Watchdog');
    const config = structuredClone(findPreset('font5x7-2d')!.config);
    config.training.epochs = 100_000;
    delete config.training.stopWhen;
    const run = await lab.runs.start(experiment.id, config);
    // Once it trains, the limit drops below what this process (vitest, tfjs in a worker) holds: as if the training had grown past it.
    await new Promise<void>((resolve) => {
      const stop = lab.on('runEpoch', (e) => {
        if (e.runId !== run.id) return;
        stop();
        resolve();
      });
    });
    const limitMb = Math.floor((process.memoryUsage.rss() * 0.8) / 2 ** 20);
    await lab.app.setSettings({ memoryLimitMb: limitMb });
    expect(await lab.waitForRun(run.id)).toBe('failed');
    const detail = await lab.runs.get(run.id);
    const match = /^stopped: the process reached (\d+) MB of memory while this run trained, over the memory limit of (\d+) MB \(setting memoryLimitMb\); the app kept running$/.exec(detail.error ?? '');
    expect(match, detail.error ?? '').not.toBeNull();
    expect(Number(match![1])).toBeGreaterThan(Number(match![2]));
    expect(Number(match![2])).toBe(limitMb);

    await lab.app.setSettings({ memoryLimitMb: 0 });
    const next = await lab.runs.start(experiment.id, { ...config, training: { ...config.training, epochs: 2 } });
    expect(await lab.waitForRun(next.id)).toBe('completed');
  });
});
