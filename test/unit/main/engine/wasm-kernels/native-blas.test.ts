/**
 * The native BLAS kernels (optional addon native/blas) against the cpu backend: values and
 * gradients of matrix products and convolutions computed in place on the wasm heap.
 *
 * Skipped, with the reason, only where the addon is not installed (no C++ compiler or no
 * libopenblas-dev at `npm ci`); CI installs libopenblas-dev so they run there.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { describeWasm } from '../../../../../src/main/engine/backend.js';
import { nativeBlas, nativeBlasStatus } from '../../../../../src/main/engine/wasm-kernels/blas.js';
import { expectWasmMatchesCpu, randomTensor, randomValues, setupNativeBackends } from './compare.js';

const status = nativeBlasStatus();
if (!status.active) {
  console.warn(`native-blas.test.ts: skipped: ${status.detail}`);
}
const native = describe.runIf(status.active);

beforeAll(setupNativeBackends);

/** Live wasm data ids: kernels that forget an intermediate leave one behind. */
function liveWasmData(): number {
  return (tf.engine().findBackend('wasm') as unknown as { numDataIds(): number }).numDataIds();
}

native('native BLAS addon', () => {
  it('describes itself in the backend report', () => {
    expect(describeWasm()).toMatch(/^wasm\+blas \((OpenBLAS \d+\.\d+\.\d+|Accelerate), \d+ threads?\)$/);
  });

  it('is what computes wasm products and convolutions (no silent fallback to the wasm kernels)', async () => {
    await tf.setBackend('wasm');
    const addon = nativeBlas()!;
    const spies = (['gemm', 'epilogue', 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter'] as const).map((name) =>
      vi.spyOn(addon, name),
    );
    tf.tidy(() => {
      const x = randomTensor([2, 6, 6, 3], 1) as tf.Tensor4D;
      const w = randomTensor([3, 3, 3, 4], 2) as tf.Tensor4D;
      tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
        tf.fused.conv2d({ x: xx as tf.Tensor4D, filter: ww as tf.Tensor4D, strides: 2, pad: 'same', bias: tf.ones([4]), activation: 'relu' }).sum(),
      )([x, w]);
      tf.fused.matMul({ a: randomTensor([4, 5], 3) as tf.Tensor2D, b: randomTensor([5, 6], 4) as tf.Tensor2D, bias: tf.ones([6]), activation: 'relu' });
    });
    for (const spy of spies) {
      expect(spy, spy.getMockName()).toHaveBeenCalled();
      spy.mockRestore();
    }
  });

  it('flushes subnormal floats to zero inside its calls and leaves JavaScript IEEE arithmetic as it was', () => {
    const addon = nativeBlas()!;
    const tiny = 1e-39; // subnormal in float32 (below 1.18e-38)
    const a = new Float32Array([tiny, tiny, tiny, tiny]);
    const b = new Float32Array([1, 0, 0, 1]);
    const c = new Float32Array(4);
    addon.gemm(false, false, 2, 2, 2, 1, a, 0, b, 0, c, 0, 0);
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
    // The caller's floating-point mode is restored: V8 still computes subnormal results.
    const f = new Float32Array([tiny]);
    f[0] = f[0] * 1.5;
    expect(f[0]).toBeGreaterThan(0);
    const d = new Float64Array([Number.MIN_VALUE]);
    expect(d[0] * 3).toBe(3 * 5e-324);
  });

  it('flushes subnormals on the BLAS worker threads too (a product large enough to run on two threads)', () => {
    const addon = nativeBlas()!;
    const before = addon.info().baseThreads;
    addon.setThreads(2);
    try {
      const n = 512; // 512³ multiply-adds: above the one-thread threshold
      const a = new Float32Array(n * n).fill(1e-39);
      const identity = new Float32Array(n * n);
      for (let i = 0; i < n; i++) identity[i * n + i] = 1;
      const c = new Float32Array(n * n).fill(7);
      addon.gemm(false, false, n, n, n, 1, a, 0, identity, 0, c, 0, 0);
      expect(c.some((v) => v !== 0)).toBe(false);
    } finally {
      addon.setThreads(before);
    }
  });

  it('rejects views that are too short instead of reading past them', () => {
    const addon = nativeBlas()!;
    expect(() =>
      addon.gemm(false, false, 2, 2, 2, 1, new Float32Array(4), 0, new Float32Array(4), 0, new Float32Array(3), 0, 0),
    ).toThrow(/c has 3 elements, needs 4/);
    expect(() => addon.conv2d(new Float32Array(1), new Float32Array(1), new Float32Array(1), [1, 2])).toThrow(/geometry/);
  });

  it('loads in worker threads and shares the BLAS threads among training workers', async () => {
    const addonPath = createRequire(import.meta.url).resolve('latent-lab-blas');
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const b = require(${JSON.stringify(addonPath)});
      const threads = b.acquire();
      const c = new Float32Array(4);
      b.gemm(false, false, 2, 2, 2, 1, new Float32Array([1, 2, 3, 4]), 0, new Float32Array([5, 6, 7, 8]), 0, c, 0, 0);
      parentPort.postMessage({ threads, c: Array.from(c) });
      parentPort.once('message', () => process.exit(0));`;
    const addon = nativeBlas()!;
    // The test itself may run in a worker thread, which registered when it loaded the addon.
    const { baseThreads: base, activeTrainers: already } = addon.info();
    const share = (trainers: number) => Math.max(1, Math.floor(base / Math.max(1, trainers)));
    const workers = [new Worker(source, { eval: true }), new Worker(source, { eval: true })];
    const replies = await Promise.all(
      workers.map((w) => new Promise<{ threads: number; c: number[] }>((resolve) => w.once('message', resolve))),
    );
    for (const r of replies) expect(r.c).toEqual([19, 22, 43, 50]);
    // Once both have registered, each gets half the base count (at least one thread).
    expect(addon.info().activeTrainers).toBe(already + 2);
    expect(addon.info().threads).toBe(share(already + 2));
    await Promise.all(
      workers.map((w) => {
        const exited = new Promise((resolve) => w.once('exit', resolve));
        w.postMessage('done');
        return exited;
      }),
    );
    // A worker that ends releases its share.
    expect(addon.info().activeTrainers).toBe(already);
    expect(addon.info().threads).toBe(share(already));
  });
});

type Product = { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean };

const products: Product[] = [];
for (const [m, k, n] of [
  [5, 7, 3],
  [33, 65, 17],
  [1, 4, 6],
  [128, 784, 64],
]) {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      const a2 = transposeA ? [k, m] : [m, k];
      const b2 = transposeB ? [n, k] : [k, n];
      products.push({ a: a2, b: b2, transposeA, transposeB });
      products.push({ a: [3, ...a2], b: [3, ...b2], transposeA, transposeB });
      products.push({ a: [2, 2, ...a2], b: b2, transposeA, transposeB });
      products.push({ a: [1, ...a2], b: [4, ...b2], transposeA, transposeB });
    }
  }
}
const label = (c: Product) => `[${c.a}]x[${c.b}] tA=${c.transposeA} tB=${c.transposeB}`;

native('BatchMatMul through native BLAS matches cpu', () => {
  it.each(products.map((c) => [label(c), c] as const))('values and gradients for %s', async (_name, c) => {
    await expectWasmMatchesCpu(() => {
      const a = randomTensor(c.a, 1);
      const b = randomTensor(c.b, 2);
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.transposeA, c.transposeB);
      const y = f(a, b);
      if (c.a.length !== c.b.length || c.a[0] !== c.b[0]) return y;
      const [da, db] = tf.grads(f)([a, b], randomTensor(y.shape, 3));
      return [y, da!, db!];
    }, label(c));
  });

  it('handles an empty inner dimension (all zeros)', async () => {
    await expectWasmMatchesCpu(() => tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 4])), 'k=0');
  });
});

const activations = ['linear', 'relu', 'relu6', 'sigmoid', 'leakyrelu', 'elu', 'prelu'] as const;

native('_FusedMatMul through native BLAS matches cpu', () => {
  it.each(activations)('adds the bias and applies %s for every transpose combination', async (activation) => {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        for (const withBias of [true, false]) {
          await expectWasmMatchesCpu(() => {
            const a = randomTensor(transposeA ? [19, 13] : [13, 19], 7);
            const b = randomTensor(transposeB ? [11, 19] : [19, 11], 8);
            const bias = withBias ? randomTensor([11], 9) : undefined;
            const prelu = activation === 'prelu' ? randomTensor([11], 10) : undefined;
            return tf.fused.matMul({
              a, b, transposeA, transposeB, bias, activation, preluActivationWeights: prelu, leakyreluAlpha: 0.3,
            });
          }, `${activation} tA=${transposeA} tB=${transposeB} bias=${withBias}`);
        }
      }
    }
  });

  it('adds a bias for batched operands, and broadcasts a matrix-shaped bias', async () => {
    await expectWasmMatchesCpu(() => {
      const a = randomTensor([3, 7, 5], 11);
      const b = randomTensor([3, 4, 5], 12);
      return [
        tf.fused.matMul({ a, b, transposeB: true, bias: randomTensor([4], 13), activation: 'relu' }),
        tf.fused.matMul({
          a: randomTensor([6, 5], 14) as tf.Tensor2D, b: randomTensor([5, 4], 15) as tf.Tensor2D,
          bias: randomTensor([6, 4], 16), activation: 'sigmoid',
        }),
      ];
    }, 'batched and matrix bias');
  });

  it('gives the same gradients as cpu for a fused dense layer at training sizes', async () => {
    for (const activation of ['relu', 'sigmoid', 'elu'] as const) {
      await expectWasmMatchesCpu(() => {
        const x = randomTensor([128, 784], 17);
        const w = randomTensor([784, 128], 18);
        const bias = randomTensor([128], 19);
        const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          tf.fused.matMul({ a: xx as tf.Tensor2D, b: ww as tf.Tensor2D, bias: bb, activation });
        const y = f(x, w, bias);
        return [y, ...tf.grads(f)([x, w, bias], randomTensor(y.shape, 20))];
      }, `fused grads ${activation}`);
    }
  });
});

type Conv = { x: number[]; f: number[]; stride: number | [number, number]; pad: 'same' | 'valid' | number; dilation?: number };

const convs: Conv[] = [
  { x: [2, 9, 9, 3], f: [3, 3, 3, 5], stride: 1, pad: 'same' },
  { x: [2, 9, 9, 3], f: [3, 3, 3, 5], stride: 2, pad: 'same' },
  { x: [3, 8, 7, 4], f: [4, 4, 4, 6], stride: 2, pad: 'valid' },
  { x: [1, 11, 10, 2], f: [5, 3, 2, 3], stride: [2, 3], pad: 'same' },
  { x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: 1 },
  { x: [4, 6, 6, 8], f: [1, 1, 8, 5], stride: 1, pad: 'valid' },
  { x: [2, 6, 6, 3], f: [1, 1, 3, 2], stride: 2, pad: 'valid' },
  { x: [5, 16, 16, 3], f: [3, 3, 3, 32], stride: 2, pad: 'same' },
  // A few output channels (a generator's last conv): the direct loops, not im2col + GEMM.
  { x: [3, 9, 9, 32], f: [3, 3, 32, 1], stride: 1, pad: 'same' },
  { x: [2, 10, 9, 12], f: [3, 3, 12, 3], stride: 2, pad: 'same' },
  { x: [2, 8, 8, 8], f: [4, 3, 8, 2], stride: [2, 1], pad: 'valid' },
  { x: [2, 7, 7, 19], f: [3, 3, 19, 4], stride: 1, pad: 1 },
];
const convLabel = (c: Conv) => `x[${c.x}] f[${c.f}] s=${c.stride} pad=${c.pad}${c.dilation ? ` d=${c.dilation}` : ''}`;

native('Conv2D and its backprops through native BLAS match cpu', () => {
  it.each(convs.map((c) => [convLabel(c), c] as const))('values and gradients for %s', async (_name, c) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor(c.x, 21) as tf.Tensor4D;
      const w = randomTensor(c.f, 22) as tf.Tensor4D;
      const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.pad);
      const y = f(x, w);
      const [dx, dw] = tf.grads(f)([x, w], randomTensor(y.shape, 23));
      return [y, dx!, dw!];
    }, convLabel(c));
  });

  it('computes dilated forward convolutions', async () => {
    await expectWasmMatchesCpu(
      () => tf.conv2d(randomTensor([2, 10, 9, 3], 24) as tf.Tensor4D, randomTensor([3, 3, 3, 4], 25) as tf.Tensor4D, 1, 'same', 'NHWC', 2),
      'dilation 2',
    );
  });

  it('computes dilated forward convolutions with a few output channels (direct loops)', async () => {
    await expectWasmMatchesCpu(
      () => tf.conv2d(randomTensor([2, 10, 9, 8], 34) as tf.Tensor4D, randomTensor([3, 3, 8, 2], 35) as tf.Tensor4D, 1, 'same', 'NHWC', 2),
      'dilation 2, 2 output channels',
    );
  });

  it('computes conv2dTranspose (Conv2DBackpropInput forward) and its gradients', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([3, 4, 4, 6], 26) as tf.Tensor4D;
      const w = randomTensor([3, 3, 5, 6], 27) as tf.Tensor4D;
      const f = (xx: tf.Tensor, ww: tf.Tensor) =>
        tf.conv2dTranspose(xx as tf.Tensor4D, ww as tf.Tensor4D, [3, 8, 8, 5], 2, 'same');
      const y = f(x, w);
      return [y, ...tf.grads(f)([x, w], randomTensor(y.shape, 28))];
    }, 'conv2dTranspose');
  });

  it.each(['linear', 'relu', 'leakyrelu', 'sigmoid', 'elu', 'prelu'] as const)(
    'fused conv2d adds the bias and applies %s, with the same gradients',
    async (activation) => {
      await expectWasmMatchesCpu(() => {
        const x = randomTensor([2, 8, 8, 3], 29) as tf.Tensor4D;
        const w = randomTensor([3, 3, 3, 4], 30) as tf.Tensor4D;
        const bias = randomTensor([4], 31);
        const prelu = activation === 'prelu' ? randomTensor([4], 32) : undefined;
        const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          tf.fused.conv2d({
            x: xx as tf.Tensor4D, filter: ww as tf.Tensor4D, strides: 2, pad: 'same', bias: bb, activation,
            preluActivationWeights: prelu, leakyreluAlpha: 0.2,
          });
        const y = f(x, w, bias);
        if (activation === 'prelu') return y;
        return [y, ...tf.grads(f)([x, w, bias], randomTensor(y.shape, 33))];
      }, `fused conv ${activation}`);
    },
  );

  it('frees every intermediate: a training-like step leaves no wasm data behind', async () => {
    await tf.setBackend('wasm');
    const x = randomTensor([4, 8, 8, 2], 1) as tf.Tensor4D;
    const w = randomTensor([3, 3, 2, 3], 2) as tf.Tensor4D;
    const before = liveWasmData();
    tf.tidy(() => {
      tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same').sum())([x, w]);
      tf.conv2dTranspose(x, tf.zeros([3, 3, 3, 2]) as tf.Tensor4D, [4, 16, 16, 3], 2, 'same');
      tf.fused.matMul({ a: randomTensor([3, 6, 5], 3), b: randomTensor([3, 4, 5], 4), transposeB: true, bias: tf.ones([4]), activation: 'elu' });
    });
    expect(liveWasmData()).toBe(before);
    tf.dispose([x, w]);
  });
});

native('Sum / Mean over leading axes and LeakyRelu through the addon match cpu', () => {
  it.each([
    [[64, 10], [0]],
    [[5, 7, 7, 32], [0, 1, 2]],
    [[3, 4, 5], [1, 0]],
    [[1000, 3], [0]],
  ] as const)('reduces %j over axes %j, keepDims both ways, with gradients', async (shape, axes) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([...shape], 41);
      const outs: tf.Tensor[] = [];
      for (const keepDims of [false, true]) {
        outs.push(tf.sum(x, [...axes], keepDims), tf.mean(x, [...axes], keepDims));
      }
      const y = tf.sum(x, [...axes]);
      outs.push(tf.grad((xx: tf.Tensor) => tf.mean(xx, [...axes]).mul(randomTensor(y.shape, 42)).sum())(x));
      return outs;
    }, `reduce [${shape}] over [${axes}]`);
  });

  it.each([0.2, 0.01, 0.3])('leakyRelu alpha %s: values and gradients', async (alpha) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([4, 9, 9, 5], 43);
      const f = (xx: tf.Tensor) => tf.leakyRelu(xx, alpha);
      return [f(x), tf.grad(f)(x, randomTensor([4, 9, 9, 5], 44))];
    }, `leakyRelu ${alpha}`);
  });

  it('computes them natively', async () => {
    await tf.setBackend('wasm');
    const addon = nativeBlas()!;
    const spies = [vi.spyOn(addon, 'columnSums'), vi.spyOn(addon, 'leakyRelu')];
    tf.tidy(() => {
      const x = randomTensor([8, 6], 45);
      tf.sum(x, 0);
      tf.leakyRelu(x, 0.2);
    });
    for (const spy of spies) {
      expect(spy).toHaveBeenCalled();
      spy.mockRestore();
    }
  });
});

native('Add of a bias over the last axis through the addon matches cpu', () => {
  it('adds [C] and [1,1,1,C] biases either side, with gradients, and leaves other shapes to stock', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([3, 5, 4, 6], 71);
      const bias = randomTensor([6], 72);
      const f = (xx: tf.Tensor, bb: tf.Tensor) => tf.add(xx, bb);
      return [
        f(x, bias),
        tf.add(bias.reshape([1, 1, 1, 6]), x),
        ...tf.grads(f)([x, bias], randomTensor([3, 5, 4, 6], 73)),
        tf.add(x, randomTensor([3, 5, 4, 6], 74)),
        tf.add(x, tf.scalar(0.5)),
        tf.add(x, randomTensor([4, 1], 75)),
        tf.add(randomTensor([6], 76), randomTensor([6], 77)),
      ];
    }, 'bias add');
  });

  it('computes it natively', async () => {
    await tf.setBackend('wasm');
    const spy = vi.spyOn(nativeBlas()!, 'addRow');
    tf.tidy(() => tf.add(randomTensor([8, 6], 78), randomTensor([6], 79)));
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});

native('Sigmoid, SquaredDifference, whole-tensor and trailing-axes Sum / Mean and row GatherV2 through the addon', () => {
  it('sigmoid: values within 2 ulp of cpu (saturating at ±100), gradients, NaN stays NaN', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([64, 50], 81).mul(12);
      const edges = tf.tensor1d([-100, -30, -1, 0, 1e-8, 1, 30, 100]);
      return [tf.sigmoid(x), tf.sigmoid(edges), tf.grad((xx: tf.Tensor) => tf.sigmoid(xx))(x, randomTensor([64, 50], 82))];
    }, 'sigmoid', 2.4e-7);
    await tf.setBackend('wasm');
    const y = tf.tidy(() => tf.sigmoid(tf.tensor1d([0, NaN, 2])).dataSync());
    expect(y[0]).toBe(0.5);
    expect(y[1]).toBeNaN();
  });

  it('squaredDifference: bit-identical to float32 (a − b)·(a − b), with gradients; broadcasts go to stock', async () => {
    await tf.setBackend('wasm');
    const a = randomValues(4096, 83);
    const b = randomValues(4096, 84);
    const out = tf.tidy(() => tf.squaredDifference(tf.tensor2d(a, [64, 64]), tf.tensor2d(b, [64, 64])).dataSync());
    for (let i = 0; i < a.length; i++) {
      const d = Math.fround(a[i]! - b[i]!);
      expect(out[i]).toBe(Math.fround(d * d));
    }
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([16, 30], 85);
      const t = randomTensor([16, 30], 86);
      const f = (xx: tf.Tensor, tt: tf.Tensor) => tf.squaredDifference(xx, tt);
      return [...tf.grads(f)([x, t], randomTensor([16, 30], 87)), tf.squaredDifference(x, randomTensor([30], 88))];
    }, 'squaredDifference');
  });

  it.each([
    [[128, 28, 28, 1]],
    [[7]],
    [[3, 5, 2]],
  ] as const)('sum and mean of every element of %j (keepDims both ways, with gradients) match cpu', async (shape) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([...shape], 89);
      const all = shape.map((_, i) => i);
      return [tf.sum(x), tf.mean(x), tf.sum(x, all, true), tf.mean(x, all, true), tf.grad((xx: tf.Tensor) => tf.mean(xx))(x)];
    }, `reduce all of [${shape}]`, 1e-6);
  });

  it.each([
    [[128, 28, 28, 1], [1, 2, 3]],
    [[6, 5], [1]],
    [[6, 5], [-1]],
    [[2, 3, 4], [2, 1]],
  ] as const)('sum and mean of %j over the trailing axes %j (keepDims both ways, with gradients) match cpu', async (shape, axes) => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([...shape], 93);
      const outs: tf.Tensor[] = [];
      for (const keepDims of [false, true]) outs.push(tf.sum(x, [...axes], keepDims), tf.mean(x, [...axes], keepDims));
      // Every case keeps only the first axis: the per-row sums are [shape[0]].
      outs.push(tf.grad((xx: tf.Tensor) => tf.sum(xx, [...axes]).mul(randomTensor([shape[0]], 94)).sum())(x));
      return outs;
    }, `reduce [${shape}] over trailing [${axes}]`, 1e-6);
  });

  it('a mean over a million elements is accumulated in doubles (stock float32 accumulation drifts)', async () => {
    await tf.setBackend('wasm');
    const tenth = Math.fround(0.1);
    const mean = tf.tidy(() => tf.mean(tf.fill([1000, 1000], tenth)).dataSync()[0]!);
    expect(Math.abs(mean - tenth) / tenth).toBeLessThan(1e-7);
  });

  it('gathers whole rows of a batch exactly as cpu does; other gathers go to stock; a bad index says which', async () => {
    await expectWasmMatchesCpu(() => {
      const x = randomTensor([50, 7, 3], 90);
      const rows = tf.tensor1d([4, 0, 49, 4], 'int32');
      return [tf.gather(x, rows), tf.gather(x, tf.tensor1d([2, 1], 'int32'), 1), tf.gather(x, tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'))];
    }, 'gather', 0);
    await tf.setBackend('wasm');
    expect(() => tf.tidy(() => tf.gather(tf.zeros([5, 3]), tf.tensor1d([5], 'int32')))).toThrow(/index value 5 is not in \[0, 4\]/);
  });

  it('computes them natively', async () => {
    await tf.setBackend('wasm');
    const addon = nativeBlas()!;
    const spies = ['sigmoid', 'squaredDifference', 'sumAll', 'rowSums', 'gatherRows'].map((name) => vi.spyOn(addon, name as 'sigmoid'));
    tf.tidy(() => {
      const x = randomTensor([8, 6], 91);
      tf.sigmoid(x);
      tf.mean(tf.squaredDifference(x, randomTensor([8, 6], 92)));
      tf.sum(x, -1);
      tf.gather(x, tf.tensor1d([1, 0], 'int32'));
    });
    for (const spy of spies) {
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    }
  });
});
