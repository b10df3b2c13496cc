/**
 * The latent lab: explore the code space of an opened model. Encodes dataset samples into a plane
 * (PCA beyond 2-D), decodes any plane point or code, and draws the manifold grid, interpolations,
 * perturbed codes, samples of a Gaussian fitted to the codes, first-layer activations and the
 * feature maps of conv codes. The plane of a model's last projection is kept here, so a click in
 * the renderer sends two numbers and the decode costs one small decoder call.
 *
 * A conditional model (one whose parts read a one-hot class label, engine/conditioning.ts) encodes
 * each sample with its own label; the decode, grid and fitted-sample tools decode as the class the
 * caller picks, and `classSamples` decodes the same prior codes as every class.
 */
import type * as tf from '@tensorflow/tfjs';
import type {
  LatentActivations,
  LatentDecoded,
  LatentFeatureMaps,
  LatentMap,
  LatentProjection,
} from '../../shared/api.js';
import {
  extentOf,
  fitGaussian,
  fitPlane,
  gridPoints,
  interpolateCodes,
  perturbCode,
  projectCode,
  sampleGaussian,
  slicePlane,
  unprojectPoint,
  type LatentPlane,
} from '../../shared/latent-math.js';
import { gaussian, seededRandom } from '../../shared/random.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import type { LoadedDataset, Split } from '../datasets/types.js';
import type { OpenedModels } from './opened-models.js';

type Extent = LatentProjection['extent'];
type Engine = typeof import('../engine/latent.js');
type ConditionRows = import('../engine/latent.js').ConditionRows;

/** What the lab remembers of a model: its plane and the codes it last projected. */
interface ModelState {
  plane: LatentPlane;
  extent: Extent;
  projected: { datasetId: string; codes: number[][] } | null;
}

/** Decoder-only models have no codes to fit a plane to: their prior's likely region. */
const PRIOR_EXTENT: Extent = { x: [-3, 3], y: [-3, 3] };
/** Codes the fitted Gaussian is estimated from when no projection of the dataset is at hand. */
const FIT_SAMPLES = 2000;

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Scale values to [0, 1] by their largest magnitude (keeps 0 at 0 for ReLU maps); min-max when some are negative. */
function toMap(values: readonly number[], shape: number[]): LatentMap {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const from = lo >= 0 ? 0 : lo;
  const span = hi - from || 1;
  return { values: values.map((v) => (v - from) / span), shape };
}

/** A near-square [h, w, 1] layout for a flat activation vector, so it can be drawn as an image. */
function imageShapeFor(size: number): number[] {
  const width = Math.ceil(Math.sqrt(size));
  return [Math.ceil(size / width), width, 1];
}

export class LatentLab {
  private readonly states = new Map<number, ModelState>();
  private readonly hiddenLayers = new Map<number, ReturnType<Engine['firstHiddenLayer']>>();
  // The last dataset read: every tool but decode reads samples, and a drag of the σ slider sends many calls.
  private lastDataset: { id: string; data: Promise<LoadedDataset> } | null = null;

  constructor(
    private readonly models: OpenedModels,
    private readonly datasets: DatasetRegistry,
  ) {}

  private engine(): Promise<Engine> {
    return import('../engine/latent.js');
  }

  private part(modelId: number, part: 'encoder' | 'decoder' | 'autoencoder'): tf.LayersModel {
    const model = this.models.use(modelId).models[part];
    if (!model) {
      const advice = part === 'encoder' ? ' (a decoder-only model, such as a GAN generator, supports only the plane, decode and grid tools)' : '';
      throw new Error(`model ${modelId} has no ${part}${advice}`);
    }
    return model;
  }

  private async codeShape(modelId: number): Promise<number[]> {
    return (await this.engine()).inputShapeOf(this.part(modelId, 'decoder'));
  }

  private async state(modelId: number): Promise<ModelState> {
    const known = this.states.get(modelId);
    if (known) return known;
    const state: ModelState = { plane: slicePlane(product(await this.codeShape(modelId))), extent: PRIOR_EXTENT, projected: null };
    this.states.set(modelId, state);
    return state;
  }

