/**
 * Architecture planning of the convolutional autoencoder: stride-2 Conv2D blocks, a mirrored
 * Conv2DTranspose decoder and a 1x1 sigmoid conv. Pure: no tfjs.
 */
import type { ConvModelConfig } from '../../../../shared/config.js';
import { ArchitectureError, convReconstruction, cropToInput, type ArchitecturePlan, type LayerSpec } from '../../layer-spec.js';

/** Plans a convolutional autoencoder for image samples of `sampleShape`. */
export function planConv(config: ConvModelConfig, sampleShape: number[]): ArchitecturePlan {
  if (sampleShape.length !== 2 && sampleShape.length !== 3) {
    throw new ArchitectureError(
      `model.kind "conv" needs image samples (height × width × channels), but the dataset's samples have shape [${sampleShape.join(', ')}]`,
      [{ code: 'convNeedsImages', params: { shape: `[${sampleShape.join(', ')}]` } }],
    );
  }
  const [height, width, channels] = [sampleShape[0]!, sampleShape[1]!, sampleShape[2] ?? 1];
  const encoder: LayerSpec[] = [];
  if (sampleShape.length === 2) {
    encoder.push({ type: 'Reshape', name: 'add_channel', targetShape: [height, width, 1], outputShape: [height, width, 1], params: 0 });
  }
  let [h, w, c] = [height, width, channels];
  const normAndActivate = (layers: LayerSpec[], prefix: string, i: number): void => {
    if (config.batchNorm) layers.push({ type: 'BatchNormalization', name: `${prefix}_bn_${i}`, outputShape: [h, w, c], params: 4 * c });
    layers.push({ type: 'LeakyReLU', name: `${prefix}_lrelu_${i}`, alpha: config.leakyAlpha, outputShape: [h, w, c], params: 0 });
  };
  config.blocks.forEach((block, i) => {
    const params = block.kernel * block.kernel * c * block.filters + block.filters;
    // 'same' padding with stride 2 rounds up: 7 -> 4.
    [h, w, c] = [Math.ceil(h / 2), Math.ceil(w / 2), block.filters];
    encoder.push({ type: 'Conv2D', name: `enc_conv_${i + 1}`, filters: block.filters, kernel: block.kernel, strides: 2, activation: 'linear', l2: config.weightDecay, outputShape: [h, w, c], params });
    normAndActivate(encoder, 'enc', i + 1);
  });
  const codeShape = [h, w, c];

  const decoder: LayerSpec[] = [];
  const filters = config.decoderFilters ?? config.blocks.map((b) => b.filters).reverse();
  const kernels = config.blocks.map((b) => b.kernel).reverse();
  filters.forEach((f, i) => {
    const kernel = kernels[i] ?? 3;
    const params = kernel * kernel * f * c + f;
    [h, w, c] = [h * 2, w * 2, f];
    decoder.push({ type: 'Conv2DTranspose', name: `dec_deconv_${i + 1}`, filters: f, kernel, l2: config.weightDecay, outputShape: [h, w, c], params });
    normAndActivate(decoder, 'dec', i + 1);
  });
  if (h < height || w < width) {
    throw new ArchitectureError(
      `model.decoderFilters: ${filters.length} upsampling block(s) give ${h}x${w}, smaller than the ${height}x${width} input; ` +
        `use at least as many decoder blocks as encoder blocks (${config.blocks.length})`,
    );
  }
  [h, w, c] = cropToInput(decoder, [h, w, c], height, width);
  convReconstruction(decoder, [h, w, c], sampleShape, 'sigmoid', config.weightDecay);
  return { inputShape: sampleShape, encoder, codeShape, decoder };
}

