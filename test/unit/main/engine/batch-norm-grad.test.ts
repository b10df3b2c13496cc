/**
 * Batch normalisation, LeakyReLU and Square on wasm (issue 10): the replaced FusedBatchNorm kernel,
 * the one-pass gradients of engine/gradients.ts and engine/batch-norm-grad.ts, and the training
 * kernels of engine/batch-norm-layer.ts against the cpu backend (tfjs' stock layer and gradients),
 * with the JavaScript loops and with the native addon (where it is installed; those cases skip
 * with the reason otherwise).
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { batchNormalization } from '../../../../src/main/engine/batch-norm-layer.js';
import { installFastGradients } from '../../../../src/main/engine/gradients.js';
import {
  BATCH_NORM_GRAD_KERNEL,
  BATCH_NORM_TRAIN_GRAD_KERNEL,
  BATCH_NORM_TRAIN_KERNEL,
  batchNormTrainingAvailable,
} from '../../../../src/main/engine/wasm-kernels/batch-norm.js';
import { nativeBlas, nativeBlasStatus, setNativeBlasEnabled } from '../../../../src/main/engine/wasm-kernels/blas.js';
import { LEAKY_RELU_GRAD_KERNEL, SQUARE_GRAD_KERNEL } from '../../../../src/main/engine/wasm-kernels/elementwise-grads.js';
import { expectWasmMatchesCpu, randomTensor, runOn, setupNativeBackends } from './wasm-kernels/compare.js';

const status = nativeBlasStatus();
if (!status.active) console.warn(`batch-norm-grad.test.ts: native cases skipped: ${status.detail}`);

beforeAll(async () => {
  await setupNativeBackends();
  installFastGradients();
});
afterEach(() => setNativeBlasEnabled(true));

/** Kernel names run by `compute` on wasm. */
async function kernelsRun(compute: () => unknown): Promise<string[]> {
  await tf.setBackend('wasm');
  const spy = vi.spyOn(tf.engine(), 'runKernel');
  tf.tidy(() => {
    compute();
  });
  const names = spy.mock.calls.map(([name]) => name);
  spy.mockRestore();
  return names;
}

/** Training-mode batch norm as tfjs-layers computes it (moments, then batchNorm), with every gradient. */
function trainingBatchNorm(shape: number[], seed: number): () => tf.Tensor[] {
  return () => {
    const channels = shape[shape.length - 1]!;
    const x = randomTensor(shape, seed).mul(3).add(0.5);
    const gamma = randomTensor([channels], seed + 1).add(1.5);
    const beta = randomTensor([channels], seed + 2);
    const axes = shape.slice(0, -1).map((_, i) => i);
    const f = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, axes);
      return tf.batchNorm(xx, mean, variance, b, g, 1e-3);
    };
    const y = f(x, gamma, beta);
    return [y, ...tf.grads(f)([x, gamma, beta], randomTensor(shape, seed + 3))];
  };
}

const elementwise = () => {
  const x = randomTensor([4, 9, 9, 5], 1);
  const dy = randomTensor([4, 9, 9, 5], 2);
  return [
    tf.grad((a: tf.Tensor) => tf.leakyRelu(a, 0.2))(x, dy),
    tf.grad((a: tf.Tensor) => tf.leakyRelu(a, 0.01))(x, dy),
    tf.grad((a: tf.Tensor) => tf.square(a))(x, dy),
  ];
};

