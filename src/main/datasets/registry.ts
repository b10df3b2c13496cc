/**
 * The dataset registry: the built-in entries (mnist, fashion-mnist, cifar10, ecg5000, cartoonset,
 * font5x7, spiral3d) and the datasets the user imported, with where each can be had right now.
 * Layout under the data directory:
 *   datasets/<id>/                 cache of a downloaded or installed built-in entry
 *   datasets/imported/<name>/      an imported dataset in the store format (see store.ts)
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo, DownloadProgress, ImportFormat } from '../../shared/datasets.js';
import type { RemoteFile } from './download.js';
import { parseImport } from './importers.js';
import { font5x7Source, spiral3dSource } from './sources/builtin.js';
import { cartoonsetSource, cifar10Source, ecg5000Source } from './sources/download-sources.js';
import { fashionMnistSource, mnistSource } from './sources/idx-sources.js';
import type { DatasetSource, SourceContext } from './sources/source.js';
import { readStoredDataset, readStoredMeta, writeStoredDataset } from './store.js';
import { tempOwner, tempPathFor } from '../store/temp-names.js';
import { DatasetError, type ImportOptions, type LoadedDataset } from './types.js';

/** Every built-in entry, in the order they are listed. */
export const BUILTIN_SOURCES: readonly DatasetSource[] = [
  mnistSource, fashionMnistSource, cifar10Source, ecg5000Source, cartoonsetSource, font5x7Source, spiral3dSource,
];

/** Names an imported dataset may have: a plain folder name, never a path. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A folder an import was writing when it was killed (a temp name, no meta.json): not a dataset. */
const isImportTemp = (dir: string, name: string): boolean => tempOwner(name) !== undefined && !existsSync(join(dir, name, 'meta.json'));

export interface DatasetRegistryOptions {
  /** Application data directory (LATENT_LAB_HOME or the platform's app-data folder). */
  dataDir: string;
  /** Folder of the app's resources (font5x7.json). */
  resourcesDir: string;
  fetch?: typeof fetch;
  /** Where Debian puts dataset-* packages; default /usr/share/datasets. */
  systemDatasetsDir?: string;
  /** Replace the files an entry downloads (a mirror, or a local server in tests). */
  remoteFiles?: Partial<Record<string, RemoteFile[]>>;
}

/** Gallery samples, in the shape of LabApi.datasets.samples. */
export interface DatasetSamples {
  sampleShape: number[];
  classNames: string[];
  samples: { label: number | null; values: number[] }[];
}

export class DatasetRegistry {
  private readonly options: DatasetRegistryOptions;
  private readonly sources = new Map(BUILTIN_SOURCES.map((s) => [s.id, s]));

  constructor(options: DatasetRegistryOptions) {
    this.options = options;
  }

  /** `${dataDir}/datasets`. */
  get datasetsDir(): string {
    return join(this.options.dataDir, 'datasets');
  }

  private get importedDir(): string {
    return join(this.datasetsDir, 'imported');
  }

  /** Every built-in entry, then every imported dataset (sorted by name). */
  async list(): Promise<DatasetInfo[]> {
    const builtin = await Promise.all(BUILTIN_SOURCES.map((source) => this.describe(source)));
    const names = await readdir(this.importedDir, { withFileTypes: true }).catch(() => []);
    const imported = await Promise.all(
      names.filter((e) => e.isDirectory() && NAME_PATTERN.test(e.name) && !isImportTemp(this.importedDir, e.name)).map((e) => this.describeImported(e.name)),
    );
    return [...builtin, ...imported.sort((a, b) => a.id.localeCompare(b.id))];
  }

  /** Describe one dataset; throws a DatasetError for an unknown id. */
  async info(id: string): Promise<DatasetInfo> {
    const source = this.sources.get(id);
    if (source) return this.describe(source);
    if (NAME_PATTERN.test(id)) {
      const info = await this.describeImported(id);
      if (info.available || info.location) return info;
    }
    throw new DatasetError(null, `unknown dataset "${id}" (built in: ${BUILTIN_SOURCES.map((s) => s.id).join(', ')}; or an imported name)`);
  }

