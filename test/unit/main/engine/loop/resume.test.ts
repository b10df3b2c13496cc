/**
 * Resume in the one loop: 6 epochs straight vs 3 epochs, a stop (the process "dies" in epoch 5, or
 * a cancel in the middle of epoch 4), the training state through its files, a fresh session built
 * from the same config, and the rest. Weights, optimizer states and epoch metrics must match bit
 * for bit (same backend, same process: nothing in the continuation is recomputed differently).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../../../src/shared/api.js';
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../../../../../src/shared/config.js';
import { initBackend } from '../../../../../src/main/engine/backend.js';
import { openKindSession } from '../../../../../src/main/engine/kinds/index.js';
import { fit, loopSettingsOf } from '../../../../../src/main/engine/loop/fit.js';
import type { TrainingData } from '../../../../../src/main/engine/loop/objective.js';
import type { TrainingState } from '../../../../../src/main/engine/loop/training-state.js';
import { encodeTrainingState, readTrainingState } from '../../../../../src/main/engine/training-state-files.js';
import { binaryData } from '../fixtures.js';
import { KIND_SPECS, MODEL_KINDS } from '../../../../../src/shared/kinds/registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'latent-lab-resume-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** Writes the state's files and reads them back, as a checkpoint and a later resume do. */
function throughFiles(state: TrainingState, name: string): TrainingState {
  const dir = path.join(temp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(encodeTrainingState(state))) fs.writeFileSync(path.join(dir, file), content);
  return readTrainingState(dir)!;
}

const DIED = new Error('the process died');

interface Outcome {
  metrics: EpochMetrics[][];
  /** The last checkpoint's training state. */
  last: TrainingState | null;
  status: string;
}

/** Trains a fresh session of `config`; `dieAtEpoch` throws from the epoch callback (the rest of the run never happens). */
async function train(config: RunConfig, data: TrainingData, options: { resumeFrom?: TrainingState; dieAtEpoch?: number; stopAfterSteps?: number } = {}): Promise<Outcome> {
  const session = openKindSession(config, data);
  const outcome: Outcome = { metrics: [], last: null, status: 'none' };
  let steps = 0;
  try {
    const result = await fit({
      objective: session.objective,
      settings: loopSettingsOf(config.training),
      data,
      resumeFrom: options.resumeFrom,
      callbacks: {
        onEpoch: (epoch, metrics) => {
          if (epoch === options.dieAtEpoch) throw DIED;
          outcome.metrics.push(metrics);
        },
        onBatchEnd: () => void steps++,
        shouldStop: () => options.stopAfterSteps !== undefined && steps >= options.stopAfterSteps,
        onCheckpoint: async (_epoch, state) => void (outcome.last = state),
      },
    });
    outcome.status = result.status;
  } catch (error) {
    if (error !== DIED) throw error;
    outcome.status = 'died';
  } finally {
    session.dispose();
  }
  return outcome;
}

function expectSameState(actual: TrainingState, expected: TrainingState): void {
  expect(actual.epoch).toBe(expected.epoch);
  expect(actual.step).toBe(expected.step);
  expect(actual.variables.length).toBe(expected.variables.length);
  actual.variables.forEach((v, i) => {
    expect(v.shape).toEqual(expected.variables[i]!.shape);
    // Bit for bit: the same float32 values (Buffer.equals compares the bytes).
    expect(Buffer.from(v.values.buffer).equals(Buffer.from(expected.variables[i]!.values.buffer))).toBe(true);
  });
  expect(actual.optimizers.map((o) => [o.className, o.iterations, o.accBeta])).toEqual(expected.optimizers.map((o) => [o.className, o.iterations, o.accBeta]));
  actual.optimizers.forEach((o, i) =>
    o.slots.forEach((slot, j) => expect(Buffer.from(slot.values.buffer).equals(Buffer.from(expected.optimizers[i]!.slots[j]!.values.buffer))).toBe(true)),
  );
}