  /** The split the lab reads (test, else training), checked against the model's input shape. */
  private async split(modelId: number, datasetId: string, fresh = false): Promise<{ split: Split; sampleShape: number[]; classNames: string[] }> {
    if (fresh || this.lastDataset?.id !== datasetId) this.lastDataset = { id: datasetId, data: this.datasets.load(datasetId) };
    const dataset = await this.lastDataset.data.catch((error: unknown) => {
      this.lastDataset = null;
      throw error;
    });
    const inputShape = this.models.use(modelId).info.inputShape;
    if (!sameShape(dataset.sampleShape, inputShape)) {
      throw new Error(`the model expects samples of shape ${inputShape.join('x')}, but ${datasetId} has ${dataset.sampleShape.join('x')}`);
    }
    return { split: dataset.test ?? dataset.train, sampleShape: dataset.sampleShape, classNames: dataset.classNames };
  }

  /** The labels of samples of the split, for a conditional encoder; null when the split has none. */
  private labelsAt(split: Split, indices: readonly number[]): number[] | null {
    const labels = split.labels;
    return labels ? indices.map((i) => labels[i]!) : null;
  }

  /** The class count a model's decoder is conditioned on; null when it is unconditional. */
  private async conditionClasses(modelId: number): Promise<number | null> {
    return (await this.engine()).conditionClassesOf(this.part(modelId, 'decoder'));
  }

  /** Decode-as-class for `count` codes: class `classIndex` for each, or nothing asked. */
  private static asClass(classIndex: number | undefined, count: number): ConditionRows | null {
    return classIndex === undefined ? null : { labels: new Array<number>(count).fill(classIndex) };
  }

  private sampleAt(split: Split, sampleShape: number[], index: number): number[] {
    if (!Number.isInteger(index) || index < 0 || index >= split.n) throw new Error(`sample ${index} does not exist: the split has samples 0 to ${split.n - 1}`);
    const size = product(sampleShape);
    return Array.from(split.x.subarray(index * size, (index + 1) * size));
  }

  private async encodeSamples(modelId: number, samples: number[][], sampleShape: number[], labels: number[] | null): Promise<number[][]> {
    return (await this.engine()).runOnSamples(this.part(modelId, 'encoder'), samples, sampleShape, labels);
  }

  private async decodeCodes(modelId: number, codes: number[][], condition: ConditionRows | null = null): Promise<LatentDecoded> {
    const { decodeCodes, outputShapeOf } = await this.engine();
    const decoder = this.part(modelId, 'decoder');
    const { plane } = await this.state(modelId);
    const outputs = await decodeCodes(decoder, codes, condition);
    return {
      sampleShape: outputShapeOf(decoder),
      images: outputs.map((values, i) => ({ values, code: codes[i]! })),
      points: codes.map((code) => projectCode(plane, code)),
    };
  }

  async project(modelId: number, datasetId: string, count: number): Promise<LatentProjection> {
    const codeShape = await this.codeShape(modelId);
    const codeSize = product(codeShape);
    const { split, sampleShape, classNames } = await this.split(modelId, datasetId, true);
    const base = { classNames, codeSize, codeShape, sampleShape };
    if (!this.models.use(modelId).models.encoder) {
      const state = await this.state(modelId);
      return { ...base, points: [], labels: [], indices: [], method: 'slice', explainedVariance: state.plane.explainedVariance, extent: state.extent };
    }
    const n = Math.min(count, split.n);
    const indices = Array.from({ length: n }, (_, i) => i);
    const codes = await this.encodeSamples(modelId, indices.map((i) => this.sampleAt(split, sampleShape, i)), sampleShape, this.labelsAt(split, indices));
    if (codes.some((code) => code.some((v) => !Number.isFinite(v)))) throw new Error(`the encoder of model ${modelId} produced NaN or infinite codes`);
    const plane = fitPlane(codes);
    const points = codes.map((code) => projectCode(plane, code));
    const extent = extentOf(points);
    this.states.set(modelId, { plane, extent, projected: { datasetId, codes } });
    return {
      ...base,
      points,
      labels: indices.map((i) => (split.labels ? split.labels[i]! : null)),
      indices,
      method: plane.method,
      explainedVariance: plane.explainedVariance,
      extent,
    };
  }

  /** The codes the last projection of `datasetId` encoded (what a UMAP or t-SNE map is drawn from). */
  async projectedCodes(modelId: number, datasetId: string): Promise<number[][]> {
    const { projected } = await this.state(modelId);
    if (!projected || projected.datasetId !== datasetId) throw new Error(`project ${datasetId} with model ${modelId} first: a map is drawn from the codes of its projection`);
    return projected.codes;
  }

