import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../../../src/main/engine/backend.js';
import { fit, type LoopSettings } from '../../../../../src/main/engine/loop/fit.js';
import type { Batch, EvaluationSplit, Objective, TrainingData } from '../../../../../src/main/engine/loop/objective.js';
import { binaryData } from '../fixtures.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const SETTINGS: LoopSettings = {
  epochs: 3,
  batchSize: 5,
  seed: 11,
  shuffle: true,
  learningRate: 0.1,
  lrSchedule: { kind: 'step', factor: 0.5, everyEpochs: 1 },
  validationEvery: 2,
  checkpointEvery: 10,
};

/** An objective that trains nothing but records what the loop hands it; its step returns [batch size, step]. */
function recordingObjective(extra: Partial<Objective> = {}) {
  const weight = tf.variable(tf.scalar(1));
  const seen = { rates: [] as number[], steps: [] as number[], seeds: new Set<number>(), indices: [] as number[][], evaluations: [] as EvaluationSplit[] };
  const objective: Objective = {
    description: 'a recorder',
    trainables: [weight],
    recordedMetrics: () => ['loss', 'mse'],
    setLearningRate: (rate) => void seen.rates.push(rate),
    step(batch: Batch) {
      seen.steps.push(batch.step);
      seen.seeds.add(batch.noiseSeed(0));
      seen.indices.push(Array.from(batch.indices.dataSync()));
      expect(batch.x.shape[0]).toBe(batch.size);
      return tf.tensor1d([batch.size, batch.step]);
    },
    epochMetrics: (sums, batches) => ({ loss: sums[0]! / batches, mse: sums[1]! }),
    async evaluate(split) {
      seen.evaluations.push(split);
      return { values: { mse: split === 'val' ? 0.5 : 0.25 } };
    },
    dispose: () => weight.dispose(),
    ...extra,
  };
  return { objective, seen };
}

const data = (): TrainingData => binaryData(12, [35]);

describe('fit (the one training loop)', () => {
  it('reads the batch loss on a step cadence when per-step points are asked (progressPointsPerEpoch), whatever the time', async () => {
    const { objective } = recordingObjective();
    const reads: [number, number, number][] = [];
    const result = await fit({
      objective,
      settings: SETTINGS,
      data: data(),
      progressIntervalMs: 60_000,
      progressPointsPerEpoch: 1,
      callbacks: { onProgress: (epoch, batch, batchesPerEpoch) => void reads.push([epoch, batch, batchesPerEpoch]) },
    });
    objective.dispose();
    expect(result.status).toBe('completed');
    // One point an epoch: the last batch of each, although the time throttle alone would allow a single read.
    expect(reads).toEqual([[1, 3, 3], [2, 3, 3], [3, 3, 3]]);
  });

  it('hands every step a new step number and noise seed, and every epoch a permutation of all samples', async () => {
    const { objective, seen } = recordingObjective();
    const result = await fit({ objective, settings: SETTINGS, data: data() });
    objective.dispose();
    expect(result.status).toBe('completed');
    expect(seen.steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]); // 12 samples in batches of 5: 3 batches an epoch
    expect(seen.seeds.size).toBe(9);
    for (let epoch = 0; epoch < 3; epoch++) {
      const covered = seen.indices.slice(epoch * 3, epoch * 3 + 3).flat();
      expect([...covered].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    }
    expect(seen.rates).toEqual([0.1, 0.05, 0.025]);
  });

  it('sums the step values over the epoch and evaluates both splits only at validation epochs and the last', async () => {
    const { objective, seen } = recordingObjective();
    const epochs: { epoch: number; splits: string[]; train: Record<string, number> }[] = [];
    await fit({
      objective,
      settings: SETTINGS,
      data: data(),
      callbacks: { onEpoch: (epoch, metrics) => void epochs.push({ epoch, splits: metrics.map((m) => m.split), train: metrics[0]!.values }) },
    });
    objective.dispose();
    expect(epochs.map((e) => e.splits)).toEqual([['train'], ['train', 'val'], ['train', 'val']]);
    expect(seen.evaluations).toEqual(['train', 'val', 'train', 'val']);
    // Mean batch size 12 / 3 = 4; the epoch's own mse (sum of its steps 3 + 4 + 5) wins over the evaluation's.
    expect(epochs[1]!.train).toEqual({ mse: 12, loss: 4 });
  });

  it('calls onBatchEnd after every batch and stops at the batch boundary where shouldStop turns true', async () => {
    const { objective } = recordingObjective();
    let batches = 0;
    const checkpoints: number[] = [];
    const result = await fit({
      objective,
      settings: { ...SETTINGS, epochs: 10 },
      data: data(),
      callbacks: { onBatchEnd: () => void batches++, shouldStop: () => batches >= 7, onCheckpoint: async (epoch) => void checkpoints.push(epoch) },
    });
    objective.dispose();
    expect(result).toMatchObject({ status: 'cancelled', epochsDone: 2 });
    expect(batches).toBe(7);
    expect(checkpoints).toEqual([2]);
  });

  it('ends diverged on a non-finite epoch value, naming it, without a checkpoint after it', async () => {
    const { objective } = recordingObjective({ epochMetrics: (sums, batches) => ({ loss: sums[0]! / batches, mse: Number.POSITIVE_INFINITY }) });
    const checkpoints: number[] = [];
    const result = await fit({ objective, settings: SETTINGS, data: data(), callbacks: { onCheckpoint: async (epoch) => void checkpoints.push(epoch) } });
    objective.dispose();
    expect(result.status).toBe('diverged');
    expect(result.error).toMatch(/^training diverged: the mse became Infinity at epoch 1; no checkpoint was saved before it/);
    expect(checkpoints).toEqual([]);
  });

  it('refuses a stopWhen metric the objective does not record', async () => {
    const { objective } = recordingObjective();
    await expect(fit({ objective, settings: { ...SETTINGS, stopWhen: { metric: 'kl', atMost: 0 } }, data: data() })).rejects.toThrow(
      'training.stopWhen.metric: a recorder records loss, mse, not "kl"',
    );
    objective.dispose();
  });

  it('stops completed once the validation value reaches stopWhen', async () => {
    const { objective } = recordingObjective();
    const result = await fit({ objective, settings: { ...SETTINGS, epochs: 8, stopWhen: { metric: 'mse', atMost: 0.5 } }, data: data() });
    objective.dispose();
    expect(result).toMatchObject({ status: 'completed', epochsDone: 2 });
  });
});
