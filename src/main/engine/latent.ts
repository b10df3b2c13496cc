/**
 * The tfjs side of the latent lab: decode flat codes through a decoder of any code shape, read a
 * code with its spatial shape, and the activations of a model's first hidden layer. A conditional
 * model's part also reads a label row per input (engine/conditioning.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { conditionClassesOf, oneHotLabels } from './conditioning.js';

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Shape of one input of `model` (no batch dimension). */
export function inputShapeOf(model: tf.LayersModel): number[] {
  return model.inputs[0]!.shape.slice(1) as number[];
}

/** Shape of one output of `model` (no batch dimension). */
export function outputShapeOf(model: tf.LayersModel): number[] {
  return model.outputs[0]!.shape.slice(1) as number[];
}

/**
 * The label rows a conditional model reads beside `count` inputs: one-hot rows of class labels, or
 * given rows (a label mixture, as interpolation makes); null for a model of one input.
 */
export type ConditionRows = { labels: readonly number[] } | { rows: readonly (readonly number[])[] };

function conditionTensor(model: tf.LayersModel, count: number, condition: ConditionRows | null): tf.Tensor | null {
  const classes = conditionClassesOf(model);
  if (classes === null) return null;
  if (!condition) throw new Error(`this model is conditioned on a class label (${classes} classes), and none was given: use a labelled dataset, or pick the class to decode as`);
  const n = 'labels' in condition ? condition.labels.length : condition.rows.length;
  if (n !== count) throw new Error(`${n} class labels for ${count} inputs`);
  if ('labels' in condition) return oneHotLabels(condition.labels, classes);
  condition.rows.forEach((row, i) => {
    if (row.length !== classes) throw new Error(`label row ${i} has ${row.length} values; the model has ${classes} classes`);
  });
  return tf.tensor2d(condition.rows.flat(), [count, classes]);
}

/** Runs `model` on rows of flat values reshaped to `shape`; returns flat output rows. */
async function runRows(model: tf.LayersModel, rows: readonly (readonly number[])[], shape: number[], condition: ConditionRows | null): Promise<number[][]> {
  const size = product(shape);
  rows.forEach((row, i) => {
    if (row.length !== size) throw new Error(`row ${i} has ${row.length} values; the model takes ${size} (${shape.join('x')})`);
  });
  if (rows.length === 0) return [];
  const output = tf.tidy(() => {
    const batch = tf.tensor(rows.flat(), [rows.length, ...shape]);
    const label = conditionTensor(model, rows.length, condition);
    return tf.reshape(model.apply(label ? [batch, label] : batch, { training: false }) as tf.Tensor, [rows.length, -1]);
  });
  try {
    return (await output.array()) as number[][];
  } finally {
    output.dispose();
  }
}

/** Decodes flat codes (a conv code flattened channels-last) into flat samples; a conditional decoder decodes each as `condition` says. */
export function decodeCodes(decoder: tf.LayersModel, codes: readonly (readonly number[])[], condition: ConditionRows | null = null): Promise<number[][]> {
  return runRows(decoder, codes, inputShapeOf(decoder), condition);
}

/** Runs a model on flat samples of `sampleShape`; returns flat outputs. A conditional model reads the samples' `labels`. */
export function runOnSamples(model: tf.LayersModel, samples: readonly (readonly number[])[], sampleShape: number[], labels: readonly number[] | null = null): Promise<number[][]> {
  return runRows(model, samples, sampleShape, labels ? { labels } : null);
}

export { conditionClassesOf } from './conditioning.js';

// Layers whose output is a hidden representation worth drawing (not a reshape of the input).
const HIDDEN_LAYER_TYPES = new Set(['Dense', 'Conv2D', 'Conv2DTranspose']);
const AFTER_LAYER_TYPES = new Set(['BatchNormalization', 'LeakyReLU', 'Activation', 'ReLU']);

/**
 * The first layer with weights after the input, as a model from the same input: its activations
 * (after the layer's own activation function) are what the activations view draws.
 * @throws Error when the model has no such layer
 */
export function firstHiddenLayer(model: tf.LayersModel): { model: tf.LayersModel; name: string; shape: number[] } {
  let at = model.layers.findIndex((l) => HIDDEN_LAYER_TYPES.has(l.getClassName()));
  if (at < 0) throw new Error(`model "${model.name}" has no dense or conv layer to show activations of`);
  // A conv block's activation function is a layer of its own (after an optional batch norm).
  while (AFTER_LAYER_TYPES.has(model.layers[at + 1]?.getClassName() ?? '')) at++;
  const layer = model.layers[at]!;
  const output = layer.output as tf.SymbolicTensor;
  return { model: tf.model({ inputs: model.inputs, outputs: output }), name: layer.name, shape: output.shape.slice(1) as number[] };
}
