/**
 * Cost of per-step metrics: the same short MNIST run with per-step logging off (0 points per epoch)
 * and on (50, the default; and 500), alternated so machine load drifts hit both sides alike.
 * Prints each run's epoch time (the worker's clock at the end of the epoch: training plus the
 * end-of-epoch evaluation, the same work on both sides) and the CPU time the whole process (main
 * thread and training worker) spent on the run, with the median per setting. On a loaded machine
 * the CPU time is the steadier of the two: other processes stretch wall time, not our CPU seconds.
 *
 *   npx tsx bench/step-logging.ts [REPEATS] [TRAIN_LIMIT]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLab } from '../src/main/services/lab.js';
import { findPreset } from '../src/shared/presets.js';

const repeats = Number(process.argv[2] ?? 3);
const trainLimit = Number(process.argv[3] ?? 30_000);
const settings = [0, 50, 500];
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-steps-'));
const lab = await createLab({ home, mode: 'cli', backend: 'wasm' });
const experiment = await lab.experiments.create('bench');
const config = structuredClone(findPreset('mnist-dense-128-relu')!.config);
config.training.epochs = 1;
config.dataset.trainLimit = trainLimit;
config.dataset.valLimit = 1000;

const times = new Map<number, number[]>(settings.map((s) => [s, []]));
const cpuTimes = new Map<number, number[]>(settings.map((s) => [s, []]));
try {
  for (let r = 0; r < repeats; r++) {
    for (const points of r % 2 === 0 ? settings : [...settings].reverse()) {
      await lab.app.setSettings({ stepPointsPerEpoch: points });
      let epochMs = 0;
      const off = lab.on('runEpoch', (e) => {
        epochMs = e.elapsedMs;
      });
      const cpuBefore = process.cpuUsage();
      const run = await lab.runs.start(experiment.id, { ...config, name: `points ${points} #${r + 1}` });
      const status = await lab.waitForRun(run.id);
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      off();
      const steps = (await lab.runs.steps(run.id)).length;
      times.get(points)!.push(epochMs);
      cpuTimes.get(points)!.push(cpuMs);
      console.log(
        `points/epoch ${String(points).padStart(3)}  run ${r + 1}: ${status}, epoch ${(epochMs / 1000).toFixed(2)} s, ` +
          `CPU ${(cpuMs / 1000).toFixed(2)} s, ${steps} step points stored`,
      );
    }
  }
} finally {
  await lab.dispose();
  fs.rmSync(home, { recursive: true, force: true });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times.get(0)!);
const cpuBase = median(cpuTimes.get(0)!);
for (const points of settings) {
  const m = median(times.get(points)!);
  const c = median(cpuTimes.get(points)!);
  console.log(
    `median, ${String(points).padStart(3)} points/epoch: epoch ${(m / 1000).toFixed(2)} s (${(((m - base) / base) * 100).toFixed(1)}% vs off), ` +
      `CPU ${(c / 1000).toFixed(2)} s (${(((c - cpuBase) / cpuBase) * 100).toFixed(1)}% vs off)`,
  );
}
