/**
 * Saved models opened for use without retraining: reconstruct or encode dataset samples with them.
 * Inference runs in this process on a lazily initialised backend; the sets involved are small.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { OpenedModel, ReconstructionSet, Settings } from '../../shared/api.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import type { Split } from '../datasets/types.js';
import { NotFoundError } from '../store/index.js';
import { ALL_MODEL_PARTS, type ModelPart } from '../engine/model-parts.js';

interface Entry {
  info: OpenedModel;
  models: Partial<Record<ModelPart, tf.LayersModel>>;
}

const sameShape = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

export class OpenedModels {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;
  private backendReady: Promise<void> | null = null;

  constructor(
    private readonly datasets: DatasetRegistry,
    private readonly backend: () => Settings['backend'],
  ) {}

  private ensureBackend(): Promise<void> {
    this.backendReady ??= import('../engine/backend.js').then(({ initBackend }) => initBackend(this.backend()).then(() => undefined));
    return this.backendReady;
  }

  async open(dir: string): Promise<OpenedModel> {
    const root = path.resolve(dir);
    // A folder written by export (autoencoder/, encoder/, decoder/; a GAN's decoder/, discriminator/), or a single model folder.
    const parts = ALL_MODEL_PARTS.filter((part) => fs.existsSync(path.join(root, part, 'model.json')));
    const single = parts.length === 0 && fs.existsSync(path.join(root, 'model.json'));
    if (parts.length === 0 && !single) {
      throw new NotFoundError(`${root}: no saved model here (expected model.json, or autoencoder/, encoder/ and decoder/ folders)`);
    }
    await this.ensureBackend();
    const { loadLayersModelFromDir } = await import('../engine/persistence.js');
    const models: Entry['models'] = {};
    if (single) models.autoencoder = await loadLayersModelFromDir(root);
    for (const part of parts) models[part] = await loadLayersModelFromDir(path.join(root, part));
    const main = models.autoencoder ?? models.encoder;
    const size = (shape: readonly (number | null)[]): number => (shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
    const { conditionClassesOf } = await import('../engine/conditioning.js');
    const conditioned = models.decoder ?? models.encoder ?? models.autoencoder;
    // Without an encoder (a GAN's generator, or a bare decoder) the samples are what the decoder outputs, its input is the code.
    const info: OpenedModel = {
      id: this.nextId++,
      dir: root,
      parts: single ? ['autoencoder'] : parts,
      inputShape: (main ? main.inputs[0]! : models.decoder ? models.decoder.outputs[0]! : models.discriminator!.inputs[0]!).shape.slice(1) as number[],
      codeSize: models.encoder ? size(models.encoder.outputs[0]!.shape) : models.decoder ? size(models.decoder.inputs[0]!.shape) : null,
      conditionClasses: conditioned ? conditionClassesOf(conditioned) : null,
      totalParams: (main ?? models.decoder ?? models.discriminator)!.countParams(),
    };
    this.entries.set(info.id, { info, models });
    return info;
  }

  private entry(id: number): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new NotFoundError(`model ${id} is not open`);
    return entry;
  }

  /** An opened model's info and loaded parts, for services that run the parts themselves (the latent lab). */
  use(id: number): { readonly info: OpenedModel; readonly models: Readonly<Entry['models']> } {
    return this.entry(id);
  }

  /** The first `count` samples of the dataset's test split (or training split when it has none). */
  private async samples(entry: Entry, datasetId: string, count: number): Promise<{ split: Split; sampleShape: number[]; n: number }> {
    const dataset = await this.datasets.load(datasetId);
    if (!sameShape(dataset.sampleShape, entry.info.inputShape)) {
      throw new Error(
        `the model expects samples of shape ${entry.info.inputShape.join('x')}, but ${datasetId} has ${dataset.sampleShape.join('x')}`,
      );
    }
    const split = dataset.test ?? dataset.train;
    return { split, sampleShape: dataset.sampleShape, n: Math.min(count, split.n) };
  }

  async reconstruct(id: number, datasetId: string, count: number): Promise<ReconstructionSet> {
    const entry = this.entry(id);
    if (!entry.models.autoencoder) throw new Error(`model ${id} has no autoencoder to reconstruct with`);
    const { split, sampleShape, n } = await this.samples(entry, datasetId, count);
    const { reconstruct } = await import('../engine/inference.js');
    const { inputs, outputs } = await reconstruct(entry.models.autoencoder, split.x, sampleShape, n, split.labels);
    return { sampleShape, inputs, outputs, labels: Array.from({ length: n }, (_, i) => (split.labels ? split.labels[i]! : null)) };
  }

  async encode(id: number, datasetId: string, count: number): Promise<{ codes: number[][]; labels: (number | null)[] }> {
    const entry = this.entry(id);
    if (!entry.models.encoder) throw new Error(`model ${id} has no encoder`);
    const { split, sampleShape, n } = await this.samples(entry, datasetId, count);
    const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
    const { encode } = await import('../engine/inference.js');
    const codes = await encode(entry.models.encoder, split.x.subarray(0, n * sampleSize), sampleShape, undefined, split.labels);
    return { codes, labels: Array.from({ length: n }, (_, i) => (split.labels ? split.labels[i]! : null)) };
  }

  close(id: number): void {
    const entry = this.entry(id);
    // Loaded parts are independent copies, so each can be disposed on its own.
    for (const model of Object.values(entry.models)) model?.dispose();
    this.entries.delete(id);
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.close(id);
  }
}
