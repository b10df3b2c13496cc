/**
 * Conditional models (KindSpec.conditioning): their encoder, decoder and autoencoder take a one-hot
 * class label as a second input. Whoever runs a saved part asks the part itself, so exported and
 * opened models need no run config: a part with two inputs is conditioned on its second one.
 */
import * as tf from '@tensorflow/tfjs';

/** The class count of a conditional model's one-hot label input; null for a model of one input. */
export function conditionClassesOf(model: tf.LayersModel): number | null {
  if (model.inputs.length < 2) return null;
  return (model.inputs[1]!.shape[1] as number | null) ?? null;
}

/** One-hot rows [n, classes] (float32) of class labels; a label outside 0..classes-1 throws. */
export function oneHotLabels(labels: ArrayLike<number>, classes: number): tf.Tensor2D {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`class ${label} is not one of the model's classes 0 to ${classes - 1}`);
  }
  return tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), classes).toFloat() as tf.Tensor2D);
}

/**
 * What to feed `model` for a batch of `batch.shape[0]` rows: the batch alone, or the batch and the
 * one-hot `labels` of its rows when the model is conditional (which then needs them).
 */
export function modelInputs(model: tf.LayersModel, batch: tf.Tensor, labels: ArrayLike<number> | null): tf.Tensor | tf.Tensor[] {
  const classes = conditionClassesOf(model);
  if (classes === null) return batch;
  if (!labels) throw new Error(`model "${model.name}" is conditioned on a class label (${classes} classes), and none was given: use a labelled dataset or pick a class`);
  if (labels.length !== batch.shape[0]) throw new Error(`${labels.length} class labels for ${batch.shape[0]} inputs`);
  return [batch, oneHotLabels(labels, classes)];
}
