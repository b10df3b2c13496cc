/**
 * LabApi: the one contract between the renderer and the main process.
 *
 * The Electron preload exposes exactly this as `window.lab`; browser mode implements it over a
 * WebSocket; the CLI calls the same services. Every request payload is validated at the boundary
 * with the zod schemas in `./api-schemas.ts`. Pure module: no Node, no DOM, no electron.
 */
import type { MetricValues, RunConfig, RunConfigInput } from './config.js';
import type { DatasetInfo, DownloadProgress, ImportFormat } from './datasets.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Why a backend was chosen, and why the preferred ones were skipped. */
export interface BackendReport {
  /** The backend that runs the training. */
  backend: BackendName;
  /** The npm package providing it, e.g. `@tensorflow/tfjs-node-gpu`. */
  package: string;
  /** True when a CUDA device is used. */
  gpu: boolean;
  /** Each more-preferred candidate that was skipped, in order, with the reason. */
  skipped: { candidate: string; reason: string }[];
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted' | 'diverged';
export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'interrupted', 'diverged'];

export interface Experiment {
  id: number;
  name: string;
  /** Closed tabs stay in the store and can be reopened. */
  closed: boolean;
  createdAt: string;
}

export interface RunSummary {
  id: number;
  experimentId: number;
  name: string;
  status: RunStatus;
  /** Preset id the config came from, if any. */
  presetId: string | null;
  datasetId: string;
  modelKind: string;
  /** Backend that ran it (null while queued). */
  backend: BackendName | null;
  epochsDone: number;
  epochsPlanned: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /** Last recorded metrics per split. */
  finalMetrics: { train: MetricValues; val: MetricValues };
  /** Failure / divergence message, null otherwise. */
  error: string | null;
  tags: string[];
  notes: string;
}

export interface RunDetail extends RunSummary {
  config: RunConfig;
  backendReport: BackendReport | null;
  /** Wall time of the training in milliseconds (null while running). */
  durationMs: number | null;
  artifacts: Artifact[];
  /** Parameter count and layer summary of the model. */
  architecture: ArchitectureSummary | null;
}

export interface EpochMetrics {
  epoch: number;
  split: 'train' | 'val';
  values: MetricValues;
}

export interface Artifact {
  id: number;
  runId: number;
  /** `model` (checkpoint dir with autoencoder/, encoder/, decoder/), `recon-grid` (PNG), … */
  kind: string;
  /** Path relative to the data directory. */
  path: string;
  epoch: number | null;
  createdAt: string;
}

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}
export interface ArchitectureSummary {
  inputShape: number[];
  layers: LayerSummary[];
  totalParams: number;
}

export interface Preset {
  id: string;
  title: string;
  description: string;
  config: RunConfig;
}

/** A reconstruction of fixed samples: values in [0,1], sample-major. */
export interface ReconstructionSet {
  sampleShape: number[];
  inputs: number[][];
  outputs: number[][];
  labels: (number | null)[];
}

/**
 * Samples a generative run drew from its prior (VAE: N(0, I) through the decoder; GAN: the
 * generator), from the same fixed-seed codes at every epoch, so that they can be compared over
 * time. Values in [0, 1], sample-major. Written as the run's `samples` artifact.
 */
export interface GeneratedSamples {
  sampleShape: number[];
  samples: number[][];
  /** Epoch whose weights drew them; null when there are none yet. */
  epoch: number | null;
}

/**
 * What each latent dimension of a VAE carries on the validation split (the run's `latent-kl`
 * artifact, rewritten at every validation epoch): the KL per dimension for a bar chart, the active
 * units, and a warning when the posterior collapsed.
 */
export interface LatentKlReport {
  /** Epoch whose weights it describes; null when there is none yet. */
  epoch: number | null;
  /** Mean KL(q(z_i|x) ‖ N(0, 1)) of each latent dimension, in nats. */
  klPerDimension: number[];
  /** Dimensions whose KL exceeds `threshold`. */
  activeUnits: number;
  threshold: number;
  /** No dimension is active: the decoder ignores the code. */
  collapsed: boolean;
  /** One-line English warning when collapsed (shown by the CLI; the UI translates its own); null otherwise. */
  warning: string | null;
}

/** Errors of a denoising autoencoder at one noise level, on the validation split (corrupted input, clean target). */
export interface DenoisingLevel {
  /** sigma, p, k or fraction, as the corruption kind says; 0 = clean input. */
  level: number;
  /** Error of the denoised output against the clean sample: mse, mae, bce, psnr, and the wrong pixels on binary data. */
  denoised: MetricValues;
  /** Error of the noisy input itself against the clean sample (the baseline the model must beat). */
  noisy: MetricValues;
}

/** A few validation samples at one noise level: noisy input, denoised output, clean target. */
export interface DenoisingGallery {
  level: number;
  noisy: number[][];
  denoised: number[][];
  clean: number[][];
}

/**
 * The evaluation sweep of a denoising run over noise levels, written once training ended (the
 * run's `denoising` artifact).
 */
export interface DenoisingReport {
  /** `gaussian`, `saltPepper`, `bitFlip` or `mask`. */
  corruption: string;
  /** The level the model was trained at. */
  trainingLevel: number;
  /** Epoch whose weights were evaluated; null when there is no report yet. */
  epoch: number | null;
  sampleShape: number[];
  /** Validation samples evaluated at each level. */
  samples: number;
  levels: DenoisingLevel[];
  /** One gallery per level, in the order of `levels`. */
  galleries: DenoisingGallery[];
  labels: (number | null)[];
}

