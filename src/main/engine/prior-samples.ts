/** Samples of a VAE's prior: fixed-seed N(0, I) codes through the decoder. */
import * as tf from '@tensorflow/tfjs';

/** Decodes `count` codes drawn from N(0, I) with `seed` (the same codes at every call); one flat array per sample. */
export async function decodePriorSamples(decoder: tf.LayersModel, latent: number, count: number, seed: number): Promise<number[][]> {
  const output = tf.tidy(() => {
    const codes = tf.randomNormal([count, latent], 0, 1, 'float32', seed);
    return tf.reshape(decoder.apply(codes, { training: false }) as tf.Tensor, [count, -1]);
  });
  const rows = (await output.array()) as number[][];
  output.dispose();
  return rows;
}
