/**
 * End to end: the conv autoencoder shape of the seed's CIFAR preset (stride-2 Conv2D encoder,
 * Conv2DTranspose decoder, 1x1 sigmoid conv) trains on wasm once the kernels are installed.
 * Stock wasm cannot even compute its gradients (no Conv2DBackpropFilter).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectWasmMatchesCpu, randomTensor, randomValues, setupBackends } from './compare.js';

beforeAll(setupBackends);

/** Smooth images in [0, 1]: a few random Gaussian blobs each, so there is structure to learn. */
function blobImages(count: number, size: number, channels: number): Float32Array {
  const params = randomValues(count * 3 * 3, 42);
  const out = new Float32Array(count * size * size * channels);
  for (let n = 0; n < count; n++) {
    for (let blob = 0; blob < 3; blob++) {
      const p = (n * 3 + blob) * 3;
      const cy = ((params[p]! + 1) / 2) * size;
      const cx = ((params[p + 1]! + 1) / 2) * size;
      const radius = 1.5 + (params[p + 2]! + 1) * 2;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const v = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * radius * radius));
          for (let c = 0; c < channels; c++) {
            const i = ((n * size + y) * size + x) * channels + c;
            out[i] = Math.min(1, out[i]! + v * (0.5 + 0.25 * c));
          }
        }
      }
    }
  }
  return out;
}

function convAutoencoder(size: number, channels: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [size, size, channels], filters: 8, kernelSize: 3, strides: 2, padding: 'same' }));
  model.add(tf.layers.leakyReLU());
  model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.leakyReLU());
  model.add(tf.layers.conv2dTranspose({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }));
  model.add(tf.layers.leakyReLU());
  model.add(tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }));
  model.add(tf.layers.leakyReLU());
  model.add(tf.layers.conv2d({ filters: channels, kernelSize: 1, activation: 'sigmoid' }));
  return model;
}

describe('conv autoencoder on wasm with the replacement kernels', () => {
  it('computes the same loss gradients as cpu for every weight', async () => {
    const weights = [
      { shape: [3, 3, 3, 8], seed: 1 },
      { shape: [8], seed: 2 },
      { shape: [3, 3, 6, 8], seed: 3 },
      { shape: [1, 1, 6, 3], seed: 4 },
    ];
    await expectWasmMatchesCpu(() => {
      const [w1, b1, w2, w3] = weights.map((w) => tf.variable(randomTensor(w.shape, w.seed).mul(0.3)));
      const images = tf.tensor4d(blobImages(4, 12, 3), [4, 12, 12, 3]);
      const { value, grads } = tf.variableGrads(() => {
        const code = tf.leakyRelu(tf.conv2d(images, w1 as tf.Tensor4D, 2, 'same').add(b1!), 0.2) as tf.Tensor4D;
        const up = tf.leakyRelu(tf.conv2dTranspose(code, w2 as tf.Tensor4D, [4, 12, 12, 6], 2, 'same'), 0.2) as tf.Tensor4D;
        const out = tf.sigmoid(tf.conv2d(up, w3 as tf.Tensor4D, 1, 'valid'));
        return tf.losses.meanSquaredError(images, out).asScalar();
      }, [w1, b1, w2, w3] as tf.Variable[]);
      const result = [value, ...[w1, b1, w2, w3].map((w) => grads[w!.name]!)];
      tf.dispose([w1, b1, w2, w3]);
      return result;
    }, 'conv AE gradients');
  });

  it('trains with model.fit: the loss falls well below its starting value', async () => {
    await tf.setBackend('wasm');
    const size = 16;
    const images = tf.tensor4d(blobImages(48, size, 1), [48, size, size, 1]);
    const model = convAutoencoder(size, 1);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const history = await model.fit(images, images, { epochs: 12, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.25);
    model.dispose();
    images.dispose();
  });
});
