/**
 * The fused Dense layer (engine/dense-layer.ts, LatentLabDense) and the one-op MSE loss
 * (engine/losses.ts, LatentLabMse) against tfjs-layers' stock Dense and tf.mean(squaredDifference):
 * on wasm with the native addon the loss and every gradient are the same bits, with fewer ops;
 * elsewhere the layer is the stock one.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FastDense, dense } from '../../../../src/main/engine/dense-layer.js';
import { installFastGradients, setFastGradientsEnabled } from '../../../../src/main/engine/gradients.js';
import { lossFunction } from '../../../../src/main/engine/losses.js';
import { nativeBlasStatus } from '../../../../src/main/engine/wasm-kernels/blas.js';
import { DENSE_KERNEL, RELU_GRAD_KERNEL } from '../../../../src/main/engine/wasm-kernels/dense.js';
import { MSE_GRAD_KERNEL, MSE_KERNEL } from '../../../../src/main/engine/wasm-kernels/mse.js';
import { randomValues, setupNativeBackends } from './wasm-kernels/compare.js';

beforeAll(async () => {
  await setupNativeBackends();
  installFastGradients();
});
afterEach(() => setFastGradientsEnabled(true));

type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';
interface Net {
  layers: tf.layers.Layer[];
  weights: tf.LayerVariable[];
}

const BATCH = 12;
const WIDTHS = [20, 9, 20];

/** A two-layer net of fused (FastDense) or stock Dense layers, with fixed weights. */
function net(fused: boolean, activations: [Activation, Activation], useBias = true): Net {
  const make = fused ? dense : tf.layers.dense;
  const layers = activations.map((activation, i) => make({ units: WIDTHS[i + 1]!, activation, useBias, inputShape: [WIDTHS[i]!] }));
  let shape = [BATCH, WIDTHS[0]!];
  for (const layer of layers) {
    layer.build(shape);
    shape = layer.computeOutputShape(shape) as number[];
  }
  const weights = layers.flatMap((l) => l.trainableWeights);
  weights.forEach((w, i) => {
    const shape = w.shape as number[];
    w.write(tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), 100 + i), shape));
  });
  return { layers, weights };
}

/** The loss of a forward pass and its gradient for every weight, as plain arrays. */
function lossAndGrads(n: Net, loss: (t: tf.Tensor, p: tf.Tensor) => tf.Scalar): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor2d(randomValues(BATCH * WIDTHS[0]!, 7), [BATCH, WIDTHS[0]!]);
    const target = tf.tensor2d(randomValues(BATCH * WIDTHS[2]!, 8).map((v) => (v + 1) / 2), [BATCH, WIDTHS[2]!]);
    const { value, grads } = tf.variableGrads(() => {
      let h: tf.Tensor = x;
      for (const layer of n.layers) h = layer.apply(h, { training: true }) as tf.Tensor;
      return loss(target, h);
    }, n.weights.map((w) => (w as unknown as { val: tf.Variable }).val));
    return [value, ...n.weights.map((w) => grads[(w as unknown as { val: tf.Variable }).val.name]!)].map((t) => Float32Array.from(t.dataSync()));
  });
}

const stockMse = (t: tf.Tensor, p: tf.Tensor) => tf.mean(tf.squaredDifference(t, p)) as tf.Scalar;

function kernelsRun(run: () => void): string[] {
  const spy = vi.spyOn(tf.engine(), 'runKernel');
  run();
  const names = spy.mock.calls.map(([name]) => name);
  spy.mockRestore();
  return names;
}

describe.runIf(nativeBlasStatus().active)('fused Dense and MSE on wasm with the native addon', () => {
  const cases: [Activation, Activation, boolean][] = [
    ['relu', 'sigmoid', true],
    ['linear', 'relu', true],
    ['sigmoid', 'linear', false],
  ];
  for (const [first, second, useBias] of cases) {
    it(`give the stock layers' loss and gradients bit for bit (${first} → ${second}, bias ${useBias})`, async () => {
      await tf.setBackend('wasm');
      const stock = net(false, [first, second], useBias);
      const fused = net(true, [first, second], useBias);
      let expected: Float32Array[] = [];
      let got: Float32Array[] = [];
      const stockKernels = kernelsRun(() => (expected = lossAndGrads(stock, stockMse)));
      const fusedKernels = kernelsRun(() => (got = lossAndGrads(fused, lossFunction('mse'))));
      expect(stockKernels).not.toContain(DENSE_KERNEL);
      expect(fusedKernels.filter((k) => k === DENSE_KERNEL)).toHaveLength(2);
      expect(fusedKernels).toContain(MSE_KERNEL);
      expect(fusedKernels).toContain(MSE_GRAD_KERNEL);
      if (first === 'relu' || second === 'relu') expect(fusedKernels).toContain(RELU_GRAD_KERNEL);
      expect(fusedKernels.length).toBeLessThan(stockKernels.length);
      expect(got).toEqual(expected);
    });
  }

  it('compute no gradient for the data input of a first layer (stock tfjs does for a linear one)', async () => {
    await tf.setBackend('wasm');
    const count = (names: string[]) => names.filter((k) => k === 'BatchMatMul' || k === '_FusedMatMul').length;
    const stock = kernelsRun(() => lossAndGrads(net(false, ['linear', 'sigmoid']), stockMse));
    const fused = kernelsRun(() => lossAndGrads(net(true, ['linear', 'sigmoid']), lossFunction('mse')));
    // Products: stock 2 forward + 4 backward (x's gradient included), fused 3 backward (the GEMMs run inside LatentLabDense forward).
    expect(count(stock)).toBe(6);
    expect(count(fused)).toBe(3);
  });

  it('keep the stock call for other activations, and when the fast gradients are off', async () => {
    await tf.setBackend('wasm');
    const other = kernelsRun(() => lossAndGrads(net(true, ['tanh', 'sigmoid']), lossFunction('mse')));
    expect(other.filter((k) => k === DENSE_KERNEL)).toHaveLength(1);
    setFastGradientsEnabled(false);
    const off = kernelsRun(() => lossAndGrads(net(true, ['relu', 'sigmoid']), lossFunction('mse')));
    expect(off).not.toContain(DENSE_KERNEL);
    expect(off).not.toContain(MSE_KERNEL);
  });
});

describe('FastDense elsewhere', () => {
  it('is the stock layer on cpu, with the same results', async () => {
    await tf.setBackend('cpu');
    let expected: Float32Array[] = [];
    let got: Float32Array[] = [];
    const stockKernels = kernelsRun(() => (expected = lossAndGrads(net(false, ['relu', 'sigmoid']), stockMse)));
    const fusedKernels = kernelsRun(() => (got = lossAndGrads(net(true, ['relu', 'sigmoid']), lossFunction('mse'))));
    expect(fusedKernels).not.toContain(DENSE_KERNEL);
    expect(fusedKernels).not.toContain(MSE_KERNEL);
    expect(fusedKernels).toEqual(stockKernels);
    expect(got).toEqual(expected);
  });

  it('serialises as a Dense, so saved models are unchanged', () => {
    const layer = dense({ units: 3, activation: 'relu', inputShape: [4] });
    expect(layer).toBeInstanceOf(FastDense);
    expect(layer.getClassName()).toBe('Dense');
    const model = tf.sequential({ layers: [layer] });
    const json = model.toJSON(null, false) as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers.map((l) => l.class_name)).toEqual(['Dense']);
    model.dispose();
  });
});
