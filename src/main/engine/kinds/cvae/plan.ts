/**
 * Architecture planning of the conditional VAE. Pure: no tfjs.
 *
 * Encoder: the flattened sample and the one-hot label, concatenated, through the dense widths to the
 * mean head `z_mean` and the log-variance head `z_log_var`. Decoder: the code and the same one-hot
 * label, concatenated, through the decoder widths to the reconstruction. The concatenations hold no
 * weights; each first dense layer's parameter count includes the label's `classes` extra inputs.
 */
import type { Activation } from '../../../../shared/config.js';
import type { CvaeModelConfig } from '../../../../shared/kinds/cvae.js';
import { denseReconstruction, denseStack, product, type LayerSpec } from '../../layer-spec.js';
import { linearHead } from '../vae/plan.js';

/** The planned conditional VAE: shapes exclude the batch dimension. */
export interface CvaePlan {
  sampleShape: number[];
  classes: number;
  latent: number;
  /** Applied to concat(flatten(x), onehot(y)): the hidden dense layers. */
  encoderHidden: LayerSpec[];
  meanHead: LayerSpec;
  logVarHead: LayerSpec;
  /** Applied to concat(z, onehot(y)): the hidden dense layers, the reconstruction, and a reshape back to the sample shape when it is not flat. */
  decoder: LayerSpec[];
}

function hiddenLayers(prefix: string, inputs: number, widths: readonly number[], activation: Activation): { layers: LayerSpec[]; width: number } {
  const layers: LayerSpec[] = [];
  const width = denseStack(layers, prefix, inputs, widths, activation, 0);
  return { layers, width };
}

/** Plans a conditional VAE for samples of `sampleShape`. */
export function planCvae(config: CvaeModelConfig, sampleShape: number[]): CvaePlan {
  const inputSize = product(sampleShape);
  const encoder = hiddenLayers('enc', inputSize + config.classes, config.encoder, config.activation);
  const decoder = hiddenLayers('dec', config.latent + config.classes, config.decoder ?? [...config.encoder].reverse(), config.activation);
  denseReconstruction(decoder.layers, decoder.width, sampleShape, config.outputActivation, 0);
  return {
    sampleShape,
    classes: config.classes,
    latent: config.latent,
    encoderHidden: encoder.layers,
    meanHead: linearHead('z_mean', encoder.width, config.latent),
    logVarHead: linearHead('z_log_var', encoder.width, config.latent),
    decoder: decoder.layers,
  };
}

/** Every layer of the model in summary order: the flatten, the encoder, both heads, the decoder. */
export function cvaeSummaryLayers(config: CvaeModelConfig, sampleShape: number[]): LayerSpec[] {
  const plan = planCvae(config, sampleShape);
  const flatten: LayerSpec[] = sampleShape.length > 1 ? [{ type: 'Flatten', name: 'flatten', outputShape: [product(sampleShape)], params: 0 }] : [];
  return [...flatten, ...plan.encoderHidden, plan.meanHead, plan.logVarHead, ...plan.decoder];
}
