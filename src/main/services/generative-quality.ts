/**
 * Generative quality in numbers: for runs of any generative kind, draw samples through the run's
 * `decoder` part (plain AE: codes from a Gaussian fitted to its training codes; VAE: N(0, I); GAN:
 * its prior), and measure them with a classifier trained in-app on the run's dataset — the
 * Fréchet distance to the real training samples in its feature space, and the class coverage.
 * The real test set, measured the same way, is the reference row.
 *
 * Runs in this process on the inference backend, in batches that yield to the event loop; one
 * evaluation at a time (a second waits), cancelled when the lab is disposed.
 */
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { QualityClassifier, QualityOptions, QualityReport, QualityRow, Settings } from '../../shared/api.js';
import type { RunConfig } from '../../shared/config.js';
import { priorOf } from '../../shared/kinds/registry.js';
import { classCoverage, classHistogram } from '../../shared/quality/coverage.js';
import { frechetDistance } from '../../shared/quality/frechet.js';
import { meanAndCovariance, type GaussianStats } from '../../shared/quality/linear-algebra.js';
import type { DatasetRegistry } from '../datasets/registry.js';
import { prepareSplits } from '../datasets/split.js';
import type { LoadedDataset } from '../datasets/types.js';
import type { ClassifierTraining, Classified } from '../engine/quality/classifier.js';
import type { StoredClassifierInfo } from '../engine/quality/classifier-cache.js';
import { NotFoundError, type Store } from '../store/index.js';
import type { LabEventBus } from './events.js';

export const DEFAULT_QUALITY_SAMPLES = 1000;
/** Real training samples whose features stand for the data distribution. */
const REFERENCE_LIMIT = 10_000;
/** A loaded dataset is kept this long after an evaluation, so that the next one starts at once. */
const DATASET_KEEP_MS = 120_000;
/** Training samples whose codes a plain AE's Gaussian is fitted to. */
const CODE_FIT_LIMIT = 10_000;
/** The classifier's own hold-out when a dataset has no test split. */
const HOLD_OUT = 0.1;
/** Below this many training samples per class a hold-out would miss whole classes (the font has one each). */
const MIN_SAMPLES_PER_CLASS_FOR_HOLD_OUT = 10;
/** Tiny datasets get more epochs, so that the classifier takes at least this many steps. */
const MIN_CLASSIFIER_STEPS = 300;

/**
 * The real samples the classifier trains on and is tested on: the dataset's test split; else a
 * seeded hold-out; else, for sets too small to hold any class out, the training samples themselves.
 */
function realSplits(dataset: LoadedDataset, classes: number[] | undefined, seed: number, trainLimit?: number) {
  const canHoldOut = dataset.train.n >= MIN_SAMPLES_PER_CLASS_FOR_HOLD_OUT * dataset.classNames.length;
  const splits = prepareSplits(dataset, { id: dataset.info.id, classes, trainLimit, valFraction: canHoldOut ? HOLD_OUT : 0 }, seed);
  const what = dataset.test ? 'test set' : canHoldOut ? 'held-out samples' : 'training samples';
  return { ...splits, name: `${what} (${dataset.info.id}${classes ? `, classes ${classes.join(',')}` : ''})` };
}

export interface GenerativeQualityOptions {
  store: Store;
  datasets: DatasetRegistry;
  dataDir: string;
  events: LabEventBus;
  backend: () => Settings['backend'];
  /** How classifiers are trained (tests use a smaller budget). */
  classifierTraining?: Partial<ClassifierTraining>;
  /** Real training samples whose features stand for the data; default 10 000. */
  referenceLimit?: number;
}

/** What one run's evaluation needs, checked before any heavy work. */
interface RunPlan {
  runId: number;
  name: string;
  kind: string;
  config: RunConfig;
  modelDir: string;
  source: 'fitted-gaussian' | 'prior';
  prior: 'normal' | 'uniform' | null;
}

interface LoadedClassifier {
  model: tf.LayersModel;
  public: QualityClassifier;
}

/** Three epochs of Adam: about 97 % test accuracy on MNIST, in well under a minute on wasm. */
const DEFAULT_TRAINING: ClassifierTraining = { epochs: 3, batchSize: 128, learningRate: 1e-3, seed: 1234 };

