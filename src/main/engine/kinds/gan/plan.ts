/**
 * GAN architecture planning: the layers of the generator (prior sample → data sample) and of the
 * discriminator (data sample → one real/fake logit), as LayerSpec lists the shared layer factory
 * builds. Pure (no tfjs), so runs.validate can describe a GAN without a backend.
 */
import type { GanModelConfig } from '../../../../shared/config.js';
import { ArchitectureError, cropToInput, DENSE_LEAKY_ALPHA, product, type LayerSpec } from '../../layer-spec.js';

/** The planned pair; shapes exclude the batch dimension. */
export interface GanPlan {
  sampleShape: number[];
  latent: number;
  generator: LayerSpec[];
  discriminator: LayerSpec[];
}

const lrelu = (name: string, shape: number[]): LayerSpec => ({ type: 'LeakyReLU', name, alpha: DENSE_LEAKY_ALPHA, outputShape: shape, params: 0 });
const dense = (name: string, inputs: number, units: number, activation: 'linear' | 'sigmoid'): LayerSpec => ({
  type: 'Dense', name, units, activation, l2: 0, outputShape: [units], params: inputs * units + units,
});

/** Dense MLPs with LeakyReLU hidden layers; the generator ends in a sigmoid (data lie in [0, 1]). */
function planDense(config: GanModelConfig, sampleShape: number[]): GanPlan {
  const size = product(sampleShape);
  const generator: LayerSpec[] = [];
  let width = config.latent;
  config.generator.forEach((units, i) => {
    generator.push(dense(`gen_dense_${i + 1}`, width, units, 'linear'), lrelu(`gen_lrelu_${i + 1}`, [units]));
    width = units;
  });
  generator.push(dense('gen_sample', width, size, 'sigmoid'));
  if (sampleShape.length > 1) generator.push({ type: 'Reshape', name: 'gen_unflatten', targetShape: sampleShape, outputShape: sampleShape, params: 0 });

  const discriminator: LayerSpec[] = [];
  if (sampleShape.length > 1) discriminator.push({ type: 'Flatten', name: 'disc_flatten', outputShape: [size], params: 0 });
  width = size;
  config.discriminator.forEach((units, i) => {
    discriminator.push(dense(`disc_dense_${i + 1}`, width, units, 'linear'), lrelu(`disc_lrelu_${i + 1}`, [units]));
    width = units;
  });
  // A logit, not a probability: the losses use the numerically stable sigmoid cross-entropy.
  discriminator.push(dense('disc_logit', width, 1, 'linear'));
  return { sampleShape, latent: config.latent, generator, discriminator };
}

/**
 * A small DCGAN: the generator projects the prior sample to a coarse feature map of
 * `generator[0]` channels, upsamples it ×2 once per `generator` entry with Conv2DTranspose +
 * batch-norm + LeakyReLU, crops any overshoot and ends in a 3x3 sigmoid conv; the discriminator is
 * one stride-2 Conv2D + LeakyReLU per `discriminator` entry, then a dense logit.
 */
function planDcgan(config: GanModelConfig, sampleShape: number[]): GanPlan {
  if (sampleShape.length !== 2 && sampleShape.length !== 3) {
    throw new ArchitectureError(
      `model.architecture "dcgan" needs image samples (height × width × channels), but the dataset's samples have shape [${sampleShape.join(', ')}]`,
    );
  }
  const [height, width, channels] = [sampleShape[0]!, sampleShape[1]!, sampleShape[2] ?? 1];
  const ups = config.generator.length;
  let [h, w, c] = [Math.ceil(height / 2 ** ups), Math.ceil(width / 2 ** ups), config.generator[0]!];
  if (h < 2 || w < 2) {
    throw new ArchitectureError(`model.generator: ${ups} upsampling blocks start from a ${h}x${w} map for ${height}x${width} images; use fewer`);
  }
  const generator: LayerSpec[] = [
    dense('gen_project', config.latent, h * w * c, 'linear'),
    { type: 'BatchNormalization', name: 'gen_project_bn', outputShape: [h * w * c], params: 4 * h * w * c },
    lrelu('gen_project_lrelu', [h * w * c]),
    { type: 'Reshape', name: 'gen_map', targetShape: [h, w, c], outputShape: [h, w, c], params: 0 },
  ];
  config.generator.forEach((filters, i) => {
    const params = 3 * 3 * filters * c + filters;
    [h, w, c] = [h * 2, w * 2, filters];
    generator.push(
      { type: 'Conv2DTranspose', name: `gen_deconv_${i + 1}`, filters, kernel: 3, l2: 0, outputShape: [h, w, c], params },
      { type: 'BatchNormalization', name: `gen_bn_${i + 1}`, outputShape: [h, w, c], params: 4 * c },
      lrelu(`gen_lrelu_${i + 1}`, [h, w, c]),
    );
  });
  [h, w, c] = cropToInput(generator, [h, w, c], height, width, 'gen_crop');
  generator.push({
    type: 'Conv2D', name: 'gen_sample', filters: channels, kernel: 3, strides: 1, activation: 'sigmoid', l2: 0,
    outputShape: [h, w, channels], params: 3 * 3 * c * channels + channels,
  });
  if (sampleShape.length === 2) generator.push({ type: 'Reshape', name: 'gen_drop_channel', targetShape: sampleShape, outputShape: sampleShape, params: 0 });

  const discriminator: LayerSpec[] = [];
  if (sampleShape.length === 2) {
    discriminator.push({ type: 'Reshape', name: 'disc_add_channel', targetShape: [height, width, 1], outputShape: [height, width, 1], params: 0 });
  }
  [h, w, c] = [height, width, channels];
  config.discriminator.forEach((filters, i) => {
    const params = 3 * 3 * c * filters + filters;
    [h, w, c] = [Math.ceil(h / 2), Math.ceil(w / 2), filters];
    discriminator.push(
      { type: 'Conv2D', name: `disc_conv_${i + 1}`, filters, kernel: 3, strides: 2, activation: 'linear', l2: 0, outputShape: [h, w, c], params },
      lrelu(`disc_lrelu_${i + 1}`, [h, w, c]),
    );
  });
  discriminator.push({ type: 'Flatten', name: 'disc_flatten', outputShape: [h * w * c], params: 0 }, dense('disc_logit', h * w * c, 1, 'linear'));
  return { sampleShape, latent: config.latent, generator, discriminator };
}

/** Plans both networks of a GAN for samples of `sampleShape`; throws an ArchitectureError when they cannot fit. */
export function planGan(config: GanModelConfig, sampleShape: number[]): GanPlan {
  return config.architecture === 'dcgan' ? planDcgan(config, sampleShape) : planDense(config, sampleShape);
}
