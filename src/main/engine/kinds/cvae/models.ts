/**
 * Builds a conditional VAE's models over shared layers, like buildModels() for the other
 * autoencoders: `encoder` [x, y] → mean code, `decoder` [z, y] → sample, `autoencoder` [x, y] →
 * reconstruction from the mean code, and the training-time `posterior` [x, y] → [mean, log-variance].
 * y is the one-hot class label. Initialisers are seeded per layer from the run seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { CvaeModelConfig } from '../../../../shared/kinds/cvae.js';
import type { LayerSpec } from '../../layer-spec.js';
import { createLayer, layerSeed, type AutoencoderModels } from '../../models.js';
import { planCvae } from './plan.js';

const applyAll = (layers: tf.layers.Layer[], input: tf.SymbolicTensor): tf.SymbolicTensor => layers.reduce((h, layer) => layer.apply(h) as tf.SymbolicTensor, input);

export function buildCvaeModels(config: CvaeModelConfig, sampleShape: number[], seed: number): AutoencoderModels {
  const plan = planCvae(config, sampleShape);
  let weighted = 0;
  const make = (spec: LayerSpec): tf.layers.Layer => createLayer(spec, layerSeed(seed, weighted++), config.init);
  const encoderHidden = plan.encoderHidden.map(make);
  const meanHead = make(plan.meanHead);
  const decoderLayers = plan.decoder.map(make);
  const logVarHead = make(plan.logVarHead);
  const encoderJoin = tf.layers.concatenate({ name: 'enc_condition', axis: -1 });
  const decoderJoin = tf.layers.concatenate({ name: 'dec_condition', axis: -1 });

  const input = tf.input({ shape: sampleShape, name: 'input' });
  const label = tf.input({ shape: [plan.classes], name: 'label' });
  const flat = sampleShape.length > 1 ? (tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor) : input;
  const features = applyAll(encoderHidden, encoderJoin.apply([flat, label]) as tf.SymbolicTensor);
  const mean = meanHead.apply(features) as tf.SymbolicTensor;
  const logVar = logVarHead.apply(features) as tf.SymbolicTensor;
  const decode = (code: tf.SymbolicTensor): tf.SymbolicTensor => applyAll(decoderLayers, decoderJoin.apply([code, label]) as tf.SymbolicTensor);

  const codeInput = tf.input({ shape: [plan.latent], name: 'code_input' });
  return {
    encoder: tf.model({ inputs: [input, label], outputs: mean, name: 'encoder' }),
    decoder: tf.model({ inputs: [codeInput, label], outputs: decode(codeInput), name: 'decoder' }),
    autoencoder: tf.model({ inputs: [input, label], outputs: decode(mean), name: 'autoencoder' }),
    posterior: tf.model({ inputs: [input, label], outputs: [mean, logVar], name: 'posterior' }),
  };
}
