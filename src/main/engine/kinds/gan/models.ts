/**
 * GAN model builders and the prior: the generator (prior sample → data sample, saved as the
 * checkpoint's `decoder` part, so every "decode a latent vector" tool works on it) and the
 * discriminator (data sample → logit). Initialisers are seeded like the autoencoders'.
 */
import * as tf from '@tensorflow/tfjs';
import type { GanModelConfig, InitName } from '../../../../shared/config.js';
import { gaussian, seededRandom } from '../../../../shared/random.js';
import type { LayerSpec } from '../../layer-spec.js';
import { createLayer, layerSeed } from '../../models.js';
import { planGan } from './plan.js';

export interface GanModels {
  /** latent vector → sample in [0, 1]. */
  generator: tf.LayersModel;
  /** sample → real/fake logit (shape [1]). */
  discriminator: tf.LayersModel;
}

/** Seeds of the discriminator's layers start here so that they differ from the generator's. */
const DISCRIMINATOR_SEED_OFFSET = 1000;

function chain(specs: LayerSpec[], inputShape: number[], seed: number, seedOffset: number, name: string, init: InitName): tf.LayersModel {
  let weighted = seedOffset;
  const input = tf.input({ shape: inputShape, name: `${name}_input` });
  const output = specs.reduce((h, spec) => createLayer(spec, layerSeed(seed, weighted++), init).apply(h) as tf.SymbolicTensor, input);
  return tf.model({ inputs: input, outputs: output, name });
}

/** Builds the generator and the discriminator of `config` for samples of `sampleShape`. */
export function buildGanModels(config: GanModelConfig, sampleShape: number[], seed: number): GanModels {
  const plan = planGan(config, sampleShape);
  return {
    generator: chain(plan.generator, [config.latent], seed, 0, 'generator', config.init),
    discriminator: chain(plan.discriminator, sampleShape, seed, DISCRIMINATOR_SEED_OFFSET, 'discriminator', config.init),
  };
}

export function disposeGanModels(models: GanModels): void {
  models.generator.dispose();
  models.discriminator.dispose();
}

/**
 * `count` prior samples of `latent` values each (sample-major), from a seeded generator so the
 * same seed gives the same codes on every backend: N(0, I), or U(-1, 1) per dimension.
 */
export function priorCodes(prior: GanModelConfig['prior'], latent: number, count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const codes = new Float32Array(count * latent);
  for (let i = 0; i < codes.length; i++) codes[i] = prior === 'normal' ? gaussian(random) : 2 * random() - 1;
  return codes;
}

/** A batch of prior samples drawn on the device (training noise); `seed` makes it reproducible. */
export function priorBatch(prior: GanModelConfig['prior'], latent: number, size: number, seed: number): tf.Tensor2D {
  return prior === 'normal' ? tf.randomNormal([size, latent], 0, 1, 'float32', seed) : tf.randomUniform([size, latent], -1, 1, 'float32', seed);
}

/** Runs the generator on `codes` (sample-major, `latent` each) in inference mode; one flat array per sample. */
export async function generate(generator: tf.LayersModel, codes: Float32Array, latent: number): Promise<number[][]> {
  const count = codes.length / latent;
  const output = tf.tidy(() => tf.reshape(generator.apply(tf.tensor2d(codes, [count, latent]), { training: false }) as tf.Tensor, [count, -1]));
  const rows = (await output.array()) as number[][];
  output.dispose();
  return rows;
}
