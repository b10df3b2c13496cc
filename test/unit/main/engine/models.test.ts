import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig, type ModelConfig, type RunConfigInput } from '../../../../src/shared/config.js';
import { initBackend } from '../../../../src/main/engine/backend.js';
import { summarizeArchitecture } from '../../../../src/main/engine/architecture.js';
import { buildModels, disposeModels, type AutoencoderModels } from '../../../../src/main/engine/models.js';
import { encode, reconstruct } from '../../../../src/main/engine/inference.js';
import { imageSplit } from './fixtures.js';

const model = (input: RunConfigInput['model']): ModelConfig =>
  parseRunConfig({ dataset: { id: 'x' }, model: input, training: { epochs: 1, batchSize: 1, optimizer: { name: 'sgd', learningRate: 0.1 } } }).model;

const conv3 = model({ kind: 'conv', blocks: [{ filters: 4 }, { filters: 4 }, { filters: 4 }], batchNorm: true });

beforeAll(async () => {
  await initBackend('wasm');
});

function outputOf(m: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

const cases: [string, ModelConfig, number[], number[]][] = [
  ['dense on 35', model({ kind: 'dense', encoder: [16, 2] }), [35], [2]],
  ['dense on 28x28x1', model({ kind: 'dense', encoder: [32, 8], batchNormCode: true, activation: 'leakyRelu' }), [28, 28, 1], [8]],
  ['dense on 32x32x3', model({ kind: 'dense', encoder: [16], weightDecay: 1e-4 }), [32, 32, 3], [16]],
  ['conv on 28x28x1', conv3, [28, 28, 1], [4, 4, 4]],
  ['conv on 32x32x3', conv3, [32, 32, 3], [4, 4, 4]],
];

describe('buildModels', () => {
  it.each(cases)('%s: autoencoder maps the input shape to itself through the code', (_name, config, shape, codeShape) => {
    const models = buildModels(config, shape, 1);
    expect(models.autoencoder.outputs[0]!.shape).toEqual([null, ...shape]);
    expect(models.encoder.outputs[0]!.shape).toEqual([null, ...codeShape]);
    expect(models.decoder.inputs[0]!.shape).toEqual([null, ...codeShape]);
    const x = tf.randomUniform([2, ...shape], 0, 1, 'float32', 5);
    const reconstruction = models.autoencoder.predict(x) as tf.Tensor;
    expect(reconstruction.shape).toEqual([2, ...shape]);
    tf.dispose([x, reconstruction]);
    disposeModels(models);
  });

  it.each(cases)('%s: summary matches the built layers', (_name, config, shape) => {
    const models = buildModels(config, shape, 1);
    const built = models.autoencoder.layers
      .filter((l) => l.getClassName() !== 'InputLayer')
      .map((l) => ({ name: l.name, type: l.getClassName(), outputShape: l.outputShape, params: l.countParams() }));
    const summary = summarizeArchitecture(config, shape);
    expect(built).toEqual(summary.layers);
    expect(models.autoencoder.countParams()).toBe(summary.totalParams);
    disposeModels(models);
  });

  it('shares weights: decoder(encoder(x)) equals autoencoder(x) and follows weight changes', () => {
    const models = buildModels(model({ kind: 'dense', encoder: [8, 3] }), [12], 2);
    const x = tf.randomUniform([4, 12], 0, 1, 'float32', 3);
    const composed = () => tf.tidy(() => (models.decoder.predict(models.encoder.predict(x) as tf.Tensor) as tf.Tensor).dataSync());
    expect(Array.from(composed())).toEqual(Array.from(outputOf(models.autoencoder, x)));
    const layer = models.autoencoder.getLayer('code');
    const [kernel, bias] = layer.getWeights();
    const doubled = tf.mul(kernel!, 2);
    layer.setWeights([doubled, bias!]);
    expect(Array.from(composed())).toEqual(Array.from(outputOf(models.autoencoder, x)));
    tf.dispose([x, doubled]); // getWeights() hands out the live variables: not ours to free
    disposeModels(models);
  });

  it('initialises identically for the same seed and differently for another', () => {
    const weights = (seed: number) => {
      const models = buildModels(model({ kind: 'dense', encoder: [8, 3] }), [12], seed);
      const values = models.autoencoder.getWeights().map((w) => Array.from(w.dataSync()));
      disposeModels(models);
      return values;
    };
    expect(weights(9)).toEqual(weights(9));
    expect(weights(9)).not.toEqual(weights(10));
  });

  it('frees every weight on disposeModels', () => {
    const before = tf.memory().numTensors;
    disposeModels(buildModels(conv3, [28, 28, 1], 1));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('reconstruct and encode', () => {
  it('return one flat row per sample', async () => {
    const models: AutoencoderModels = buildModels(conv3, [28, 28, 1], 1);
    const split = imageSplit(5, [28, 28, 1]);
    const { inputs, outputs } = await reconstruct(models.autoencoder, split.x, [28, 28, 1], 3);
    expect([inputs.length, outputs.length, outputs[0]!.length]).toEqual([3, 3, 784]);
    expect(inputs[1]).toEqual(Array.from(split.x.subarray(784, 1568)));
    const codes = await encode(models.encoder, split.x, [28, 28, 1], 2);
    expect([codes.length, codes[0]!.length]).toEqual([5, 64]);
    disposeModels(models);
  });
});
