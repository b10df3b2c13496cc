/**
 * Architecture planning: turns a ModelConfig and a sample shape into the exact list of layers
 * (names, output shapes, parameter counts) of the encoder and the decoder.
 *
 * Pure (no tfjs): the builder in models.ts turns each LayerSpec into a tf layer, and
 * summarizeArchitecture() answers `runs.validate` in the main process without any backend.
 */
import type { Activation, ConvModelConfig, DenseModelConfig, ModelConfig } from '../../shared/config.js';
import type { ArchitectureSummary } from '../../shared/api.js';
import { planGan } from './gan/architecture.js';
import { planVae } from './architecture-vae.js';

/** Negative slope used for `leakyRelu` in dense models (the dense schema has no alpha field). */
export const DENSE_LEAKY_ALPHA = 0.2;

/** Activations a tfjs Dense/Conv layer takes directly; leakyRelu becomes a separate LeakyReLU layer. */
export type LayerActivation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

/** One layer as planned: enough to build it with tfjs and to summarise it without tfjs. */
export type LayerSpec = { name: string; outputShape: number[]; params: number } & (
  | { type: 'Flatten' }
  | { type: 'Reshape'; targetShape: number[] }
  | { type: 'Dense'; units: number; activation: LayerActivation; l2: number }
  | { type: 'BatchNormalization' }
  | { type: 'LeakyReLU'; alpha: number }
  | { type: 'Conv2D'; filters: number; kernel: number; strides: number; activation: LayerActivation; l2: number }
  | { type: 'Conv2DTranspose'; filters: number; kernel: number; l2: number }
  | { type: 'Cropping2D'; cropping: [[number, number], [number, number]] }
);

/** The planned autoencoder: shapes exclude the batch dimension. */
export interface ArchitecturePlan {
  inputShape: number[];
  encoder: LayerSpec[];
  /** Shape of the code (encoder output, decoder input). */
  codeShape: number[];
  decoder: LayerSpec[];
  /** VAE only: the log-variance head, applied like the encoder's last layer (the mean head) to that layer's input. */
  logVarHead?: LayerSpec;
}

/** Thrown when a model config cannot be built for the given sample shape. */
export class ArchitectureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchitectureError';
  }
}

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The layers that hold a kernel and a bias. */
export type WeightedLayerSpec = Extract<LayerSpec, { type: 'Dense' | 'Conv2D' | 'Conv2DTranspose' }>;

/**
 * PyTorch's fan_in of a layer's weight, the one its default initialisation reads
 * (torch.nn.init._calculate_fan_in_and_fan_out on the weight): in_features for nn.Linear,
 * in_channels·kh·kw for nn.Conv2d, and out_channels·kh·kw for nn.ConvTranspose2d, whose weight is
 * laid out (in_channels, out_channels, kh, kw) so that dimension 1 holds the output channels.
 */
export function torchFanIn(spec: WeightedLayerSpec): number {
  switch (spec.type) {
    case 'Dense':
      return (spec.params - spec.units) / spec.units;
    case 'Conv2D':
      return (spec.params - spec.filters) / spec.filters;
    case 'Conv2DTranspose':
      return spec.filters * spec.kernel * spec.kernel;
  }
}

/** Appends the layers of one dense block (Dense, then LeakyReLU when that activation is asked for). */
function denseBlock(layers: LayerSpec[], name: string, inputs: number, units: number, activation: Activation, l2: number): void {
  const leaky = activation === 'leakyRelu';
  layers.push({ type: 'Dense', name, units, activation: leaky ? 'linear' : activation, l2, outputShape: [units], params: inputs * units + units });
  if (leaky) layers.push({ type: 'LeakyReLU', name: `${name}_lrelu`, alpha: DENSE_LEAKY_ALPHA, outputShape: [units], params: 0 });
}

