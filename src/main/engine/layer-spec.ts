/**
 * The planned layers of a model: enough to build each with tfjs (layer-builder.ts) and to summarise
 * it without tfjs. Shared by every kind's planner (engine/kinds/<kind>/plan.ts). Pure: no tfjs.
 */
import type { Activation } from '../../shared/config.js';
import type { Reason } from '../../shared/reasons.js';

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
  /** Translatable reasons, where the message has one (see shared/reasons.ts). */
  readonly reasons: Reason[];
  constructor(message: string, reasons: Reason[] = []) {
    super(message);
    this.name = 'ArchitectureError';
    this.reasons = reasons;
  }
}

export const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Appends the layers of one dense block (Dense, then LeakyReLU when that activation is asked for). */
export function denseBlock(layers: LayerSpec[], name: string, inputs: number, units: number, activation: Activation, l2: number): void {
  const leaky = activation === 'leakyRelu';
  layers.push({ type: 'Dense', name, units, activation: leaky ? 'linear' : activation, l2, outputShape: [units], params: inputs * units + units });
  if (leaky) layers.push({ type: 'LeakyReLU', name: `${name}_lrelu`, alpha: DENSE_LEAKY_ALPHA, outputShape: [units], params: 0 });
}

/** Appends a dense block per width (`prefix`_dense_1, _2, …) from `inputs` values; returns the last width (`inputs` for none). */
export function denseStack(layers: LayerSpec[], prefix: string, inputs: number, widths: readonly number[], activation: Activation, l2: number): number {
  let width = inputs;
  widths.forEach((units, i) => {
    denseBlock(layers, `${prefix}_dense_${i + 1}`, width, units, activation, l2);
    width = units;
  });
  return width;
}

/** Appends a dense decoder's end: the `reconstruction` layer of `width` inputs to the sample's size, and a reshape back to a sample shape that is not flat. */
export function denseReconstruction(layers: LayerSpec[], width: number, sampleShape: number[], activation: LayerActivation, l2: number): void {
  const inputSize = product(sampleShape);
  layers.push({ type: 'Dense', name: 'reconstruction', units: inputSize, activation, l2, outputShape: [inputSize], params: width * inputSize + inputSize });
  if (sampleShape.length > 1) layers.push({ type: 'Reshape', name: 'unflatten', targetShape: sampleShape, outputShape: sampleShape, params: 0 });
}

/** Appends a conv decoder's end: a 1x1 `reconstruction` conv from `shape` to the sample's channels, and a reshape dropping the channel of a 2-D sample shape. */
export function convReconstruction(layers: LayerSpec[], shape: [number, number, number], sampleShape: number[], activation: LayerActivation, l2: number): void {
  const [h, w, c] = shape;
  const channels = sampleShape[2] ?? 1;
  layers.push({ type: 'Conv2D', name: 'reconstruction', filters: channels, kernel: 1, strides: 1, activation, l2, outputShape: [h, w, channels], params: c * channels + channels });
  if (sampleShape.length === 2) layers.push({ type: 'Reshape', name: 'drop_channel', targetShape: sampleShape, outputShape: sampleShape, params: 0 });
}

/** Throws unless the sample shape is a list of positive integers. */
export function checkSampleShape(sampleShape: number[]): void {
  if (sampleShape.length === 0 || sampleShape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new ArchitectureError(`sample shape [${sampleShape.join(', ')}] is not a list of positive integers`);
  }
}

/**
 * Crops a decoder's upsampled [h, w, c] back to the input's height and width: stride-2 'same'
 * convs round odd sizes up (28 -> 14 -> 7 -> 4 -> 32 back up). Returns the new shape.
 */
export function cropToInput(layers: LayerSpec[], shape: [number, number, number], height: number, width: number, name = 'crop'): [number, number, number] {
  const [h, w, c] = shape;
  if (h <= height && w <= width) return shape;
  const cropping: [[number, number], [number, number]] = [
    [Math.floor((h - height) / 2), Math.ceil((h - height) / 2)],
    [Math.floor((w - width) / 2), Math.ceil((w - width) / 2)],
  ];
  layers.push({ type: 'Cropping2D', name, cropping, outputShape: [height, width, c], params: 0 });
  return [height, width, c];
}
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
