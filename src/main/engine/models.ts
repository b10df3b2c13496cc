/**
 * Model builders: dense and convolutional autoencoders from a ModelConfig.
 *
 * The encoder, the decoder and the full autoencoder are three tf.LayersModel objects over the same
 * layer objects, so they share weights: training the autoencoder trains the other two.
 * Initialisers are seeded so that the same seed on the same backend gives the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { InitName, ModelConfig } from '../../shared/config.js';
import { planArchitecture, torchFanIn, type LayerSpec, type WeightedLayerSpec } from './architecture.js';
import { batchNormalization } from './batch-norm-layer.js';
import { dense } from './dense-layer.js';

/** The three views of one trained autoencoder. */
export interface AutoencoderModels {
  /** input → reconstruction (a flat graph: the encoder layers then the decoder layers). */
  autoencoder: tf.LayersModel;
  /** input → code. */
  encoder: tf.LayersModel;
  /** code → reconstruction. */
  decoder: tf.LayersModel;
  /**
   * VAE only: input → [mean, log-variance] of the posterior, over the same layers as the encoder.
   * Training-time only: a checkpoint keeps the three parts above (a VAE's encoder gives the mean).
   */
  posterior?: tf.LayersModel;
}

/** Seed of the n-th weighted layer: distinct per layer, fixed per run seed. */
export function layerSeed(seed: number, index: number): number {
  return (seed * 7919 + (index + 1) * 104729) % 2147483647;
}

/** Offset between the seed of a layer's kernel initializer and its bias initializer's (torch init). */
const BIAS_SEED_OFFSET = 1_000_003;

/**
 * Kernel and bias initializers of a weighted layer.
 * glorotUniform: tfjs' Glorot uniform kernel, zero bias (biasInitializer left to the layer's default).
 * torch: kernel and bias uniform in ±1/sqrt(fan_in), PyTorch's fan_in (torchFanIn): nn.Linear's and
 * nn.Conv*d's reset_parameters (kaiming_uniform_ with a = sqrt(5) gives exactly that bound).
 */
type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

function initializers(spec: WeightedLayerSpec, init: InitName, seed: number): { kernelInitializer: Initializer; biasInitializer?: Initializer } {
  if (init === 'glorotUniform') return { kernelInitializer: tf.initializers.glorotUniform({ seed }) };
  const bound = 1 / Math.sqrt(torchFanIn(spec));
  return {
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: (seed + BIAS_SEED_OFFSET) % 2147483647 }),
  };
}

/** Creates the tf layer for one planned layer; `seed` feeds its initializers, `init` says which (see initializers()). */
export function createLayer(spec: LayerSpec, seed: number, init: InitName = 'glorotUniform'): tf.layers.Layer {
  const name = spec.name;
  const kernelRegularizer = 'l2' in spec && spec.l2 > 0 ? tf.regularizers.l2({ l2: spec.l2 }) : undefined;
  switch (spec.type) {
    case 'Flatten':
      return tf.layers.flatten({ name });
    case 'Reshape':
      return tf.layers.reshape({ name, targetShape: spec.targetShape });
    case 'Dense':
      return dense({ name, units: spec.units, activation: spec.activation, ...initializers(spec, init, seed), kernelRegularizer });
    case 'BatchNormalization':
      return batchNormalization({ name });
    case 'LeakyReLU':
      return tf.layers.leakyReLU({ name, alpha: spec.alpha });
    case 'Conv2D':
      return tf.layers.conv2d({
        name,
        filters: spec.filters,
        kernelSize: spec.kernel,
        strides: spec.strides,
        padding: 'same',
        activation: spec.activation,
        ...initializers(spec, init, seed),
        kernelRegularizer,
      });
    case 'Conv2DTranspose':
      return tf.layers.conv2dTranspose({
        name,
        filters: spec.filters,
        kernelSize: spec.kernel,
        strides: 2,
        padding: 'same',
        ...initializers(spec, init, seed),
        kernelRegularizer,
      });
    case 'Cropping2D':
      return tf.layers.cropping2D({ name, cropping: spec.cropping });
  }
}

function applyAll(layers: tf.layers.Layer[], input: tf.SymbolicTensor): tf.SymbolicTensor {
  return layers.reduce((h, layer) => layer.apply(h) as tf.SymbolicTensor, input);
}

/**
 * Builds the autoencoder described by `config` for samples of `sampleShape` (no batch dimension).
 * Throws an ArchitectureError when the config does not fit the shape (e.g. conv on 1-D samples).
 */
export function buildModels(config: ModelConfig, sampleShape: number[], seed: number): AutoencoderModels {
  const plan = planArchitecture(config, sampleShape);
  let weighted = 0;
  const make = (spec: LayerSpec): tf.layers.Layer => createLayer(spec, layerSeed(seed, weighted++), config.init);
  const encoderLayers = plan.encoder.map(make);
  const decoderLayers = plan.decoder.map(make);

  const logVarLayer = plan.logVarHead ? make(plan.logVarHead) : null;

  const input = tf.input({ shape: plan.inputShape, name: 'input' });
  const features = applyAll(encoderLayers.slice(0, -1), input);
  const code = encoderLayers[encoderLayers.length - 1]!.apply(features) as tf.SymbolicTensor;
  const codeInput = tf.input({ shape: plan.codeShape, name: 'code_input' });

  const encoder = tf.model({ inputs: input, outputs: code, name: 'encoder' });
  const decoder = tf.model({ inputs: codeInput, outputs: applyAll(decoderLayers, codeInput), name: 'decoder' });
  // Applying the decoder's layers (not the decoder model) keeps the saved autoencoder a flat graph.
  const autoencoder = tf.model({ inputs: input, outputs: applyAll(decoderLayers, code), name: 'autoencoder' });
  if (!logVarLayer) return { autoencoder, encoder, decoder };
  const logVar = logVarLayer.apply(features) as tf.SymbolicTensor;
  const posterior = tf.model({ inputs: input, outputs: [code, logVar], name: 'posterior' });
  return { autoencoder, encoder, decoder, posterior };
}

/** Frees the weights of a set of models built by buildModels() or loaded by loadModels(). */
export function disposeModels(models: AutoencoderModels): void {
  // Each layer is counted once per model that applies it, so disposing the three models in turn
  // would dispose shared layers twice (tfjs throws). Release every distinct layer until its
  // count reaches zero instead, which frees its weights exactly once.
  const layers = new Set<tf.layers.Layer>();
  for (const model of [models.autoencoder, models.encoder, models.decoder, models.posterior]) model?.layers.forEach((l) => layers.add(l));
  for (const layer of layers) {
    for (let guard = 0; guard < 16; guard++) {
      if (!layer.built) break;
      const { refCountAfterDispose } = layer.dispose();
      if (!refCountAfterDispose) break;
    }
  }
}
