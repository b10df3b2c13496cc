/**
 * Dense weights in PyTorch's layout, for the lock-step comparison: per nn.Linear its weight
 * [out, in] row-major then its bias, float32 little-endian, in model.parameters() order. tfjs'
 * Dense kernel is [in, out], so each kernel is transposed on the way in and out.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../src/shared/random.js';
import { compareArrays, type ArrayDeviation } from './compare.js';

/** The Dense layers of a model, input to output (kernel and bias each). */
export function denseLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const layers = model.layers.filter((l) => l.getClassName() === 'Dense');
  for (const l of layers) if (l.getWeights().length !== 2) throw new Error(`${l.name}: expected a kernel and a bias`);
  return layers;
}

function transpose(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = values[i * cols + j]!;
  return out;
}

/** Writes the layers' weights in PyTorch's layout. */
export async function writeWeights(file: string, layers: tf.layers.Layer[]): Promise<void> {
  const parts: Float32Array[] = [];
  for (const layer of layers) {
    const [kernel, bias] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D];
    const [inUnits, outUnits] = kernel.shape;
    parts.push(transpose(kernel.dataSync() as Float32Array, inUnits, outUnits), bias.dataSync() as Float32Array);
  }
  const flat = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    flat.set(p, offset);
    offset += p.length;
  }
  await writeFile(file, new Uint8Array(flat.buffer));
}

/** Loads weights in PyTorch's layout into the layers. */
export async function readWeights(file: string, layers: tf.layers.Layer[]): Promise<void> {
  const bytes = await readFile(file);
  const flat = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let offset = 0;
  for (const layer of layers) {
    const [inUnits, outUnits] = layer.getWeights()[0]!.shape as [number, number];
    const weight = flat.subarray(offset, offset + inUnits * outUnits);
    offset += inUnits * outUnits;
    const bias = flat.subarray(offset, offset + outUnits);
    offset += outUnits;
    const kernel = tf.tensor2d(transpose(weight, outUnits, inUnits), [inUnits, outUnits]);
    const b = tf.tensor1d(bias.slice());
    layer.setWeights([kernel, b]);
    tf.dispose([kernel, b]);
  }
  if (offset !== flat.length) throw new Error(`${file}: ${flat.length} values, the model has ${offset}`);
}

/** Multiplies every weight by 1 ± `relative` (signs from a seeded stream): a float-noise-sized nudge. */
export function perturbWeights(layers: tf.layers.Layer[], relative: number, seed: number): void {
  const random = seededRandom(seed + 12345);
  for (const layer of layers) {
    const weights = layer.getWeights().map((w) => tf.tensor((w.dataSync() as Float32Array).map((v) => v * (1 + (random() < 0.5 ? -relative : relative))), w.shape));
    layer.setWeights(weights);
    tf.dispose(weights);
  }
}

/** Our parameters (kernel [in, out] then bias, per Dense layer) against a flat block in PyTorch's layout. */
export function compareWithTorch(layers: tf.layers.Layer[], ours: Float32Array[], theirs: Float32Array): ArrayDeviation[] {
  const result: ArrayDeviation[] = [];
  let offset = 0;
  layers.forEach((layer, l) => {
    const [inUnits, outUnits] = layer.getWeights()[0]!.shape as [number, number];
    result.push(compareArrays(`${layer.name}/kernel`, ours[2 * l]!, transpose(theirs.subarray(offset, offset + inUnits * outUnits), outUnits, inUnits)));
    offset += inUnits * outUnits;
    result.push(compareArrays(`${layer.name}/bias`, ours[2 * l + 1]!, theirs.subarray(offset, offset + outUnits)));
    offset += outUnits;
  });
  if (offset !== theirs.length) throw new Error(`PyTorch's block holds ${theirs.length} values, ours ${offset}`);
  return result;
}

/** The current values of the layers' weights, kernel then bias per layer. */
export const weightValues = (layers: tf.layers.Layer[]): Float32Array[] => layers.flatMap((l) => l.getWeights().map((w) => w.dataSync() as Float32Array));