export class GenerativeQuality {
  private readonly abort = new AbortController();
  private readonly classifiers = new Map<string, LoadedClassifier>();
  private queue: Promise<unknown> = Promise.resolve();
  private backendReady: Promise<void> | null = null;
  private readonly recentDatasets = new Map<string, { dataset: LoadedDataset; evict: NodeJS.Timeout }>();

  constructor(private readonly options: GenerativeQualityOptions) {}

  /** Evaluates the runs; a call made while another runs waits for it. */
  evaluate(runIds: number[], options: QualityOptions = {}): Promise<QualityReport> {
    const next = this.queue.then(() => this.evaluateNow(runIds, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.abort.abort();
    for (const entry of this.classifiers.values()) entry.model.dispose();
    this.classifiers.clear();
    for (const entry of this.recentDatasets.values()) clearTimeout(entry.evict);
    this.recentDatasets.clear();
  }

  private async loadDataset(id: string): Promise<LoadedDataset> {
    const recent = this.recentDatasets.get(id);
    if (recent) clearTimeout(recent.evict);
    const dataset = recent?.dataset ?? (await this.options.datasets.load(id));
    const evict = setTimeout(() => this.recentDatasets.delete(id), DATASET_KEEP_MS);
    evict.unref();
    this.recentDatasets.set(id, { dataset, evict });
    return dataset;
  }

  private get training(): ClassifierTraining {
    return { ...DEFAULT_TRAINING, ...this.options.classifierTraining };
  }

  private ensureBackend(): Promise<void> {
    this.backendReady ??= import('../engine/backend.js').then(({ initBackend }) => initBackend(this.options.backend()).then(() => undefined));
    return this.backendReady;
  }

  private plan(runId: number): RunPlan {
    const detail = this.options.store.runs.detail(runId);
    const kind: string = detail.config.model.kind;
    const artifact = detail.artifacts.find((a) => a.kind === 'model');
    if (!artifact) throw new NotFoundError(`run ${runId} has no saved model yet (one is written at its first checkpoint)`);
    const base = { runId, name: `#${runId} ${detail.name}`, kind, config: detail.config, modelDir: path.join(this.options.dataDir, artifact.path) };
    const prior = priorOf(detail.config.model);
    return prior ? { ...base, source: 'prior', prior: prior.distribution } : { ...base, source: 'fitted-gaussian', prior: null };
  }

  private progress(stage: 'classifier' | 'reference' | 'run', datasetId: string, runId: number | null): (done: number, total: number) => void {
    let last = 0;
    return (done, total) => {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      this.options.events.emit('qualityProgress', { stage, datasetId, runId, fraction: total > 0 ? done / total : 1 });
    };
  }

  private async evaluateNow(runIds: number[], options: QualityOptions): Promise<QualityReport> {
    const started = Date.now();
    const samples = options.samples ?? DEFAULT_QUALITY_SAMPLES;
    const seed = options.seed ?? 0;
    if (runIds.length === 0) throw new Error('pick at least one run to evaluate');
    const plans = [...new Set(runIds)].map((id) => this.plan(id));
    const { partDir } = await import('../engine/quality/generate.js');
    for (const plan of plans) {
      const needed = plan.source === 'fitted-gaussian' ? ['encoder', 'decoder'] : ['decoder'];
      const missing = needed.filter((part) => !partDir(plan.modelDir, part));
      if (missing.length > 0) throw new Error(`run ${plan.runId}: its checkpoint ${plan.modelDir} has no ${missing.join(' or ')} model`);
    }
    const datasets = new Map<string, LoadedDataset>();
    for (const plan of plans) {
      const id = plan.config.dataset.id;
      if (datasets.has(id)) continue;
      const dataset = await this.loadDataset(id);
      if (!dataset.train.labels || dataset.classNames.length < 2) {
        throw new Error(`run ${plan.runId}: dataset "${id}" has no class labels, so its samples cannot be classified (quality needs a labelled dataset)`);
      }
      datasets.set(id, dataset);
    }
    await this.ensureBackend();
    for (const plan of plans) await this.checkLatentSize(plan);

    const classifiers = new Map<string, LoadedClassifier>();
    for (const [id, dataset] of datasets) classifiers.set(id, await this.classifierFor(dataset));

    // One reference per dataset and class filter: real training features, and the real test set as a row.
    const references = new Map<string, { stats: GaussianStats; row: QualityRow }>();
    const referenceOf = async (plan: RunPlan) => {
      const classes = plan.config.dataset.classes;
      const key = `${plan.config.dataset.id}|${JSON.stringify(classes ?? null)}`;
      let reference = references.get(key);
      if (!reference) {
        reference = await this.reference(datasets.get(plan.config.dataset.id)!, classifiers.get(plan.config.dataset.id)!, classes, samples);
        references.set(key, reference);
      }
      return reference;
    };

    const rows: QualityRow[] = [];
    for (const plan of plans) {
      const dataset = datasets.get(plan.config.dataset.id)!;
      const classifier = classifiers.get(dataset.info.id)!;
      const reference = await referenceOf(plan);
      const generated = await this.generate(plan, dataset, samples, seed);
      const classified = await this.classify(classifier, generated, dataset.sampleShape, samples, this.progress('run', dataset.info.id, plan.runId));
      rows.push(this.row(plan, dataset, classifier, classified, reference.stats, plan.config.dataset.classes));
    }
    rows.push(...[...references.values()].map((r) => r.row));
    return { samples, seed, rows, classifiers: [...classifiers.values()].map((c) => c.public), durationMs: Date.now() - started };
  }

  private async classifierFor(dataset: LoadedDataset): Promise<LoadedClassifier> {
    const id = dataset.info.id;
    const { classifierDir, loadCachedClassifier, saveClassifier, CLASSIFIER_VERSION } = await import('../engine/quality/classifier-cache.js');
    const training = this.training;
    const key = { datasetId: id, sampleShape: dataset.sampleShape, classNames: dataset.classNames, datasetTrainCount: dataset.train.n, training };
    const held = this.classifiers.get(id);
    if (held) return { ...held, public: { ...held.public, trainedNow: false } };
    const dir = classifierDir(this.options.dataDir, id);
    const cached = await loadCachedClassifier(dir, key);
    if (cached) {
      const entry = { model: cached.model, public: publicInfo(cached.info, false) };
      this.classifiers.set(id, entry);
      return entry;
    }
    const { buildClassifier, trainClassifier, accuracy, FEATURE_SIZE } = await import('../engine/quality/classifier.js');
    const { train, val } = realSplits(dataset, undefined, training.seed, training.trainLimit);
    const classCount = dataset.classNames.length;
    const model = buildClassifier(dataset.sampleShape, classCount, training.seed);
    const onProgress = this.progress('classifier', id, null);
    const epochs = Math.max(training.epochs, Math.ceil(MIN_CLASSIFIER_STEPS / Math.ceil(train.n / training.batchSize)));
    await trainClassifier(model, train, dataset.sampleShape, classCount, { ...training, epochs }, { signal: this.abort.signal, onProgress });
    const testAccuracy = await accuracy(model, val, dataset.sampleShape, { signal: this.abort.signal });
    const info = {
      version: CLASSIFIER_VERSION,
      ...key,
      trainSamples: train.n,
      testSamples: val.n,
      testAccuracy,
      epochsTrained: epochs,
      featureSize: FEATURE_SIZE,
      trainedAt: new Date().toISOString(),
    };
    await saveClassifier(dir, model, info);
    const entry = { model, public: publicInfo(info, true) };
    this.classifiers.set(id, entry);
    return entry;
  }

  private async classify(classifier: LoadedClassifier, x: Float32Array, sampleShape: number[], count: number, onProgress?: (d: number, t: number) => void): Promise<Classified> {
    const { classify } = await import('../engine/quality/classifier.js');
    return classify(classifier.model, x, sampleShape, count, { signal: this.abort.signal, onProgress });
  }

  private async reference(dataset: LoadedDataset, classifier: LoadedClassifier, classes: number[] | undefined, samples: number) {
    const id = dataset.info.id;
    const { train, val, name } = realSplits(dataset, classes, this.training.seed);
    const onProgress = this.progress('reference', id, null);
    const real = await this.classify(classifier, train.x, dataset.sampleShape, Math.min(this.options.referenceLimit ?? REFERENCE_LIMIT, train.n), onProgress);
    const stats = meanAndCovariance(real.features, real.count, real.features.length / real.count);
    const test = await this.classify(classifier, val.x, dataset.sampleShape, Math.min(samples, val.n));
    const plan = { runId: null, name, kind: 'real', source: 'real-test' as const };
    return { stats, row: this.row(plan, dataset, classifier, test, stats, classes) };
  }

  /** A prior run's decoder must take the latent size its config names (checked before any heavy work). */
  private async checkLatentSize(plan: RunPlan): Promise<void> {
    const prior = priorOf(plan.config.model);
    if (!prior) return;
    const { loadPart, inputShapeOf } = await import('../engine/quality/generate.js');
    const decoder = await loadPart(plan.modelDir, 'decoder');
    const latentSize = inputShapeOf(decoder).reduce((a, b) => a * b, 1);
    decoder.dispose();
    if (latentSize !== prior.latent) {
      throw new Error(`run ${plan.runId}: its decoder takes ${latentSize} latent values, but its config says latent ${prior.latent}`);
    }
  }

  private async generate(plan: RunPlan, dataset: LoadedDataset, samples: number, seed: number): Promise<Float32Array> {
    const generate = await import('../engine/quality/generate.js');
    const decoder = await generate.loadPart(plan.modelDir, 'decoder');
    const hooks = { signal: this.abort.signal, onProgress: this.progress('run', dataset.info.id, plan.runId) };
    try {
      const latentSize = generate.inputShapeOf(decoder).reduce((a, b) => a * b, 1);
      let codes: Float32Array;
      if (plan.source === 'prior') {
        codes = generate.priorCodes(plan.prior!, samples, latentSize, seed);
      } else {
        const encoder = await generate.loadPart(plan.modelDir, 'encoder');
        try {
          const { train } = prepareSplits(dataset, plan.config.dataset, plan.config.training.seed);
          const fit = await generate.fitCodeGaussian(encoder, train, CODE_FIT_LIMIT, hooks);
          if (fit.dims !== latentSize) throw new Error(`run ${plan.runId}: its encoder makes ${fit.dims} code values, its decoder takes ${latentSize}`);
          codes = generate.sampleCodeGaussian(fit, samples, seed);
        } finally {
          encoder.dispose();
        }
      }
      return await generate.decodeCodes(decoder, codes, samples, dataset.sampleShape, hooks);
    } finally {
      decoder.dispose();
    }
  }

  private row(
    plan: Pick<QualityRow, 'runId' | 'name' | 'kind' | 'source'>,
    dataset: LoadedDataset,
    classifier: LoadedClassifier,
    classified: Classified,
    reference: GaussianStats,
    classes: number[] | undefined,
  ): QualityRow {
    const stats = meanAndCovariance(classified.features, classified.count, classified.features.length / classified.count);
    const histogram = classHistogram(classified.predictions, dataset.classNames.length);
    const coverage = classCoverage(histogram, classes);
    return {
      runId: plan.runId,
      name: plan.name,
      kind: plan.kind,
      datasetId: dataset.info.id,
      source: plan.source,
      samples: classified.count,
      fid: frechetDistance(stats, reference),
      coverage: coverage.coverage,
      coveredClasses: coverage.coveredClasses,
      expectedClasses: classes?.length ?? dataset.classNames.length,
      classHistogram: histogram,
      entropyBits: coverage.entropyBits,
      classifierAccuracy: classifier.public.testAccuracy,
    };
  }
}

function publicInfo(
  info: Pick<StoredClassifierInfo, 'datasetId' | 'classNames' | 'testAccuracy' | 'trainSamples' | 'testSamples' | 'featureSize' | 'training' | 'epochsTrained'>,
  trainedNow: boolean,
): QualityClassifier {
  return {
    datasetId: info.datasetId,
    classNames: info.classNames,
    testAccuracy: info.testAccuracy,
    trainSamples: info.trainSamples,
    testSamples: info.testSamples,
    featureSize: info.featureSize,
    epochs: info.epochsTrained,
    trainedNow,
  };
}
