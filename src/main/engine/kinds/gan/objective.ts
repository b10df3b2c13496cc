/**
 * The GAN objective (manual optimisation in the one loop): per batch one discriminator step (real
 * batch vs generated batch) then one generator step (non-saturating loss), each with its own
 * optimizer. Validation scores the discriminator on held-out real samples and on the generator's
 * images of fixed prior codes.
 */
import * as tf from '@tensorflow/tfjs';
import type { GanModelConfig, MetricValues, RunConfig } from '../../../../shared/config.js';
import { kindSpec, recordedMetrics } from '../../../../shared/kinds/registry.js';
import { fusedOpUsable } from '../../gradients.js';
import { NOISE_STREAM, type Batch, type Objective } from '../../loop/objective.js';
import { LOGIT_BCE_KERNEL } from '../../wasm-kernels/logit-bce.js';
import { distinctVariables, OptimizedVariables } from '../../objectives/optimized-variables.js';
import { priorBatch, priorCodes, type GanModels } from './models.js';

/** Validation scores the discriminator on at most this many held-out real samples (and as many generated ones). */
export const GAN_EVAL_LIMIT = 1024;
/** Seed offset of the fixed validation codes (apart from the training noise and the sample grid). */
const EVAL_CODES_SEED_OFFSET = 7777;

/**
 * Mean sigmoid cross-entropy of logits against an all-ones or all-zeros target: one op each way
 * on wasm (wasm-kernels/logit-bce.ts), tf.losses.sigmoidCrossEntropy elsewhere.
 */
export function bceWithLogits(logits: tf.Tensor, target: 0 | 1): tf.Scalar {
  if (logits.dtype === 'float32' && fusedOpUsable(LOGIT_BCE_KERNEL)) {
    return tf.engine().runKernel(LOGIT_BCE_KERNEL, { x: logits }, { target }) as tf.Scalar;
  }
  const labels = target === 1 ? tf.onesLike(logits) : tf.zerosLike(logits);
  return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
}

/** Discriminator loss: real samples should score 1, generated ones 0 (sum of the two means). */
function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.add(bceWithLogits(realLogits, 1), bceWithLogits(fakeLogits, 0)) as tf.Scalar;
}

/** The metric record of a GAN: `loss` is the generator loss (the number the progress bar shows). */
const ganLossValues = (d: number, g: number): MetricValues => ({ loss: g, discriminatorLoss: d, generatorLoss: g });

/**
 * D and G losses of real samples `x` against the generator's images of `codes`, in inference
 * mode. `loss` is the generator loss, the quantity the generator minimises.
 */
export async function evaluateGan(models: GanModels, x: tf.Tensor, codes: tf.Tensor2D): Promise<MetricValues> {
  const losses = tf.tidy(() => {
    const fakeLogits = models.discriminator.apply(models.generator.apply(codes, { training: false }), { training: false }) as tf.Tensor;
    const realLogits = models.discriminator.apply(x, { training: false }) as tf.Tensor;
    return tf.stack([discriminatorLoss(realLogits, fakeLogits), bceWithLogits(fakeLogits, 1)]);
  });
  const [d, g] = await losses.data();
  losses.dispose();
  return ganLossValues(d!, g!);
}

/**
 * The objective of `models` (Adam betas and the generator's learning rate from
 * training.optimizer; the discriminator's from model.discriminatorLearningRate when set).
 */
export function ganObjective(models: GanModels, config: RunConfig, gan: GanModelConfig, valCount: number): Objective {
  const training = config.training;
  const generator = new OptimizedVariables(training.optimizer, models.generator.trainableWeights);
  const discriminatorRate = gan.discriminatorLearningRate ?? training.optimizer.learningRate;
  const discriminator = new OptimizedVariables({ ...training.optimizer, learningRate: discriminatorRate }, models.discriminator.trainableWeights);
  const evalCount = Math.min(valCount, GAN_EVAL_LIMIT);
  const evalCodes = tf.tensor2d(priorCodes(gan.prior, gan.latent, evalCount, training.seed + EVAL_CODES_SEED_OFFSET), [evalCount, gan.latent]);
  return {
    description: kindSpec(config.model.kind).description,
    trainables: [...generator.variables, ...discriminator.variables],
    recordedMetrics: (binary) => recordedMetrics(config.model.kind, binary),
    setLearningRate(rate) {
      generator.setLearningRate(rate);
      discriminator.setLearningRate((rate * discriminatorRate) / training.optimizer.learningRate);
    },
    step(batch: Batch): tf.Tensor1D {
      const fakeCodes = priorBatch(gan.prior, gan.latent, batch.size, batch.noiseSeed(NOISE_STREAM.ganDiscriminatorNoise));
      const fakes = models.generator.apply(fakeCodes, { training: true }) as tf.Tensor;
      const dLoss = discriminator.minimize(() => {
        const realLogits = models.discriminator.apply(batch.x, { training: true }) as tf.Tensor;
        const fakeLogits = models.discriminator.apply(fakes, { training: true }) as tf.Tensor;
        return discriminatorLoss(realLogits, fakeLogits);
      });
      const noise = priorBatch(gan.prior, gan.latent, batch.size, batch.noiseSeed(NOISE_STREAM.ganGeneratorNoise));
      const gLoss = generator.minimize(() =>
        bceWithLogits(models.discriminator.apply(models.generator.apply(noise, { training: true }), { training: true }) as tf.Tensor, 1),
      );
      // [generator loss (the progress loss), discriminator loss]
      return tf.stack([gLoss, dLoss]) as tf.Tensor1D;
    },
    epochMetrics: (sums, batches) => ganLossValues(sums[1]! / batches, sums[0]! / batches),
    async evaluate(split, x) {
      if (split === 'train') return null;
      const real = tf.slice(x, 0, evalCount);
      try {
        return { values: await evaluateGan(models, real, evalCodes) };
      } finally {
        real.dispose();
      }
    },
    state: { variables: distinctVariables([models.generator, models.discriminator]), optimizers: [discriminator, generator] },
    dispose() {
      generator.dispose();
      discriminator.dispose();
      evalCodes.dispose();
    },
  };
}