  /** Decodes plane points or codes; a conditional model decodes them as class `classIndex`. */
  async decode(modelId: number, points: number[][], space: 'plane' | 'code', classIndex?: number): Promise<LatentDecoded> {
    const { plane } = await this.state(modelId);
    const codeSize = plane.origin.length;
    const codes = points.map((point, i) => {
      if (space === 'code') {
        if (point.length !== codeSize) throw new Error(`code ${i} has ${point.length} values; the decoder takes ${codeSize}`);
        return point;
      }
      if (point.length !== 2) throw new Error(`plane point ${i} has ${point.length} coordinates, not 2`);
      return unprojectPoint(plane, [point[0]!, point[1]!]);
    });
    return this.decodeCodes(modelId, codes, LatentLab.asClass(classIndex, codes.length));
  }

  async grid(modelId: number, steps: number, extent?: Extent, classIndex?: number): Promise<LatentDecoded> {
    const state = await this.state(modelId);
    return this.decode(modelId, gridPoints(extent ?? state.extent, steps), 'plane', classIndex);
  }

  /**
   * A conditional model's prior samples: `perClass` seeded N(0, I) codes, each decoded as every
   * class; images row-major, one row per class (the same codes down a column).
   */
  async classSamples(modelId: number, perClass: number, seed: number): Promise<LatentDecoded & { classes: number }> {
    const classes = await this.conditionClasses(modelId);
    if (classes === null) throw new Error(`model ${modelId} is not conditioned on a class: sample its prior or a fitted Gaussian instead`);
    const { plane } = await this.state(modelId);
    const random = seededRandom(seed);
    const row = Array.from({ length: perClass }, () => plane.origin.map(() => gaussian(random)));
    const codes = Array.from({ length: classes }, () => row).flat();
    const labels = Array.from({ length: classes }, (_, k) => new Array<number>(perClass).fill(k)).flat();
    return { ...(await this.decodeCodes(modelId, codes, { labels })), classes };
  }

  async interpolate(modelId: number, datasetId: string, indexA: number, indexB: number, steps: number): Promise<LatentDecoded> {
    const { split, sampleShape } = await this.split(modelId, datasetId);
    const labels = this.labelsAt(split, [indexA, indexB]);
    const [a, b] = await this.encodeSamples(modelId, [this.sampleAt(split, sampleShape, indexA), this.sampleAt(split, sampleShape, indexB)], sampleShape, labels);
    // A conditional model's label moves with the code: one-hot of A to one-hot of B.
    const classes = await this.conditionClasses(modelId);
    const oneHot = (label: number): number[] => Array.from({ length: classes ?? 0 }, (_, k) => (k === label ? 1 : 0));
    const condition = classes !== null && labels ? { rows: interpolateCodes(oneHot(labels[0]!), oneHot(labels[1]!), steps) } : null;
    return this.decodeCodes(modelId, interpolateCodes(a!, b!, steps), condition);
  }

  async perturb(modelId: number, datasetId: string, index: number, sigma: number, scale: number, count: number, seed: number): Promise<LatentDecoded & { input: number[] }> {
    const { split, sampleShape } = await this.split(modelId, datasetId);
    const input = this.sampleAt(split, sampleShape, index);
    const label = this.labelsAt(split, [index]);
    const [code] = await this.encodeSamples(modelId, [input], sampleShape, label);
    const random = seededRandom(seed);
    const codes = [code!, ...Array.from({ length: count }, () => perturbCode(code!, sigma, scale, random))];
    // A conditional model decodes every perturbed code as the sample's own class.
    return { ...(await this.decodeCodes(modelId, codes, label ? { labels: codes.map(() => label[0]!) } : null)), input };
  }

  /** Samples of a Gaussian fitted to the codes; a conditional model decodes them as class `classIndex`, or as each class in turn when none is picked. */
  async sampleFitted(modelId: number, datasetId: string, n: number, seed: number, classIndex?: number): Promise<LatentDecoded> {
    const { projected } = await this.state(modelId);
    let codes = projected?.datasetId === datasetId ? projected.codes : null;
    if (!codes) {
      const { split, sampleShape } = await this.split(modelId, datasetId);
      const indices = Array.from({ length: Math.min(FIT_SAMPLES, split.n) }, (_, i) => i);
      codes = await this.encodeSamples(modelId, indices.map((i) => this.sampleAt(split, sampleShape, i)), sampleShape, this.labelsAt(split, indices));
    }
    if (codes.length < 2) throw new Error(`a Gaussian needs the codes of at least 2 samples; ${datasetId} gives ${codes.length}`);
    const classes = await this.conditionClasses(modelId);
    const inTurn = classes === null ? null : { labels: Array.from({ length: n }, (_, i) => i % classes) };
    return this.decodeCodes(modelId, sampleGaussian(fitGaussian(codes), n, seed), LatentLab.asClass(classIndex, n) ?? inTurn);
  }