function planDense(config: DenseModelConfig, sampleShape: number[]): ArchitecturePlan {
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
  hidden.forEach((units, i) => {
    denseBlock(decoder, `dec_dense_${i + 1}`, width, units, config.activation, config.weightDecay);
    width = units;
  });
  decoder.push({
    type: 'Dense',
    name: 'reconstruction',
    units: inputSize,
    activation: config.outputActivation,
    l2: config.weightDecay,
    outputShape: [inputSize],
    params: width * inputSize + inputSize,
  });
  if (sampleShape.length > 1) decoder.push({ type: 'Reshape', name: 'unflatten', targetShape: sampleShape, outputShape: sampleShape, params: 0 });
  return { inputShape: sampleShape, encoder, codeShape, decoder };
}

function planConv(config: ConvModelConfig, sampleShape: number[]): ArchitecturePlan {
  if (sampleShape.length !== 2 && sampleShape.length !== 3) {
    throw new ArchitectureError(
      `model.kind "conv" needs image samples (height × width × channels), but the dataset's samples have shape [${sampleShape.join(', ')}]`,
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
  if (h > height || w > width) {
    // Stride-2 'same' convs round odd sizes up (28 -> 14 -> 7 -> 4 -> 32 back up): crop the overshoot.
    const cropping: [[number, number], [number, number]] = [
      [Math.floor((h - height) / 2), Math.ceil((h - height) / 2)],
      [Math.floor((w - width) / 2), Math.ceil((w - width) / 2)],
    ];
    [h, w] = [height, width];
    decoder.push({ type: 'Cropping2D', name: 'crop', cropping, outputShape: [h, w, c], params: 0 });
  }
  decoder.push({
    type: 'Conv2D',
    name: 'reconstruction',
    filters: channels,
    kernel: 1,
    strides: 1,
    activation: 'sigmoid',
    l2: config.weightDecay,
    outputShape: [h, w, channels],
    params: c * channels + channels,
  });
  if (sampleShape.length === 2) decoder.push({ type: 'Reshape', name: 'drop_channel', targetShape: sampleShape, outputShape: sampleShape, params: 0 });
  return { inputShape: sampleShape, encoder, codeShape, decoder };
}

function aeLayers(model: ModelConfig, sampleShape: number[]): LayerSpec[] {
  const plan = planArchitecture(model, sampleShape);
  // A VAE's log-variance head sits beside its mean head (the encoder's last layer).
  const heads = plan.logVarHead ? [plan.logVarHead] : [];
  return [...plan.encoder, ...heads, ...plan.decoder];
}

function ganLayers(model: Extract<ModelConfig, { kind: 'gan' }>, sampleShape: number[]): LayerSpec[] {
  checkSampleShape(sampleShape);
  const plan = planGan(model, sampleShape);
  return [...plan.generator, ...plan.discriminator];
}

function checkSampleShape(sampleShape: number[]): void {
  if (sampleShape.length === 0 || sampleShape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new ArchitectureError(`sample shape [${sampleShape.join(', ')}] is not a list of positive integers`);
  }
}

/** Plans the layers of a model for samples of `sampleShape` (no batch dimension). */
export function planArchitecture(model: ModelConfig, sampleShape: number[]): ArchitecturePlan {
  checkSampleShape(sampleShape);
  switch (model.kind) {
    case 'dense':
      return planDense(model, sampleShape);
    case 'conv':
      return planConv(model, sampleShape);
    case 'vae':
      return planVae(model, sampleShape);
    default:
      throw new ArchitectureError(`model.kind "${model.kind}" is not an autoencoder: it is planned as a generator and a discriminator`);
  }
}

/**
 * Describes the autoencoder's layers and parameter counts without building it (no tf backend needed).
 * Names, output shapes and counts match the model that buildModels() creates.
 */
export function summarizeArchitecture(model: ModelConfig, sampleShape: number[]): ArchitectureSummary {
  // A GAN lists its generator's layers (gen_…) then its discriminator's (disc_…).
  const specs = model.kind === 'gan' ? ganLayers(model, sampleShape) : aeLayers(model, sampleShape);
  const layers = specs.map((l) => ({
    name: l.name,
    type: l.type,
    outputShape: [null, ...l.outputShape],
    params: l.params,
  }));
  return { inputShape: [...sampleShape], layers, totalParams: layers.reduce((sum, l) => sum + l.params, 0) };
}