/** A saved model opened for use without retraining (lives until closed or the app exits). */
export interface OpenedModel {
  id: number;
  /** The folder it was opened from. */
  dir: string;
  /** Which of autoencoder / encoder / decoder the folder holds. */
  parts: string[];
  /** Shape of one input sample, e.g. [28, 28, 1]. */
  inputShape: number[];
  /** Size of the code (flattened), null when the folder has no encoder. */
  codeSize: number | null;
  totalParams: number;
}

export interface Settings {
  /** Forced compute backend, or `auto` for the preference order. */
  backend: 'auto' | BackendName;
  language: 'en' | 'pt-BR' | 'es';
  /** Runs trained at the same time. */
  concurrency: number;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  /** Which backends can be loaded on this machine, with reasons for the others. */
  backends: { name: BackendName; package: string; available: boolean; reason: string | null }[];
  mode: 'electron' | 'browser' | 'cli';
}

/** A file-type filter of a native file dialog, e.g. `{ name: 'Images', extensions: ['png'] }`. */
export interface FileFilter {
  name: string;
  /** Extensions without the dot; `*` for all files. */
  extensions: string[];
}

/**
 * Native dialogs (desktop app only). In browser mode every method fails with code `unsupported`:
 * the UI asks for a typed path instead (it knows the mode from `app.info().mode`).
 */
export interface DialogsApi {
  /** Ask for a folder (e.g. where to save a model). Resolves null when the user cancels. */
  chooseFolder(options: { title?: string; defaultPath?: string }): Promise<string | null>;
  /** Ask for existing files to open (e.g. files to import). Resolves null when the user cancels. */
  chooseFiles(options: { title?: string; filters?: FileFilter[]; multiple?: boolean }): Promise<string[] | null>;
  /** Ask where to save one file (e.g. a CSV export). Resolves null when the user cancels. */
  chooseSaveFile(options: { title?: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>;
}

/** Pushed events. */
export interface LabEvents {
  /** An epoch ended: its metrics (train, and val when evaluated). */
  runEpoch: { runId: number; epoch: number; epochsPlanned: number; metrics: EpochMetrics[]; elapsedMs: number };
  /** Batch progress inside an epoch, throttled to ~10/s. */
  runProgress: { runId: number; epoch: number; batch: number; batchesPerEpoch: number; loss: number };
  /** Status change (queued → running → terminal). */
  runStatus: { runId: number; status: RunStatus; error: string | null };
  datasetDownload: DownloadProgress;
}
export type LabEventName = keyof LabEvents;
export type Unsubscribe = () => void;

export interface LabApi {
  app: {
    info(): Promise<AppInfo>;
    getSettings(): Promise<Settings>;
    setSettings(patch: Partial<Settings>): Promise<Settings>;
  };
  experiments: {
    list(): Promise<Experiment[]>;
    create(name: string): Promise<Experiment>;
    rename(id: number, name: string): Promise<Experiment>;
    /** Close (hide) or reopen a tab. */
    setClosed(id: number, closed: boolean): Promise<Experiment>;
  };
  datasets: {
    list(): Promise<DatasetInfo[]>;
    /** Up to `perClass` samples of each class (values in [0,1]) for the gallery. */
    samples(id: string, perClass: number): Promise<{ sampleShape: number[]; classNames: string[]; samples: { label: number | null; values: number[] }[] }>;
    download(id: string): Promise<DatasetInfo>;
    import(format: ImportFormat, paths: string[], name: string): Promise<DatasetInfo>;
  };
  presets: {
    list(): Promise<Preset[]>;
  };
  runs: {
    /** Validate a config and describe its architecture without training. */
    validate(config: RunConfigInput): Promise<{ config: RunConfig; architecture: ArchitectureSummary }>;
    start(experimentId: number, config: RunConfigInput, presetId?: string): Promise<RunSummary>;
    cancel(runId: number): Promise<void>;
    list(experimentId?: number): Promise<RunSummary[]>;
    get(runId: number): Promise<RunDetail>;
    metrics(runId: number): Promise<EpochMetrics[]>;
    /** Reconstructions of the run's fixed validation samples by its latest checkpoint. */
    reconstructions(runId: number, count: number): Promise<ReconstructionSet>;
    /** The fixed-seed prior samples of a VAE or GAN run (empty before the first epoch, and for other kinds). */
    samples(runId: number): Promise<GeneratedSamples>;
    /** The KL per latent dimension of a VAE run, its active units and the collapse warning (epoch null before the first validation, and for other kinds). */
    latentKl(runId: number): Promise<LatentKlReport>;
    /** The noise-level sweep and the noisy | denoised | clean galleries of a denoising run (epoch null until training ended, and for other runs). */
    denoising(runId: number): Promise<DenoisingReport>;
    update(runId: number, patch: { name?: string; tags?: string[]; notes?: string }): Promise<RunSummary>;
    delete(runId: number): Promise<void>;
  };
  models: {
    /** Save the run's autoencoder, encoder and decoder under `dir`; returns the written paths. */
    export(runId: number, dir: string): Promise<string[]>;
    /** Open a saved model folder (as written by `export`, or a run checkpoint). */
    open(dir: string): Promise<OpenedModel>;
    /** Reconstruct the first `count` samples of a dataset's validation/test split with an opened model. */
    reconstruct(modelId: number, datasetId: string, count: number): Promise<ReconstructionSet>;
    /** Encode the first `count` samples of a dataset's validation/test split. */
    encode(modelId: number, datasetId: string, count: number): Promise<{ codes: number[][]; labels: (number | null)[] }>;
    close(modelId: number): Promise<void>;
  };
  dialogs: DialogsApi;
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): Unsubscribe;
}

/** The result envelope every handler returns across a process boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
