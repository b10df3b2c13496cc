/**
 * Where a training step's time goes in the real loop (issue 10 part 4):
 * `npx tsx bench/kernels/profile-step.ts [presetId] [batch] [samples]` trains the preset's model
 * with the app's loop (the kind's session → fit → its objective, the optimizer with its weight decay;
 * GANs included) on `samples` random samples for 4 epochs, validating only after the last one, like the bench.
 * Between the ends of epochs 1 and 3 it counts CPU time (this process, BLAS threads included),
 * wall time, and every wasm kernel's CPU time ("self" excludes nested kernel calls), and prints
 * them per step. "outside kernels" is the tfjs engine, tfjs-layers and the loop's own JavaScript.
 * With PROFILE_JS=file.cpuprofile it also records a V8 CPU profile of that window (open it in
 * Chrome DevTools) to see where the JavaScript outside the kernels goes. PROFILE_KERNELS=0 leaves
 * the kernels uninstrumented (the counters' own cost, two getrusage calls per kernel, is then
 * not in the totals). PROFILE_SHAPES=1 splits each kernel's row by its input shapes.
 * PROFILE_STACKS=Identity,Reshape also prints where those kernels are called from, per step.
 * PROFILE_CLOCK=wall times the kernels by the wall clock instead of CPU time.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { initBackend } from '../../src/main/engine/backend.js';
import { openKindSession } from '../../src/main/engine/kinds/index.js';
import { fit, loopSettingsOf } from '../../src/main/engine/loop/fit.js';
import { findPreset } from '../../src/shared/presets.js';
import { cpuUs, KernelTally } from './kernel-tally.js';

/** PROFILE_SHAPES=1: one row per kernel and input shapes (to find where element-wise ops come from). */
const traced = new Set((process.env.PROFILE_STACKS ?? '').split(',').filter(Boolean));
const tally = new KernelTally(process.env.PROFILE_SHAPES === '1', traced);
tally.counting = false;

const presetId = process.argv[2] ?? 'mnist-dense-128-relu';
const batch = Number(process.argv[3] ?? 128);
const samples = Number(process.argv[4] ?? 8192);
const preset = findPreset(presetId);
if (!preset) throw new Error(`unknown preset ${presetId}`);
const { report } = await initBackend('wasm');
// PROFILE_KERNELS=0: no per-kernel counters (they cost two getrusage calls per kernel), totals only.
if (process.env.PROFILE_KERNELS !== '0') tally.instrument();
const config = {
  ...preset.config,
  training: { ...preset.config.training, epochs: 4, batchSize: batch, validationEvery: 4, checkpointEvery: 4, stopWhen: undefined },
};
const sampleShape = presetId.startsWith('cifar') ? [32, 32, 3] : [28, 28, 1];
const size = sampleShape.reduce((a, b) => a * b, 1);
const x = new Float32Array(samples * size);
let seed = 1;
for (let i = 0; i < x.length; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  x[i] = (seed >>> 8) / 16777216;
}
const split = { x, labels: null, n: samples };
let cpuStart = 0;
let wallStart = 0;
let cpuSpent = 0;
let wallSpent = 0;
const jsProfile = process.env.PROFILE_JS;
const session = jsProfile ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
}
const data = { sampleShape, binary: false, train: split, val: { x: x.subarray(0, 1024 * size), labels: null, n: 1024 } };
// Every kind (autoencoders and the GAN) through its own session, as the app's runs go.
const kindSession = openKindSession(config, data);
const result = await fit({
  objective: kindSession.objective,
  settings: loopSettingsOf(config.training),
  data,
  // STEP_POINTS=N: per-step metrics, the batch loss read N times per epoch (the app's default is 50).
  progressPointsPerEpoch: process.env.STEP_POINTS ? Number(process.env.STEP_POINTS) : undefined,
  callbacks: {
    onProgress: () => {},
    onEpoch: async (epoch) => {
      if (epoch === 1) {
        await session?.post('Profiler.start');
        tally.tallies.clear();
        tally.counting = true;
        cpuStart = cpuUs();
        wallStart = performance.now();
      } else if (epoch === 3) {
        tally.counting = false;
        cpuSpent = cpuUs() - cpuStart;
        wallSpent = (performance.now() - wallStart) * 1000;
        if (session) writeFileSync(jsProfile!, JSON.stringify((await session.post('Profiler.stop')).profile));
      }
    },
  },
});
kindSession.dispose();
if (result.status !== 'completed') throw new Error(`training ${result.status}: ${result.error}`);
const steps = 2 * Math.ceil(samples / batch);
const stepUs = cpuSpent / steps;
const kernelUs = tally.kernelUsPerStep(steps);
const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`${presetId} batch ${batch}, ${report.description ?? report.backend}, load ${load}`);
console.log(
  `${(stepUs / 1000).toFixed(2)} ms CPU per step (wall ${(wallSpent / steps / 1000).toFixed(2)} ms, ` +
    `${Math.round((batch * steps) / (wallSpent / 1e6))} samples/s wall), ${(kernelUs / 1000).toFixed(2)} ms in kernels, ` +
    `${((stepUs - kernelUs) / 1000).toFixed(2)} ms outside kernels; ${steps} steps`,
);
tally.print(steps, Number(process.env.PROFILE_ROWS ?? 22), 1, 3);
if (traced.size > 0) tally.printSites(steps, Number(process.env.PROFILE_ROWS ?? 22));
