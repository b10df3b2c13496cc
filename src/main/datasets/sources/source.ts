/**
 * What a registry entry implements. The registry turns the static description plus `locate()` into
 * a DatasetInfo, and calls `load`, `download` or `install` on the entry.
 */
import type { DatasetInfo, ImportFormat } from '../../../shared/datasets.js';
import type { RemoteFile } from '../download.js';
import type { ImportOptions, Split } from '../types.js';

/** Environment handed to every entry. */
export interface SourceContext {
  /** `${dataDir}/datasets/<id>/`: where downloads and installs of this entry end up. */
  cacheDir: string;
  resourcesDir: string;
  /** Where Debian's dataset-* packages put their files (default /usr/share/datasets). */
  systemDatasetsDir: string;
  fetch: typeof fetch;
  /** Files to download for this entry (the entry's defaults unless the registry was given others). */
  remoteFiles: RemoteFile[];
  onProgress: (file: string, receivedBytes: number, totalBytes: number | null) => void;
}

/** Where an entry's data was found. */
export interface Located {
  source: DatasetInfo['source'];
  location: string;
  /** Fields that depend on the files found (e.g. the image size a cartoonset import chose). */
  info?: Partial<Pick<DatasetInfo, 'sampleShape' | 'classNames' | 'trainCount' | 'testCount' | 'description'>>;
}

/** The static part of an entry's DatasetInfo. */
export type StaticInfo = Pick<DatasetInfo, 'id' | 'title' | 'description' | 'sampleShape' | 'binary' | 'classNames' | 'trainCount' | 'testCount'>;

export interface DatasetSource extends StaticInfo {
  /** Instructions shown while the data is missing. */
  howToGet(ctx: SourceContext): string;
  /** Files to download, in order; empty when the entry cannot be downloaded. */
  remoteFiles: RemoteFile[];
  /** Find the data; null when it is not on this machine. */
  locate(ctx: SourceContext): Promise<Located | null>;
  /** Load what `locate` found. */
  load(ctx: SourceContext, found: Located): Promise<{ train: Split; test: Split | null; classNames?: string[]; sampleShape?: number[] }>;
  /**
   * Download into `staging` (an empty folder that becomes the cache folder on success), leaving it
   * in the layout `locate` expects. Must validate the result (checksum or strict parse).
   */
  download?(ctx: SourceContext, staging: string): Promise<void>;
  /** Import user files of `format` into `staging`, as `download` would have left it. */
  install?: { format: ImportFormat; run(ctx: SourceContext, paths: string[], staging: string, options: ImportOptions): Promise<void> };
}