  /** Load a dataset into memory, values in [0, 1]. Throws a DatasetError saying how to get it when missing. */
  async load(id: string): Promise<LoadedDataset> {
    const source = this.sources.get(id);
    if (!source) {
      const info = await this.info(id);
      const { meta, train, test } = await readStoredDataset(join(this.importedDir, id));
      return { info, sampleShape: meta.sampleShape, binary: meta.binary, classNames: meta.classNames, train, test };
    }
    const ctx = this.context(source);
    const found = await source.locate(ctx);
    if (!found) throw new DatasetError(null, `dataset "${id}" is not available. ${source.howToGet(ctx)}`);
    const info = this.toInfo(source, ctx, found);
    const data = await source.load(ctx, found);
    return {
      info,
      sampleShape: data.sampleShape ?? info.sampleShape,
      binary: source.binary,
      classNames: data.classNames ?? info.classNames,
      train: data.train,
      test: data.test,
    };
  }

  /**
   * Download a built-in entry into the cache. The files land in a staging folder, are checked
   * (checksum and/or strict parse), and only then replace the cache folder.
   */
  async download(id: string, onProgress?: (p: DownloadProgress) => void): Promise<DatasetInfo> {
    const source = this.sources.get(id);
    if (!source) throw new DatasetError(null, `unknown dataset "${id}": only built-in datasets can be downloaded`);
    const ctx = this.context(source, onProgress);
    if (!source.download || ctx.remoteFiles.length === 0) {
      throw new DatasetError(null, `dataset "${id}" is not downloadable. ${source.howToGet(ctx)}`);
    }
    await this.replaceCache(source, (staging) => (source.download as NonNullable<DatasetSource['download']>)(ctx, staging));
    return this.describe(source);
  }

  /**
   * Import user files. Under a built-in name that accepts the format (ecg5000 + ucr, cartoonset +
   * images, cifar10, fashion-mnist + idx) the files fill that entry's cache; any other valid name
   * becomes an imported dataset. Nothing is written unless every file parses.
   */
  async import(format: ImportFormat, paths: string[], name: string, options: ImportOptions = {}): Promise<DatasetInfo> {
    const source = this.sources.get(name);
    if (source) {
      const install = source.install;
      if (!install || install.format !== format) {
        throw new DatasetError(null, `"${name}" is a built-in dataset${install ? ` that imports from ${install.format} files` : ' and cannot be imported'}; choose another name`);
      }
      const ctx = this.context(source);
      options.onProgress?.({ stage: 'reading', file: null, done: 0, total: paths.length });
      await this.replaceCache(source, (staging) => install.run(ctx, paths, staging, options));
      options.onProgress?.({ stage: 'writing', file: null, done: 1, total: 1 });
      return this.describe(source);
    }
    if (!NAME_PATTERN.test(name) || tempOwner(name) !== undefined) {
      throw new DatasetError(null, `invalid dataset name "${name}": use letters, digits, ".", "_" or "-" (at most 64, no path separators, not ending in .tmp-…)`);
    }
    const dir = join(this.importedDir, name);
    if ((await readdir(dir).catch(() => null)) !== null) throw new DatasetError(dir, `a dataset named "${name}" already exists`);
    const content = await parseImport(format, paths, name, options);
    options.onProgress?.({ stage: 'writing', file: null, done: 0, total: 1 });
    await writeStoredDataset(dir, content);
    options.onProgress?.({ stage: 'writing', file: null, done: 1, total: 1 });
    return this.describeImported(name);
  }