const CASES: { name: string; model: RunConfigInput['model']; training?: Partial<RunConfigInput['training']>; optimizers: number }[] = [
  {
    name: 'a dense AE with batch norm (moving statistics), an L2 penalty, Adam, coupled weight decay and a step schedule',
    model: { kind: 'dense', encoder: [24, 12, 3], batchNormCode: true, weightDecay: 1e-4 },
    training: { lrSchedule: { kind: 'step', factor: 0.5, everyEpochs: 2 }, optimizer: { name: 'adam', learningRate: 0.01, weightDecay: 1e-4, weightDecayMode: 'coupled' } },
    optimizers: 1,
  },
  { name: 'a VAE (log-variance head, sampling noise by step)', model: { kind: 'vae', encoder: [24], latent: 2 }, training: { lrSchedule: { kind: 'cosine', minLearningRate: 1e-4 } }, optimizers: 1 },
  { name: 'a conditional VAE (labels beside inputs and codes)', model: { kind: 'cvae', classes: 4, encoder: [24], latent: 2 }, optimizers: 1 },
  { name: 'a GAN (two Adam optimizers, two noise streams)', model: { kind: 'gan', latent: 4, generator: [16], discriminator: [16] }, optimizers: 2 },
  { name: 'a denoising dense AE with RMSprop', model: { kind: 'dense', encoder: [16, 4] }, training: { optimizer: { name: 'rmsprop', learningRate: 0.005 } }, optimizers: 1 },
];