describe.each([
  ['JavaScript loops', false],
  ['native addon', true],
] as const)('batch norm, LeakyReLU and Square gradients on wasm (%s)', (_label, native) => {
  const run = native ? it.runIf(status.active) : it;
  beforeAll(() => setNativeBlasEnabled(native));
  afterEach(() => setNativeBlasEnabled(native));

  run('LeakyRelu and Square gradients equal cpu bit for bit, through the one-pass kernels', async () => {
    setNativeBlasEnabled(native);
    const reference = await runOn('cpu', elementwise);
    const names = await kernelsRun(elementwise);
    expect(names).toContain(LEAKY_RELU_GRAD_KERNEL);
    expect(names).toContain(SQUARE_GRAD_KERNEL);
    expect(names).not.toContain('Greater');
    expect(await runOn('wasm', elementwise)).toEqual(reference);
  });

  run.each([
    [[64, 10]],
    [[6, 7, 7, 32]],
    [[3, 5, 4, 3]],
  ])('training batch norm of %j: values and the gradients of x, gamma and beta match cpu', async (shape) => {
    setNativeBlasEnabled(native);
    const compute = trainingBatchNorm(shape, 21);
    await expectWasmMatchesCpu(compute, `batch norm ${shape}`);
    const names = await kernelsRun(compute);
    expect(names).toContain(BATCH_NORM_GRAD_KERNEL);
    expect(names.filter((n) => n === 'Multiply').length).toBeLessThan(6);
  });

  run.each([
    [[8, 4, 4, 6]],
    [[32, 10]],
  ])('a BatchNormalization layer of input %j in training matches the stock layer on cpu, moving statistics included', async (shape) => {
    setNativeBlasEnabled(native);
    const layerRun = () => {
      const layer = batchNormalization({ momentum: 0.9 });
      const x = randomTensor(shape, 31).mul(2).add(1);
      layer.build(x.shape);
      const dy = randomTensor(x.shape, 32);
      const [gammaVar, betaVar] = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      // Non-trivial gamma and beta, so that the scale really enters every gradient.
      gammaVar!.assign(randomTensor([shape[shape.length - 1]!], 33).add(1.5));
      betaVar!.assign(randomTensor([shape[shape.length - 1]!], 34));
      const [dx] = tf.grads((xx: tf.Tensor) => layer.apply(xx, { training: true }) as tf.Tensor)([x], dy);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, dy)) as tf.Scalar, [gammaVar!, betaVar!]);
      const inference = layer.apply(x, { training: false }) as tf.Tensor;
      const out = [dx!, value, grads[gammaVar!.name]!, grads[betaVar!.name]!, ...layer.nonTrainableWeights.map((w) => w.read().clone()), inference];
      for (const weight of layer.weights) weight.dispose();
      return out;
    };
    await expectWasmMatchesCpu(layerRun, `BatchNormalization layer ${shape}`);
    const names = await kernelsRun(layerRun);
    if (native) {
      expect(names).toContain(BATCH_NORM_TRAIN_KERNEL);
      expect(names).toContain(BATCH_NORM_TRAIN_GRAD_KERNEL);
      expect(names).not.toContain('Square');
    } else {
      expect(names).not.toContain(BATCH_NORM_TRAIN_KERNEL);
      expect(names).toContain(BATCH_NORM_GRAD_KERNEL);
    }
  });

  run('the layer keeps the stock class name and config (saved models are unchanged)', () => {
    const layer = batchNormalization({ name: 'bn', momentum: 0.9, epsilon: 1e-3 });
    const stock = tf.layers.batchNormalization({ name: 'bn', momentum: 0.9, epsilon: 1e-3 });
    expect(layer.getClassName()).toBe('BatchNormalization');
    expect(layer.getConfig()).toEqual(stock.getConfig());
  });

  run('a training step leaves no tensor behind', async () => {
    setNativeBlasEnabled(native);
    await tf.setBackend('wasm');
    const layer = batchNormalization({});
    const x = randomTensor([4, 3, 3, 5], 35);
    layer.build(x.shape);
    const step = () =>
      tf.tidy(() => {
        tf.grads((xx: tf.Tensor) => tf.sum(layer.apply(xx, { training: true }) as tf.Tensor))([x]);
      });
    step(); // (tfjs caches a constant on the first call)
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
    for (const weight of layer.weights) weight.dispose();
    x.dispose();
  });
});

