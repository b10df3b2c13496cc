/**
 * The GAN loss as one op each way (wasm-kernels/logit-bce.ts, through the GAN objective's
 * bceWithLogits) against tf.losses.sigmoidCrossEntropy: the same value and gradient, large logits
 * included, for both targets.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { installFastGradients } from '../../../../src/main/engine/gradients.js';
import { bceWithLogits } from '../../../../src/main/engine/kinds/gan/objective.js';
import { LOGIT_BCE_GRAD_KERNEL, LOGIT_BCE_KERNEL } from '../../../../src/main/engine/wasm-kernels/logit-bce.js';
import { randomValues, setupBackends } from './wasm-kernels/compare.js';

beforeAll(async () => {
  await setupBackends();
  installFastGradients();
});

const logits = () => tf.tensor2d(Float32Array.from([...randomValues(30, 9).map((v) => v * 6), 40, -40]), [32, 1]);

function valueAndGrad(loss: (x: tf.Tensor) => tf.Scalar): [number, Float32Array] {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad(loss)(logits());
    return [value.dataSync()[0]!, Float32Array.from(grad.dataSync())];
  });
}

describe('the GAN loss on wasm', () => {
  it.each([0, 1] as const)('equals tf.losses.sigmoidCrossEntropy against target %i, value and gradient', async (target) => {
    await tf.setBackend('wasm');
    const spy = vi.spyOn(tf.engine(), 'runKernel');
    const [value, grad] = valueAndGrad((x) => bceWithLogits(x, target));
    const names = spy.mock.calls.map(([name]) => name);
    spy.mockRestore();
    expect(names).toEqual(expect.arrayContaining([LOGIT_BCE_KERNEL, LOGIT_BCE_GRAD_KERNEL]));
    const [expectedValue, expectedGrad] = valueAndGrad(
      (x) => tf.losses.sigmoidCrossEntropy(target === 1 ? tf.onesLike(x) : tf.zerosLike(x), x) as tf.Scalar,
    );
    expect(value).toBeCloseTo(expectedValue, 5);
    expectedGrad.forEach((g, i) => expect(grad[i], `gradient ${i}`).toBeCloseTo(g, 6));
  });
});