  /** Up to `perClass` samples of each class (the first ones of the training split), for a gallery. */
  async samples(id: string, perClass: number): Promise<DatasetSamples> {
    const ds = await this.load(id);
    const size = ds.sampleShape.reduce((a, b) => a * b, 1);
    const { train } = ds;
    const picked: DatasetSamples['samples'] = [];
    const take = (i: number, label: number | null) => picked.push({ label, values: Array.from(train.x.subarray(i * size, (i + 1) * size)) });
    if (!train.labels) {
      for (let i = 0; i < Math.min(perClass, train.n); i++) take(i, null);
    } else {
      const counts = new Map<number, number>();
      const indices: number[] = [];
      for (let i = 0; i < train.n; i++) {
        const label = train.labels[i] as number;
        const count = counts.get(label) ?? 0;
        if (count < perClass) {
          counts.set(label, count + 1);
          indices.push(i);
        }
      }
      // Grouped by class so a gallery can lay them out row by row.
      indices.sort((a, b) => (train.labels as Int32Array)[a] - (train.labels as Int32Array)[b] || a - b);
      for (const i of indices) take(i, train.labels[i] as number);
    }
    return { sampleShape: ds.sampleShape, classNames: ds.classNames, samples: picked };
  }

  private context(source: DatasetSource, onProgress?: (p: DownloadProgress) => void): SourceContext {
    return {
      cacheDir: join(this.datasetsDir, source.id),
      resourcesDir: this.options.resourcesDir,
      systemDatasetsDir: this.options.systemDatasetsDir ?? '/usr/share/datasets',
      fetch: this.options.fetch ?? fetch,
      remoteFiles: this.options.remoteFiles?.[source.id] ?? source.remoteFiles,
      onProgress: (file, receivedBytes, totalBytes) => onProgress?.({ datasetId: source.id, file, receivedBytes, totalBytes }),
    };
  }

  /** Fill a staging folder, then swap it in for the entry's cache folder. */
  private async replaceCache(source: DatasetSource, fill: (staging: string) => Promise<void>): Promise<void> {
    await mkdir(this.datasetsDir, { recursive: true });
    const cacheDir = join(this.datasetsDir, source.id);
    const staging = tempPathFor(cacheDir);
    await mkdir(staging);
    try {
      await fill(staging);
      const old = `${staging}-old`;
      await rename(cacheDir, old).catch(() => undefined);
      await rename(staging, cacheDir);
      await rm(old, { recursive: true, force: true });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  private async describe(source: DatasetSource): Promise<DatasetInfo> {
    const ctx = this.context(source);
    let found;
    try {
      found = await source.locate(ctx);
    } catch (error) {
      // A damaged cache is reported, not thrown: the listing must still show every entry.
      return { ...this.toInfo(source, ctx, null), howToGet: `${(error as Error).message}. ${source.howToGet(ctx)}` };
    }
    return this.toInfo(source, ctx, found);
  }

  private toInfo(source: DatasetSource, ctx: SourceContext, found: Awaited<ReturnType<DatasetSource['locate']>>): DatasetInfo {
    const downloadable = Boolean(source.download) && ctx.remoteFiles.length > 0;
    return {
      id: source.id,
      title: source.title,
      description: found?.info?.description ?? source.description,
      sampleShape: found?.info?.sampleShape ?? source.sampleShape,
      binary: source.binary,
      classNames: found?.info?.classNames ?? source.classNames,
      trainCount: found?.info?.trainCount ?? source.trainCount,
      testCount: found?.info?.testCount ?? source.testCount,
      source: found ? found.source : downloadable ? 'download' : 'builtin',
      available: found !== null,
      location: found?.location ?? null,
      howToGet: found ? null : source.howToGet(ctx),
      downloadable,
    };
  }

  private async describeImported(name: string): Promise<DatasetInfo> {
    const dir = join(this.importedDir, name);
    const base = { id: name, source: 'imported' as const, downloadable: false };
    try {
      const meta = await readStoredMeta(dir);
      return {
        ...base, title: meta.title, description: meta.description, sampleShape: meta.sampleShape, binary: meta.binary,
        classNames: meta.classNames, trainCount: meta.trainCount, testCount: meta.testCount,
        available: true, location: dir, howToGet: null,
      };
    } catch (error) {
      const missing = (await readdir(dir).catch(() => null)) === null;
      return {
        ...base, title: name, description: missing ? '' : 'Damaged import', sampleShape: [], binary: false, classNames: [],
        trainCount: null, testCount: null, available: false, location: missing ? null : dir,
        howToGet: missing ? null : `${(error as Error).message}. Delete ${dir} and import the files again.`,
      };
    }
  }
}
