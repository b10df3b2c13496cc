/**
 * Models on disk in the TF.js layers format: `dir/{autoencoder,encoder,decoder}/model.json` +
 * `weights.bin` (a GAN: `dir/{decoder,discriminator}/`), readable by tf.loadLayersModel('file://…/model.json') in tfjs-node.
 *
 * Writes are atomic: everything goes into a temp directory next to `dir`, every file and folder
 * is fsynced, then the temp directory is renamed into place. An old checkpoint is first renamed to
 * `dir.previous` and removed only once the new one is in place, so a crash at any moment leaves a
 * complete checkpoint under `dir` or `dir.previous` (loadModels looks at both).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { AutoencoderModels } from './models.js';

import { ALL_MODEL_PARTS, MODEL_PARTS, type ModelPart } from './model-parts.js';

export { MODEL_PARTS };
const WEIGHTS_FILE = 'weights.bin';

/** The model.json document of the layers format (what tfjs-node's file:// handler reads). */
interface ModelJson {
  modelTopology: object;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Writes a file and forces it to disk before returning. */
async function writeDurably(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs a directory so that the entries created or renamed in it survive a crash. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

/** Serialises a model in memory: its model.json document and its weights. */
async function serialize(model: tf.LayersModel): Promise<{ json: ModelJson; weights: Uint8Array }> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs) throw new Error(`model "${model.name}" produced no topology or weights`);
  const data = artifacts.weightData;
  const buffer = data === undefined ? new ArrayBuffer(0) : Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  const json: ModelJson = {
    modelTopology: artifacts.modelTopology as object,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
  };
  return { json, weights: new Uint8Array(buffer) };
}

/** The models of one checkpoint by part (an autoencoder's three, or a GAN's decoder and discriminator). */
export type CheckpointModels = Partial<Record<ModelPart, tf.LayersModel>>;

/**
 * Saves every part of `models` under `dir` (replacing an older checkpoint there atomically), with
 * `extraFiles` (name → content, e.g. the training state) in the same folder, so that they are
 * replaced together with the models. Returns the sub-directory paths.
 */
export async function saveModels(dir: string, models: AutoencoderModels | CheckpointModels, extraFiles: Record<string, string | Uint8Array> = {}): Promise<string[]> {
  const parts = ALL_MODEL_PARTS.filter((part) => (models as CheckpointModels)[part] !== undefined);
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const temp = join(parent, `.${basename(dir)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const previous = `${dir}.previous`;
  try {
    await mkdir(temp);
    for (const part of parts) {
      const { json, weights } = await serialize((models as CheckpointModels)[part]!);
      const partDir = join(temp, part);
      await mkdir(partDir);
      await writeDurably(join(partDir, WEIGHTS_FILE), weights);
      await writeDurably(join(partDir, 'model.json'), JSON.stringify(json));
      await syncDirectory(partDir);
    }
    for (const [name, content] of Object.entries(extraFiles)) await writeDurably(join(temp, name), content);
    await syncDirectory(temp);
    await rm(previous, { recursive: true, force: true });
    if (await exists(dir)) await rename(dir, previous);
    await rename(temp, dir);
    await syncDirectory(parent);
    await rm(previous, { recursive: true, force: true });
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw new Error(`cannot save the models to ${dir}: ${(err as Error).message}`);
  }
  return parts.map((part) => join(dir, part));
}

/** Reads one model directory (model.json + weight files) with plain fs, no tfjs-node needed. */
export async function loadLayersModelFromDir(modelDir: string): Promise<tf.LayersModel> {
  const jsonPath = join(modelDir, 'model.json');
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson;
  } catch (err) {
    throw new Error(`${jsonPath}: cannot read the model: ${(err as Error).message}`);
  }
  if (!json || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonPath}: not a TF.js layers model (modelTopology or weightsManifest missing)`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) {
      const bytes = await readFile(join(modelDir, path)).catch((err: Error) => {
        throw new Error(`${join(modelDir, path)}: cannot read the weights: ${err.message}`);
      });
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData: tf.io.concatenateArrayBuffers(buffers),
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy ?? undefined,
    }),
  );
}

/**
 * Loads a checkpoint written by saveModels. The three models are independent copies (they do not
 * share weights after loading). Falls back to `dir.previous` when a crash interrupted a replace.
 */
export async function loadModels(dir: string): Promise<AutoencoderModels> {
  const { autoencoder, encoder, decoder } = await loadModelParts(dir, MODEL_PARTS);
  return { autoencoder: autoencoder!, encoder: encoder!, decoder: decoder! };
}

/** The folder a checkpoint is read from: `dir`, or `dir.previous` when a crash interrupted a replace. */
export async function checkpointSource(dir: string): Promise<string> {
  return !(await exists(dir)) && (await exists(`${dir}.previous`)) ? `${dir}.previous` : dir;
}

/** Loads the given parts of a checkpoint (e.g. a GAN's decoder and discriminator), with the same fallback. */
export async function loadModelParts(dir: string, parts: readonly ModelPart[]): Promise<CheckpointModels> {
  const source = await checkpointSource(dir);
  const loaded = await Promise.all(parts.map((part) => loadLayersModelFromDir(join(source, part))));
  return Object.fromEntries(parts.map((part, i) => [part, loaded[i]!]));
}
