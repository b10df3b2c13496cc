/**
 * The VAE objective: reconstruction (training.loss summed over the values of a sample) + β·KL to
 * N(0, I), with the reparameterisation trick, and its evaluation (mean code, KL per dimension).
 */
import * as tf from '@tensorflow/tfjs';
import type { LatentKlReport } from '../../../../shared/api.js';
import type { LossName, MetricValues } from '../../../../shared/config.js';
import { fusedOpUsable } from '../../gradients.js';
import { elementwiseLoss } from '../../losses.js';
import { VAE_LATENT_KERNEL } from '../../wasm-kernels/vae-latent.js';
import { MetricAccumulator } from '../../metrics.js';
import type { AutoencoderModels } from '../../models.js';

/** A latent dimension is active when its KL, averaged over the samples, exceeds this (nats). */
export const ACTIVE_UNIT_THRESHOLD = 0.01;

/** The parts of a VAE objective on one batch. */
export interface VaeBatchParts {
  /** reconstruction + β·KL, batch mean (what the optimizer minimises). */
  total: tf.Scalar;
  /** [1 + latent]: the batch-mean reconstruction, then the batch-mean KL of each latent dimension. */
  parts: tf.Tensor1D;
}

/** The inputs of a part of a conditional model: its usual input and the one-hot label; the input alone without a condition. */
const withCondition = (input: tf.Tensor, condition: tf.Tensor | undefined): tf.Tensor | tf.Tensor[] => (condition ? [input, condition] : input);

/** KL(N(μ, σ²) ‖ N(0, 1)) of every value of the mean and log-variance batches: ½(μ² + σ² − 1 − log σ²). */
export function klPerDimension(mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(0.5, tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar))));
}

/** Per-sample reconstruction error: the element-wise loss summed over each sample's values. */
function reconstructionPerSample(loss: LossName, target: tf.Tensor, prediction: tf.Tensor): tf.Tensor1D {
  const batch = target.shape[0]!;
  return tf.sum(tf.reshape(elementwiseLoss(loss, target, prediction), [batch, -1]), 1) as tf.Tensor1D;
}

/**
 * The reparameterised sample z = μ + exp(λ/2)·ε and the batch-mean KL of each latent dimension:
 * one op each way on wasm (wasm-kernels/vae-latent.ts), the element-wise ops elsewhere.
 */
export function sampleLatent(mean: tf.Tensor, logVar: tf.Tensor, epsilon: tf.Tensor): { z: tf.Tensor; klByDim: tf.Tensor } {
  if (mean.rank === 2 && fusedOpUsable(VAE_LATENT_KERNEL)) {
    const [z, klByDim] = tf.engine().runKernel(VAE_LATENT_KERNEL, { mean, logVar, epsilon }) as tf.Tensor[];
    return { z: z!, klByDim: klByDim! };
  }
  const z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), epsilon));
  return { z, klByDim: tf.mean(klPerDimension(mean, logVar), 0) };
}

/**
 * One training step's objective: encode `input`, sample z = μ + σ·ε (ε from `noiseSeed`), decode,
 * compare with `target`. A conditional VAE's encoder and decoder also read `condition` (the
 * batch's one-hot labels). Call inside a tidy (optimizer.minimize does).
 */
export function vaeBatchLoss(
  models: AutoencoderModels,
  input: tf.Tensor,
  target: tf.Tensor,
  options: { loss: LossName; beta: number; noiseSeed: number; condition?: tf.Tensor },
): VaeBatchParts {
  const posterior = models.posterior;
  if (!posterior) throw new Error('the VAE objective needs the posterior (mean and log-variance) model');
  const [mean, logVar] = posterior.apply(withCondition(input, options.condition), { training: true }) as tf.Tensor[];
  const epsilon = tf.randomNormal(mean!.shape, 0, 1, 'float32', options.noiseSeed);
  const { z, klByDim } = sampleLatent(mean!, logVar!, epsilon);
  const reconstruction = models.decoder.apply(withCondition(z, options.condition), { training: true }) as tf.Tensor;
  const recon = tf.mean(reconstructionPerSample(options.loss, target, reconstruction));
  const total = tf.add(recon, tf.mul(options.beta, tf.sum(klByDim))) as tf.Scalar;
  return { total, parts: tf.concat([tf.reshape(recon, [1]), klByDim]) as tf.Tensor1D };
}

