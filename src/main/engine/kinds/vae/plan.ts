/**
 * Architecture planning of variational autoencoders (dense or convolutional encoder).
 *
 * The encoder ends in the mean head `z_mean`; the log-variance head `z_log_var` is planned apart
 * (ArchitecturePlan.logVarHead) because it reads the same features as the mean head (the input of
 * the encoder's last layer) and only the training objective uses it.
 */
import type { Activation, VaeModelConfig } from '../../../../shared/config.js';
import { ArchitectureError, convReconstruction, cropToInput, DENSE_LEAKY_ALPHA, denseBlock, denseReconstruction, denseStack, product, type ArchitecturePlan, type LayerSpec } from '../../layer-spec.js';

const dense = (layers: LayerSpec[], name: string, inputs: number, units: number, activation: Activation): void => denseBlock(layers, name, inputs, units, activation, 0);

/** A linear dense head to the latent size: z_mean and z_log_var of a VAE (and of kinds built on its maths). */
export const linearHead = (name: string, inputs: number, latent: number): LayerSpec => ({
  type: 'Dense',
  name,
  units: latent,
  activation: 'linear',
  l2: 0,
  outputShape: [latent],
  params: inputs * latent + latent,
});

function planDenseVae(config: VaeModelConfig, sampleShape: number[]): ArchitecturePlan {
  const inputSize = product(sampleShape);
  const encoder: LayerSpec[] = [];
  if (sampleShape.length > 1) encoder.push({ type: 'Flatten', name: 'flatten', outputShape: [inputSize], params: 0 });
  const features = denseStack(encoder, 'enc', inputSize, config.encoder, config.activation, 0);
  encoder.push(linearHead('z_mean', features, config.latent));
  const logVarHead = linearHead('z_log_var', features, config.latent);

  const decoder: LayerSpec[] = [];
  const width = denseStack(decoder, 'dec', config.latent, config.decoder ?? [...config.encoder].reverse(), config.activation, 0);
  denseReconstruction(decoder, width, sampleShape, config.outputActivation, 0);
  return { inputShape: sampleShape, encoder, codeShape: [config.latent], decoder, logVarHead };
}

function planConvVae(config: VaeModelConfig, blocks: NonNullable<VaeModelConfig['convBlocks']>, sampleShape: number[]): ArchitecturePlan {
  if (sampleShape.length !== 2 && sampleShape.length !== 3) {
    throw new ArchitectureError(
      `model.convBlocks needs image samples (height × width × channels), but the dataset's samples have shape [${sampleShape.join(', ')}]`,
    );
  }
  const [height, width, channels] = [sampleShape[0]!, sampleShape[1]!, sampleShape[2] ?? 1];
  const activate = (layers: LayerSpec[], prefix: string, i: number, shape: number[]): void => {
    if (config.batchNorm) layers.push({ type: 'BatchNormalization', name: `${prefix}_bn_${i}`, outputShape: shape, params: 4 * shape[2]! });
    layers.push({ type: 'LeakyReLU', name: `${prefix}_lrelu_${i}`, alpha: DENSE_LEAKY_ALPHA, outputShape: shape, params: 0 });
  };
  const encoder: LayerSpec[] = [];
  if (sampleShape.length === 2) encoder.push({ type: 'Reshape', name: 'add_channel', targetShape: [height, width, 1], outputShape: [height, width, 1], params: 0 });
  let [h, w, c] = [height, width, channels];
  blocks.forEach((block, i) => {
    const params = block.kernel * block.kernel * c * block.filters + block.filters;
    [h, w, c] = [Math.ceil(h / 2), Math.ceil(w / 2), block.filters];
    encoder.push({ type: 'Conv2D', name: `enc_conv_${i + 1}`, filters: c, kernel: block.kernel, strides: 2, activation: 'linear', l2: 0, outputShape: [h, w, c], params });
    activate(encoder, 'enc', i + 1, [h, w, c]);
  });
  const featureShape = [h, w, c];
  const features = product(featureShape);
  encoder.push({ type: 'Flatten', name: 'enc_flatten', outputShape: [features], params: 0 });
  encoder.push(linearHead('z_mean', features, config.latent));
  const logVarHead = linearHead('z_log_var', features, config.latent);

  const decoder: LayerSpec[] = [];
  dense(decoder, 'dec_dense', config.latent, features, config.activation);
  decoder.push({ type: 'Reshape', name: 'dec_unflatten', targetShape: featureShape, outputShape: featureShape, params: 0 });
  [...blocks].reverse().forEach((block, i) => {
    const filters = blocks[blocks.length - 2 - i]?.filters ?? block.filters;
    const params = block.kernel * block.kernel * filters * c + filters;
    [h, w, c] = [h * 2, w * 2, filters];
    decoder.push({ type: 'Conv2DTranspose', name: `dec_deconv_${i + 1}`, filters, kernel: block.kernel, l2: 0, outputShape: [h, w, c], params });
    activate(decoder, 'dec', i + 1, [h, w, c]);
  });
  convReconstruction(decoder, cropToInput(decoder, [h, w, c], height, width), sampleShape, config.outputActivation, 0);
  return { inputShape: sampleShape, encoder, codeShape: [config.latent], decoder, logVarHead };
}

/** Plans a VAE: dense encoder widths, or stride-2 conv blocks when `convBlocks` is set. */
export function planVae(config: VaeModelConfig, sampleShape: number[]): ArchitecturePlan {
  return config.convBlocks ? planConvVae(config, config.convBlocks, sampleShape) : planDenseVae(config, sampleShape);
}