describe('resume: 6 epochs straight = 3 epochs, a stop, and the rest from the checkpoint', () => {
  const data = binaryData(40, [35]);
  for (const c of CASES) {
    it(`gives the same weights, optimizer state and epoch metrics bit for bit: ${c.name}`, async () => {
      const config = parseRunConfig({
        dataset: { id: 'synthetic' },
        model: c.model,
        training: { epochs: 6, batchSize: 8, seed: 3, checkpointEvery: 3, validationEvery: 1, optimizer: { name: 'adam', learningRate: 0.01 }, ...c.training },
        ...(c.name.includes('denoising') ? { denoising: { corruption: { kind: 'gaussian', sigma: 0.3 } } } : {}),
      });
      const straight = await train(config, data);
      expect(straight.status).toBe('completed');

      const killed = await train(config, data, { dieAtEpoch: 5 });
      expect(killed.status).toBe('died');
      expect(killed.last!.epoch).toBe(3);
      expect(killed.last!.optimizers).toHaveLength(c.optimizers);
      const resumed = await train(config, data, { resumeFrom: throughFiles(killed.last!, c.name) });
      expect(resumed.status).toBe('completed');

      expectSameState(resumed.last!, straight.last!);
      // The continuation records epochs 4, 5, 6 with the straight run's values: no gap, no duplicate.
      expect(resumed.metrics.map((m) => m[0]!.epoch)).toEqual([4, 5, 6]);
      expect(resumed.metrics).toEqual(straight.metrics.slice(3));
    });
  }

  it('continues a run cancelled in the middle of an epoch from that batch, with the same result', async () => {
    const config = parseRunConfig({
      dataset: { id: 'synthetic' },
      model: { kind: 'vae', encoder: [16], latent: 2 },
      training: { epochs: 5, batchSize: 8, seed: 9, checkpointEvery: 2, validationEvery: 1, optimizer: { name: 'adam', learningRate: 0.01 } },
    });
    const straight = await train(config, data);
    // 40 samples in batches of 8: 5 steps an epoch; stop after 17 steps = 3 epochs and 2 batches of epoch 4.
    const cancelled = await train(config, data, { stopAfterSteps: 17 });
    expect(cancelled.status).toBe('cancelled');
    expect([cancelled.last!.epoch, cancelled.last!.batch, cancelled.last!.step]).toEqual([3, 2, 17]);
    expect(cancelled.last!.partialSums).not.toBeNull();
    const resumed = await train(config, data, { resumeFrom: throughFiles(cancelled.last!, 'cancelled') });
    expectSameState(resumed.last!, straight.last!);
    expect(resumed.metrics).toEqual(straight.metrics.slice(3));
  });

  it("a resumed run's clock goes on from the checkpoint's elapsed time, not from 0", async () => {
    const config = parseRunConfig({
      dataset: { id: 'synthetic' },
      model: { kind: 'dense', encoder: [8, 2] },
      training: { epochs: 4, batchSize: 8, seed: 5, checkpointEvery: 2, validationEvery: 1, optimizer: { name: 'adam', learningRate: 0.01 } },
    });
    const elapsed: number[] = [];
    const session = openKindSession(config, data);
    let last: TrainingState | null = null;
    await fit({
      objective: session.objective,
      settings: loopSettingsOf(config.training),
      data,
      callbacks: { onEpoch: (_e, _m, ms) => void elapsed.push(ms), onCheckpoint: async (_e, state) => void (last ??= state) },
    });
    session.dispose();
    // The epoch-2 checkpoint keeps epoch 2's elapsed time, through its files.
    const atTwo = throughFiles(last!, 'clock');
    expect(atTwo.epoch).toBe(2);
    expect(atTwo.elapsedMs).toBe(elapsed[1]);
    // Pretend the first part took an hour: the resumed epochs report after it, in order.
    const resumedElapsed: number[] = [];
    const again = openKindSession(config, data);
    let final: TrainingState | null = null;
    await fit({
      objective: again.objective,
      settings: loopSettingsOf(config.training),
      data,
      resumeFrom: { ...atTwo, elapsedMs: 3_600_000 },
      callbacks: { onEpoch: (_e, _m, ms) => void resumedElapsed.push(ms), onCheckpoint: async (_e, state) => void (final = state) },
    });
    again.dispose();
    expect(resumedElapsed).toHaveLength(2);
    expect(resumedElapsed[0]).toBeGreaterThanOrEqual(3_600_000);
    expect(resumedElapsed[0]).toBeLessThan(3_600_000 + 60_000);
    expect(resumedElapsed[1]).toBeGreaterThanOrEqual(resumedElapsed[0]!);
    expect(final!.elapsedMs).toBe(resumedElapsed[1]);
    // A state written before the clock was kept resumes from 0.
    const { elapsedMs: _dropped, ...old } = atTwo;
    const fromOld: number[] = [];
    const third = openKindSession(config, data);
    await fit({ objective: third.objective, settings: loopSettingsOf(config.training), data, resumeFrom: old, callbacks: { onEpoch: (_e, _m, ms) => void fromOld.push(ms) } });
    third.dispose();
    expect(fromOld[0]).toBeLessThan(60_000);
  });

  it.each(MODEL_KINDS)('every model kind keeps a training state in its checkpoints: %s', async (kind) => {
    const images = binaryData(16, [8, 8, 1]);
    const config = parseRunConfig({
      dataset: { id: 'synthetic' },
      model: KIND_SPECS[kind].defaults(),
      training: { epochs: 1, batchSize: 8, optimizer: { name: 'adam', learningRate: 0.01 } },
    });
    const outcome = await train(config, images);
    expect(outcome.last, `${kind}: its objective has no state, so its runs could never be resumed`).not.toBeNull();
    expect(outcome.last!.variables.length).toBeGreaterThan(0);
  });

  it('refuses a state that belongs to other settings or data, naming what differs', async () => {
    const config = parseRunConfig({ dataset: { id: 'synthetic' }, model: { kind: 'dense', encoder: [8, 2] }, training: { epochs: 4, batchSize: 8, checkpointEvery: 2, optimizer: { name: 'adam', learningRate: 0.01 } } });
    const first = await train(config, data, { dieAtEpoch: 3 });
    const other = parseRunConfig({ ...config, training: { ...config.training, batchSize: 10 } });
    await expect(train(other, data, { resumeFrom: first.last! })).rejects.toThrow('cannot resume: the checkpoint was trained with batch size 8, the run now has 10');
    const wider = parseRunConfig({ ...config, model: { kind: 'dense', encoder: [9, 2] } });
    await expect(train(wider, data, { resumeFrom: first.last! })).rejects.toThrow(/variable 0 of the checkpoint has shape \[35, 8\], the run's model has \[35, 9\]/);
  });
});
