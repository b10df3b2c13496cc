/**
 * Latent Lab's side of the lock-step comparison: the dense kind's objective (the app's optimizer
 * step) trained on batches in a given order, gathered as fit.ts's runEpoch gathers them, and the
 * objective's own evaluation of the test split.
 */
import * as tf from '@tensorflow/tfjs';
import { noiseSeed } from '../../src/main/engine/corruption.js';
import type { Objective } from '../../src/main/engine/loop/objective.js';
import type { AutoencoderModels } from '../../src/main/engine/models.js';

/** The test MSE and dead code units after an epoch (epoch 0: the start). */
export interface OurEvaluation {
  epoch: number;
  mse: number;
  deadCode: number;
}

export interface OurRun {
  models: AutoencoderModels;
  objective: Objective;
  /** [n, ...sample shape]. */
  xTrain: tf.Tensor;
  xVal: tf.Tensor;
  /** One permutation of the training indices per epoch, back to back. */
  orders: Int32Array;
  seed: number;
  batchSize: number;
  epochs: number;
  totalSteps: number;
  /** Epochs after which the test split is evaluated (0: before the first step). */
  evalEpochs: readonly number[];
  onEvaluation?(evaluation: OurEvaluation): void;
  /** Steps after which `onSnapshot` is called (the weights as they are then). */
  snapshotSteps: readonly number[];
  onSnapshot?(step: number): Promise<void>;
}

/** Code units that are 0 (ReLU) on every sample of `x`. */
export function deadCodeUnits(encoder: tf.LayersModel, x: tf.Tensor): number {
  return tf.tidy(() => {
    const code = encoder.predict(x, { batchSize: 1000 }) as tf.Tensor2D;  // the code is flat: [n, units]
    return (tf.sum(tf.cast(tf.lessEqual(tf.max(code, 0), 0), 'int32')).dataSync() as Int32Array)[0]!;
  });
}

/** Trains as `run` says; returns the loss of every step and the evaluations. */
export async function trainOurs(run: OurRun): Promise<{ losses: number[]; evaluations: OurEvaluation[]; seconds: number }> {
  const n = run.xTrain.shape[0]!;
  const batchesPerEpoch = Math.ceil(n / run.batchSize);
  const losses: number[] = [];
  const evaluations: OurEvaluation[] = [];
  const evaluate = async (epoch: number): Promise<void> => {
    const evaluation = await run.objective.evaluate('val', run.xVal);
    const result = { epoch, mse: evaluation!.values.mse!, deadCode: deadCodeUnits(run.models.encoder, run.xVal) };
    evaluations.push(result);
    run.onEvaluation?.(result);
  };
  const started = Date.now();
  if (run.evalEpochs.includes(0)) await evaluate(0);
  let step = 0;
  for (let epoch = 1; epoch <= run.epochs && step < run.totalSteps; epoch++) {
    const order = tf.tensor1d(run.orders.subarray((epoch - 1) * n, epoch * n), 'int32');
    for (let batch = 0; batch < batchesPerEpoch && step < run.totalSteps; batch++) {
      const start = batch * run.batchSize;
      const size = Math.min(run.batchSize, n - start);
      const batchStep = step;
      // As fit.ts's runEpoch: a slice of the epoch's order, one gather, one objective step.
      const loss = tf.tidy(() => {
        const indices = tf.slice(order, start, size);
        const x = tf.gather(run.xTrain, indices);
        return run.objective.step({ x, indices, size, step: batchStep, noiseSeed: (stream) => noiseSeed(run.seed, stream, batchStep) });
      });
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
      step++;
      if (run.snapshotSteps.includes(step)) await run.onSnapshot?.(step);
    }
    order.dispose();
    if (run.evalEpochs.includes(epoch)) await evaluate(epoch);
  }
  return { losses, evaluations, seconds: (Date.now() - started) / 1000 };
}