describe('batch norm on wasm falls back where the one-pass kernels do not apply', () => {
  it('broadcast (rank-4) parameters take tfjs\' own gradient and still match cpu', async () => {
    // (tfjs' own gradient cannot reduce rank-4 mean/variance/scale gradients: only x's is asked for.)
    const compute = () => {
      const x = randomTensor([2, 3, 3, 4], 41);
      const [mean, variance, gamma, beta] = [45, 46, 43, 44].map((seed) => randomTensor([1, 1, 1, 4], seed));
      const f = (xx: tf.Tensor) => tf.batchNorm(xx, mean!, variance!.abs(), beta, gamma!.add(1.5), 1e-3);
      return [f(x), tf.grad(f)(x, randomTensor([2, 3, 3, 4], 42))];
    };
    await expectWasmMatchesCpu(compute, 'broadcast batch norm');
    expect(await kernelsRun(compute)).not.toContain(BATCH_NORM_GRAD_KERNEL);
  });

  it('Cast to the same dtype shares the data; other casts convert', async () => {
    await tf.setBackend('wasm');
    const backend = tf.engine().findBackend('wasm') as unknown as { numDataIds(): number };
    const x = randomTensor([3, 4], 43);
    const before = backend.numDataIds();
    const same = tf.cast(x, 'float32');
    expect(backend.numDataIds()).toBe(before);
    const ints = tf.tidy(() => tf.cast(x.mul(10), 'int32'));
    expect(ints.dtype).toBe('int32');
    expect(Array.from(same.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(ints.dataSync())).toEqual(Array.from(x.dataSync()).map((v) => Math.trunc(Math.fround(v * 10))));
    tf.dispose([x, same, ints]);
    expect(backend.numDataIds()).toBe(before - 1);
  });
});

describe.runIf(status.active)('batch norm through the native addon', () => {
  it('runs the forward and the gradient natively', async () => {
    await tf.setBackend('wasm');
    const addon = nativeBlas()!;
    const spies = [vi.spyOn(addon, 'batchNorm'), vi.spyOn(addon, 'batchNormGrad'), vi.spyOn(addon, 'leakyReluGrad')];
    tf.tidy(() => {
      trainingBatchNorm([4, 3, 3, 5], 51)();
      tf.grad((a: tf.Tensor) => tf.leakyRelu(a, 0.2))(randomTensor([5, 5], 52));
    });
    for (const spy of spies) {
      expect(spy).toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('differentiates through the moments as outputs too (not only through the normalised values)', async () => {
    const compute = () => {
      const shape = [5, 3, 3, 4];
      const x = randomTensor(shape, 61).mul(2).add(0.3);
      const gamma = randomTensor([4], 62).add(1.5);
      const beta = randomTensor([4], 63);
      const [w, u, v] = [randomTensor(shape, 64), randomTensor([4], 65), randomTensor([4], 66)];
      // The training kernel on wasm; tf.moments and tf.batchNorm (the stock layer's ops) on cpu.
      const viaKernel = tf.getBackend() === 'wasm';
      if (viaKernel) expect(batchNormTrainingAvailable()).toBe(true);
      const f = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        let y: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor;
        if (viaKernel) {
          [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAIN_KERNEL, { x: xx, scale: g, offset: b }, { varianceEpsilon: 1e-3 }) as tf.Tensor[] as [tf.Tensor, tf.Tensor, tf.Tensor];
        } else {
          ({ mean, variance } = tf.moments(xx, [0, 1, 2]));
          y = tf.batchNorm(xx, mean, variance, b, g, 1e-3);
        }
        return tf.addN([tf.sum(tf.mul(y, w)), tf.sum(tf.mul(mean, u)), tf.sum(tf.mul(variance, v))]);
      };
      return tf.grads(f)([x, gamma, beta]);
    };
    await expectWasmMatchesCpu(compute, 'gradients through the moments');
  });

  it('rejects a channel count that does not divide x', () => {
    const addon = nativeBlas()!;
    const v = new Float32Array(3);
    expect(() => addon.batchNorm(new Float32Array(10), v, v, null, null, 1e-3, 3, new Float32Array(10))).toThrow(/multiple of channels/);
  });
});
