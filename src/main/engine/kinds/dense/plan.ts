/**
 * Architecture planning of the dense autoencoder: Dense encoder widths (the last is the code), a
 * mirrored decoder and a reconstruction layer of the input's size. Pure: no tfjs.
 */
import type { DenseModelConfig } from '../../../../shared/config.js';
import { denseBlock, denseReconstruction, denseStack, product, type ArchitecturePlan, type LayerSpec } from '../../layer-spec.js';

/** Plans a dense autoencoder for samples of `sampleShape`. */
export function planDense(config: DenseModelConfig, sampleShape: number[]): ArchitecturePlan {
  const inputSize = product(sampleShape);
  const encoder: LayerSpec[] = [];
  if (sampleShape.length > 1) encoder.push({ type: 'Flatten', name: 'flatten', outputShape: [inputSize], params: 0 });
  let width = inputSize;
  config.encoder.forEach((units, i) => {
    const isCode = i === config.encoder.length - 1;
    const activation = isCode ? (config.codeActivation ?? config.activation) : config.activation;
    denseBlock(encoder, isCode ? 'code' : `enc_dense_${i + 1}`, width, units, activation, config.weightDecay);
    width = units;
  });
  if (config.batchNormCode) encoder.push({ type: 'BatchNormalization', name: 'code_bn', outputShape: [width], params: 4 * width });
  const codeShape = [width];

  const decoder: LayerSpec[] = [];
  const hidden = config.decoder ?? config.encoder.slice(0, -1).reverse();
  width = denseStack(decoder, 'dec', width, hidden, config.activation, config.weightDecay);
  denseReconstruction(decoder, width, sampleShape, config.outputActivation, config.weightDecay);
  return { inputShape: sampleShape, encoder, codeShape, decoder };
}

