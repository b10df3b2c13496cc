/**
 * The evaluation classifiers on disk: `<dataDir>/classifiers/<datasetId>/` holding `model/` (TF.js
 * layers format) and `classifier.json` (what it was trained on, its test accuracy). Written into
 * a temp folder, fsynced and renamed into place, so a crash leaves the old classifier or none —
 * never half of one. A cached classifier is reused only when it was trained the same way on a
 * dataset of the same shape, classes and size; otherwise it is trained again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../store/atomic.js';
import { loadLayersModelFromDir } from '../persistence.js';
import type { ClassifierTraining } from './classifier.js';

/** Bumped when the architecture or the training changes, so older caches are retrained. */
export const CLASSIFIER_VERSION = 2;

export interface StoredClassifierInfo {
  version: number;
  datasetId: string;
  sampleShape: number[];
  classNames: string[];
  /** Training samples the dataset held (a re-imported dataset of another size is another dataset). */
  datasetTrainCount: number;
  training: ClassifierTraining;
  /** Epochs actually trained: tiny datasets get more than `training.epochs`. */
  epochsTrained: number;
  trainSamples: number;
  testSamples: number;
  /** Accuracy on the test split (or the held-out part of the training split). */
  testAccuracy: number;
  featureSize: number;
  trainedAt: string;
}

/** What a cached classifier must match to be reused. */
export type ClassifierKey = Pick<StoredClassifierInfo, 'datasetId' | 'sampleShape' | 'classNames' | 'datasetTrainCount' | 'training'>;

export function classifierDir(dataDir: string, datasetId: string): string {
  return path.join(dataDir, 'classifiers', encodeURIComponent(datasetId));
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function matches(info: StoredClassifierInfo, key: ClassifierKey): boolean {
  return (
    info.version === CLASSIFIER_VERSION &&
    info.datasetId === key.datasetId &&
    sameJson(info.sampleShape, key.sampleShape) &&
    sameJson(info.classNames, key.classNames) &&
    info.datasetTrainCount === key.datasetTrainCount &&
    sameJson({ ...info.training, trainLimit: info.training.trainLimit ?? null }, { ...key.training, trainLimit: key.training.trainLimit ?? null })
  );
}

/** The cached classifier of `key.datasetId` when it matches `key`; null when absent, stale or unreadable. */
export async function loadCachedClassifier(dir: string, key: ClassifierKey): Promise<{ model: tf.LayersModel; info: StoredClassifierInfo } | null> {
  let info: StoredClassifierInfo;
  try {
    info = JSON.parse(fs.readFileSync(path.join(dir, 'classifier.json'), 'utf8')) as StoredClassifierInfo;
  } catch {
    return null;
  }
  if (!matches(info, key)) return null;
  try {
    return { model: await loadLayersModelFromDir(path.join(dir, 'model')), info };
  } catch {
    // A damaged cache is only a cache: train again.
    return null;
  }
}

/** Serialises a model in memory into the files of the layers format. */
async function serialize(model: tf.LayersModel): Promise<{ json: string; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs) throw new Error('the classifier produced no topology or weights');
  const data = artifacts.weightData;
  const buffer = data === undefined ? new ArrayBuffer(0) : Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  const json = JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }],
  });
  return { json, weights: new Uint8Array(buffer) };
}

/** Replaces the cached classifier under `dir` atomically. */
export async function saveClassifier(dir: string, model: tf.LayersModel, info: StoredClassifierInfo): Promise<void> {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const temp = path.join(parent, `.${path.basename(dir)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const { json, weights } = await serialize(model);
    writeFileAtomic(path.join(temp, 'model', 'weights.bin'), weights);
    writeFileAtomic(path.join(temp, 'model', 'model.json'), json);
    writeFileAtomic(path.join(temp, 'classifier.json'), JSON.stringify(info, null, 2));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(temp, dir);
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw new Error(`cannot save the classifier to ${dir}: ${(error as Error).message}`);
  }
}
