import * as tf from '@tensorflow/tfjs';
import { initBackend } from './src/main/engine/backend.js';
import { buildModels } from './src/main/engine/models.js';
import { autoencoderObjective } from './src/main/engine/kinds/index.js';
import { findPreset } from './src/shared/presets.js';
await initBackend('wasm');
const preset = findPreset(process.argv[2] ?? 'mnist-vae-64-16-8')!;
const config = { ...preset.config, training: { ...preset.config.training, batchSize: 128 } };
const models = buildModels(config.model, [28, 28, 1], 1);
const n = 512; const x = new Float32Array(n * 784).map((_, i) => (i % 97) / 97);
const data = { sampleShape: [28, 28, 1], binary: false, train: { x, labels: null, n }, val: { x, labels: null, n } };
const objective = autoencoderObjective(models, config, data);
const xt = tf.tensor(x, [n, 28, 28, 1]);
const run = () => tf.tidy(() => { const indices = tf.range(0, 128, 1, 'int32'); const xb = tf.gather(xt, indices); return objective.step({ x: xb, indices: indices as tf.Tensor1D, size: 128, step: 0, noiseSeed: () => 1 }); });
tf.dispose(run());
const counts = new Map<string, number>();
const orig = tf.engine().runKernel.bind(tf.engine());
const stacks = new Map<string, number>();
(tf.engine() as any).runKernel = (name: string, inputs: any, attrs: any) => {
  counts.set(name, (counts.get(name) ?? 0) + 1);
  if (name === process.argv[3]) { const s = new Error().stack!.split('\n').slice(2, 9).map((l) => l.trim().replace(/\(.*node_modules\//, '(').replace(/\(.*wt-step\//, '(')).join(' < '); stacks.set(s, (stacks.get(s) ?? 0) + 1); }
  return orig(name, inputs, attrs);
};
tf.dispose(run());
console.log([...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}:${v}`).join(' '));
for (const [s, c] of [...stacks.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(c, s.slice(0, 600));
