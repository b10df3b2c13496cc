/** Class-conditional prior samples: the same fixed-seed N(0, I) codes decoded as each class in turn. */
import * as tf from '@tensorflow/tfjs';
import { oneHotLabels } from '../../conditioning.js';

/** A grid of samples: `samples` row-major, `columns` per row. */
export interface SampleGrid {
  samples: number[][];
  columns: number;
}

/**
 * Decodes `perClass` codes drawn from N(0, I) with `seed` (the same codes at every call) as each of
 * `classes` classes: row k holds the codes decoded as class k, so a column is one code across classes.
 */
export async function decodeClassGrid(decoder: tf.LayersModel, latent: number, classes: readonly number[], perClass: number, seed: number): Promise<SampleGrid> {
  const count = classes.length * perClass;
  const output = tf.tidy(() => {
    const codes = tf.tile(tf.randomNormal([perClass, latent], 0, 1, 'float32', seed), [classes.length, 1]);
    const labels = oneHotLabels(classes.flatMap((k) => new Array<number>(perClass).fill(k)), decoder.inputs[1]!.shape[1] as number);
    return tf.reshape(decoder.apply([codes, labels], { training: false }) as tf.Tensor, [count, -1]);
  });
  try {
    return { samples: (await output.array()) as number[][], columns: perClass };
  } finally {
    output.dispose();
  }
}