  async activations(modelId: number, datasetId: string, perClass: number): Promise<LatentActivations> {
    const { firstHiddenLayer, runOnSamples } = await this.engine();
    const autoencoder = this.part(modelId, 'autoencoder');
    const hidden = this.hiddenLayers.get(modelId) ?? firstHiddenLayer(autoencoder);
    this.hiddenLayers.set(modelId, hidden);
    const { split, sampleShape, classNames } = await this.split(modelId, datasetId);
    const picked: { index: number; label: number | null }[] = [];
    const taken = new Map<number | null, number>();
    for (let i = 0; i < split.n && picked.length < 200; i++) {
      const label = split.labels ? split.labels[i]! : null;
      const limit = label === null ? perClass * 8 : perClass;
      if ((taken.get(label) ?? 0) >= limit) continue;
      taken.set(label, (taken.get(label) ?? 0) + 1);
      picked.push({ index: i, label });
    }
    picked.sort((a, b) => (a.label ?? -1) - (b.label ?? -1) || a.index - b.index);
    const inputs = picked.map(({ index }) => this.sampleAt(split, sampleShape, index));
    const labels = this.labelsAt(split, picked.map(({ index }) => index));
    const [activations, outputs] = await Promise.all([runOnSamples(hidden.model, inputs, sampleShape, labels), runOnSamples(autoencoder, inputs, sampleShape, labels)]);
    // A dense layer's units become a near-square image; a conv layer's maps are tiled side by side.
    const drawShape = (values: number[]): LatentMap => {
      if (hidden.shape.length === 3) return tileMaps(values, hidden.shape);
      const shape = imageShapeFor(values.length);
      // The last row of a near-square layout may be short: pad it with 0 (drawn as "off").
      const map = toMap(values, shape);
      return { ...map, values: [...map.values, ...new Array<number>(product(shape) - values.length).fill(0)] };
    };
    return {
      sampleShape,
      layer: { name: hidden.name, shape: hidden.shape },
      rows: picked.map(({ index, label }, i) => ({ label, index, input: inputs[i]!, activation: drawShape(activations[i]!), output: outputs[i]! })),
      classNames,
    };
  }

  async featureMaps(modelId: number, datasetId: string, index: number): Promise<LatentFeatureMaps> {
    const { outputShapeOf, runOnSamples } = await this.engine();
    const encoder = this.part(modelId, 'encoder');
    const shape = outputShapeOf(encoder);
    if (shape.length !== 3) throw new Error(`the code of model ${modelId} is a flat vector of ${product(shape)} values, not conv feature maps`);
    const [h, w, channels] = shape as [number, number, number];
    const { split, sampleShape } = await this.split(modelId, datasetId);
    const input = this.sampleAt(split, sampleShape, index);
    const label = this.labelsAt(split, [index]);
    const [code] = await runOnSamples(encoder, [input], sampleShape, label);
    const maxActivation = Math.max(1e-12, ...code!.map(Math.abs));
    const maps = Array.from({ length: channels }, (_, c) => ({
      values: Array.from({ length: h * w }, (_, p) => Math.min(1, Math.abs(code![p * channels + c]!) / maxActivation)),
      shape: [h, w, 1],
    }));
    const [output] = await (await this.engine()).decodeCodes(this.part(modelId, 'decoder'), [code!], label ? { labels: label } : null);
    return { sampleShape, input, output: output!, maps, maxActivation };
  }

  /** Drop what is kept of a closed model. */
  forget(modelId: number): void {
    this.states.delete(modelId);
    this.hiddenLayers.delete(modelId);
  }
}

/** Conv activations [h, w, c] as one image: the c maps side by side in a near-square mosaic, 1-pixel gaps. */
function tileMaps(values: number[], [h, w, c]: number[]): LatentMap {
  const columns = Math.ceil(Math.sqrt(c!));
  const rows = Math.ceil(c! / columns);
  const width = columns * (w! + 1) - 1;
  const height = rows * (h! + 1) - 1;
  const scaled = toMap(values, [h!, w!, c!]).values;
  const mosaic = new Array<number>(width * height).fill(0);
  for (let m = 0; m < c!; m++) {
    const ox = (m % columns) * (w! + 1);
    const oy = Math.floor(m / columns) * (h! + 1);
    for (let y = 0; y < h!; y++) for (let x = 0; x < w!; x++) mosaic[(oy + y) * width + ox + x] = scaled[(y * w! + x) * c! + m]!;
  }
  return { values: mosaic, shape: [height, width, 1] };
}