/** Metric values from accumulated parts: reconstruction, kl, activeUnits and the per-dimension KL. */
export function vaePartsMetrics(parts: ArrayLike<number>, count: number, beta: number): { values: MetricValues; klPerDimension: number[] } {
  const klPerDim = Array.from({ length: parts.length - 1 }, (_, i) => parts[i + 1]! / count);
  const reconstruction = parts[0]! / count;
  const kl = klPerDim.reduce((a, b) => a + b, 0);
  return {
    values: { loss: reconstruction + beta * kl, reconstruction, kl, activeUnits: klPerDim.filter((v) => v > ACTIVE_UNIT_THRESHOLD).length },
    klPerDimension: klPerDim,
  };
}

/**
 * Evaluates a VAE (inference mode) on the first `limit` samples of `x`: the reconstruction metrics
 * of the mean code (mse, bce, …, plus the per-sample summed `reconstruction`), the KL of each
 * latent dimension averaged over the samples, `kl`, `activeUnits`, and loss = reconstruction + β·kl.
 * `inputOf` corrupts the input of a batch (denoising); the target stays the clean batch.
 * `conditionOf` gives a conditional VAE the one-hot labels of samples start..start+size.
 */
export async function evaluateVae(
  models: AutoencoderModels,
  x: tf.Tensor,
  options: {
    loss: LossName;
    beta: number;
    binary: boolean;
    batchSize: number;
    limit?: number;
    inputOf?: (clean: tf.Tensor, batchIndex: number) => tf.Tensor;
    conditionOf?: (start: number, size: number) => tf.Tensor;
  },
): Promise<{ values: MetricValues; klPerDimension: number[] }> {
  const posterior = models.posterior;
  if (!posterior) throw new Error('evaluateVae needs the posterior (mean and log-variance) model');
  const n = Math.min(x.shape[0]!, options.limit ?? Infinity);
  const accumulator = new MetricAccumulator(options.loss, options.binary);
  let sums: tf.Tensor1D | null = null;
  try {
    for (let start = 0, index = 0; start < n; start += options.batchSize, index++) {
      const size = Math.min(options.batchSize, n - start);
      const next = tf.tidy(() => {
        const clean = tf.slice(x, start, size);
        const input = options.inputOf ? options.inputOf(clean, index) : clean;
        const condition = options.conditionOf?.(start, size);
        const [mean, logVar] = posterior.apply(withCondition(input, condition), { training: false }) as tf.Tensor[];
        const reconstruction = models.decoder.apply(withCondition(mean!, condition), { training: false }) as tf.Tensor;
        accumulator.add(clean, reconstruction);
        const batchSums = tf.concat([
          tf.reshape(tf.sum(reconstructionPerSample(options.loss, clean, reconstruction)), [1]),
          tf.sum(klPerDimension(mean!, logVar!), 0),
        ]) as tf.Tensor1D;
        return sums ? tf.add(sums, batchSums) : batchSums;
      });
      sums?.dispose();
      sums = next as tf.Tensor1D;
    }
    if (!sums) throw new Error('no batch was evaluated: the split is empty');
    const [reconValues, partSums] = await Promise.all([accumulator.read(), sums.data()]);
    const vae = vaePartsMetrics(partSums, n, options.beta);
    return { values: { ...reconValues, ...vae.values }, klPerDimension: vae.klPerDimension };
  } finally {
    accumulator.dispose();
    sums?.dispose();
  }
}

/** The `latent-kl` artifact of one validation epoch. */
export function latentKlReport(klPerDimension: number[], epoch: number): LatentKlReport {
  const activeUnits = klPerDimension.filter((v) => v > ACTIVE_UNIT_THRESHOLD).length;
  const collapsed = activeUnits === 0;
  const total = klPerDimension.reduce((a, b) => a + b, 0);
  return {
    epoch,
    klPerDimension,
    activeUnits,
    threshold: ACTIVE_UNIT_THRESHOLD,
    collapsed,
    warning: collapsed
      ? `posterior collapse: none of the ${klPerDimension.length} latent dimensions carries more than ${ACTIVE_UNIT_THRESHOLD} nats ` +
        `(total KL ${total.toPrecision(3)} at epoch ${epoch}), so the decoder ignores the code; lower beta, or warm it up`
      : null,
  };
}
