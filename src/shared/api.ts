/**
 * LabApi: the one contract between the renderer and the main process.
 *
 * The Electron preload exposes exactly this as `window.lab`; browser mode implements it over a
 * WebSocket; the CLI calls the same services. Every request payload is validated at the boundary
 * with the zod schemas in `./api-schemas.ts`. Pure module: no Node, no DOM, no electron.
 */
import type { AnomalyThreshold, MetricValues, ModelKind, Reference, RunConfig, RunConfigInput } from './config.js';
import type { DatasetInfo, DownloadProgress, ImportFileOptions, ImportFormat, ImportProgress } from './datasets.js';
import type { EmbeddingMethod } from './embedding.js';
import type { ReportRequest, ReportResult } from './report/sections.js';
import type { ReferenceComparison } from './reproduction.js';
import type { SweepSpec, SweepSpecInput } from './sweep.js';
import type { ArtifactPayloads, JsonArtifactKind } from './artifacts.js';
import type { Reason } from './reasons.js';

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
  /**
   * What runs the heavy kernels, in words: `wasm+blas (OpenBLAS 0.3.21, 2 threads)` when the native
   * BLAS addon backs the wasm backend's matrix products and convolutions, or `wasm (why not)`.
   * Absent for other backends and in reports stored before issue 10.
   */
  description?: string;
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
  /** The kind of its model (config.model.kind). */
  modelKind: ModelKind;
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
  /** The sweep that queued this run; null for a run started on its own. */
  sweepId: number | null;
  /** The validated config it trains (shown as columns of the runs table, compared between runs). */
  config: RunConfig;
  /** The published figure the run reproduces (its config's `reference`); null when it has none. */
  reference: Reference | null;
  /** The run's value beside that figure and the relative deviation; null without a reference or a value yet. */
  referenceComparison: ReferenceComparison | null;
  /** Whether `runs.resume` can continue it, and from where (set by `runs.list` and `runs.get`). */
  resume?: ResumeInfo;
}

/** The statuses a run can be resumed from. */
export const RESUMABLE_STATUSES = ['interrupted', 'cancelled'] as const satisfies readonly RunStatus[];

/**
 * Why a run cannot be resumed: `status` (not interrupted or cancelled), `old-checkpoint` (its
 * checkpoint was written before checkpoints kept a training state), `damaged-checkpoint` (its
 * training state cannot be read), `remote` (trained through the queue, and this process follows no
 * queue: such members resume on the queue once it is set).
 */
export type ResumeRefusal = 'status' | 'old-checkpoint' | 'damaged-checkpoint' | 'remote';

/**
 * Whether a run can be resumed: from its checkpoint's epoch (and batch, after a cancel in the middle
 * of an epoch), or — `restart` — from the beginning, when it stopped before its first checkpoint.
 */
export type ResumeInfo =
  | { resumable: true; restart: boolean; fromEpoch: number; fromBatch: number }
  | { resumable: false; reason: ResumeRefusal; message: string };

/** What `runs.resume` answers: the run, queued again, and where it continues. */
export interface ResumeStart {
  run: RunSummary;
  /** Whole epochs kept: training goes on with epoch fromEpoch + 1 (0 after a restart). */
  fromEpoch: number;
  /** Batches of the next epoch already trained (a run cancelled in the middle of an epoch); usually 0. */
  fromBatch: number;
  /** True when the run had no checkpoint and starts over. */
  restarted: boolean;
}

export interface RunDetail extends RunSummary {
  backendReport: BackendReport | null;
  /** Wall time of the training in milliseconds (null while running). */
  durationMs: number | null;
  artifacts: Artifact[];
  /** Parameter count and layer summary of the model. */
  architecture: ArchitectureSummary | null;
  /** Set when the run was trained by a remote worker through the queue. */
  remote?: RemotePlacement | null;
}

export interface EpochMetrics {
  epoch: number;
  split: 'train' | 'val';
  values: MetricValues;
}

/** The batch loss (and any other per-step values) at one training step, recorded every N steps. */
export interface StepPoint {
  /** Global step, 1-based: (epoch - 1) × batches per epoch + batch. */
  step: number;
  epoch: number;
  /** 1-based batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Wall time since training began, in milliseconds. */
  elapsedMs: number;
  /** `loss`: the batch loss; a VAE adds its `reconstruction` and `kl` parts (and `activeUnits`), a GAN its `generatorLoss`/`discriminatorLoss` (as its epoch metrics name them). */
  values: Record<string, number>;
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

/** A sweep preset: a named grid (see src/shared/presets/sweeps.ts). */
export interface SweepPreset {
  id: string;
  title: string;
  description: string;
  spec: SweepSpec;
}

/** A sweep: a base config and a grid of values, queued as one group of runs. */
export interface SweepSummary {
  id: number;
  experimentId: number;
  name: string;
  /** Sweep preset id the spec came from, if any. */
  presetId: string | null;
  createdAt: string;
  /** Member runs (a deleted member no longer counts). */
  memberCount: number;
  /** Member runs by status. */
  statusCounts: Partial<Record<RunStatus, number>>;
  /**
   * Of the whole group: `running` while any member runs, else `queued` while any waits; once all
   * ended, `cancelled` or `interrupted` if any member was, `failed` if none completed, `partial` if
   * some completed and some failed or diverged, else `completed`.
   */
  status: SweepStatus;
}

/** A sweep's status: a run's, plus `partial` (ended, some members completed and some failed or diverged). */
export type SweepStatus = RunStatus | 'partial';

/** A member run of a sweep with the value it took of every swept field. */
export interface SweepMember extends RunSummary {
  /** Swept field path → this member's value, read from its config. */
  overrides: Record<string, unknown>;
}

export interface SweepDetail extends SweepSummary {
  spec: SweepSpec;
  /** The swept field paths, in axis order. */
  fields: string[];
  /** Member runs in expansion order. */
  members: SweepMember[];
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
  /** Row-major: `columns` per row when given, else a square grid. */
  samples: number[][];
  /** Samples per row; absent: as square a grid as the count allows. */
  columns?: number;
  /** A conditional model's grid: the class each row was decoded as (rows = classes, columns = the same codes). */
  rowLabels?: string[];
  /** Epoch whose weights drew them; null when there are none yet. */
  epoch: number | null;
}

/** One sample of the anomaly gallery with its reconstruction (values in [0, 1], flat). */
export interface AnomalyExample {
  /** Position in AnomalyReport.scores. */
  index: number;
  label: number;
  isAnomaly: boolean;
  score: number;
  input: number[];
  output: number[];
}

/**
 * What an anomaly-detection run measured (its `anomaly` artifact), rewritten at every validation
 * epoch: the per-sample reconstruction error (the score) of every evaluation sample, the errors
 * of the normal training samples (what the threshold modes work from), and a gallery. The
 * threshold-dependent numbers are computed from it with src/shared/anomaly.ts.
 */
export interface AnomalyReport {
  /** Epoch whose weights scored; null before the first validation epoch (then every list is empty). */
  epoch: number | null;
  sampleShape: number[];
  /** Per-sample error used as the score: mean squared or mean absolute error over the values. */
  score: 'mse' | 'mae';
  normalClasses: number[];
  /** Where the evaluation samples come from: the dataset's test split, the seeded hold-out, or the training set itself (valFraction 0). */
  evaluationSplit: 'test' | 'holdOut' | 'train';
  /** Score of each evaluation sample (every class), with its label and whether it is an anomaly. */
  scores: number[];
  labels: number[];
  isAnomaly: boolean[];
  /** Errors of the normal training samples (at most 10,000). */
  trainNormalErrors: number[];
  /** The run's configured threshold mode and the value it gives. */
  threshold: AnomalyThreshold;
  thresholdValue: number;
  /** The highest-scoring evaluation samples, worst first. */
  worst: AnomalyExample[];
  /** A few normal evaluation samples at evenly spaced ranks of the normal scores, lowest first. */
  normalExamples: AnomalyExample[];
}

/** Options of a generative-quality evaluation. */
export interface QualityOptions {
  /** Samples drawn from each run (and taken from the real test set for the reference rows); default 1000. */
  samples?: number;
  /** Seed of the latent vectors; default 0. */
  seed?: number;
}

/**
 * One row of a quality report: a run's samples, or (runId null) the real test set measured the
 * same way, the reference a perfect generator would reach.
 */
export interface QualityRow {
  /** The run evaluated; null for the reference row of a dataset. */
  runId: number | null;
  /** `#id name` of the run, or `test set (dataset)`. */
  name: string;
  /** Model kind (`dense`, `conv`, `vae`, `gan`), or `real` for the reference row. */
  kind: string;
  datasetId: string;
  /** Where the latent vectors came from: a Gaussian fitted to a plain AE's training codes, the model's prior, or real test samples. */
  source: 'fitted-gaussian' | 'prior' | 'real-test';
  /** Samples measured. */
  samples: number;
  /** Fréchet distance to the real training samples in the classifier's feature space (lower is better). */
  fid: number;
  /** Fraction of the run's classes holding at least 1/(4·classes) of the samples (higher is better). */
  coverage: number;
  coveredClasses: number;
  /** How many classes the run trained on (its class filter, or all of the dataset's). */
  expectedClasses: number;
  /** Samples the classifier assigned to each class of the dataset. */
  classHistogram: number[];
  /** Entropy of the predicted classes, in bits. */
  entropyBits: number;
  /** Test accuracy of the dataset's classifier (how far its verdicts can be trusted). */
  classifierAccuracy: number;
}

/** The evaluation classifier of one dataset, as used in a report. */
export interface QualityClassifier {
  datasetId: string;
  classNames: string[];
  testAccuracy: number;
  trainSamples: number;
  testSamples: number;
  /** Width of the feature layer the Fréchet distance is measured in. */
  featureSize: number;
  epochs: number;
  /** True when this evaluation trained it; false when it came from the cache. */
  trainedNow: boolean;
}

export interface QualityReport {
  samples: number;
  seed: number;
  /** One row per run, in the order asked, then one reference row per dataset (and class filter). */
  rows: QualityRow[];
  classifiers: QualityClassifier[];
  durationMs: number;
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
  /** Which of autoencoder / encoder / decoder (a GAN: decoder / discriminator) the folder holds. */
  parts: string[];
  /** Shape of one input sample, e.g. [28, 28, 1]. */
  inputShape: number[];
  /** Size of the code (flattened; a GAN: its latent size), null when the folder has neither encoder nor decoder. */
  codeSize: number | null;
  /**
   * A conditional model (KindSpec.conditioning): how many classes its parts take as a one-hot label
   * beside their input, so the latent lab offers "decode as class k"; null for an unconditional model.
   */
  conditionClasses: number | null;
  totalParams: number;
}

/** One picture or series made by a model, with the code it came from. Values in [0, 1], flat. */
export interface LatentImage {
  values: number[];
  /** The code (flattened) that was decoded, or that the sample encodes to. */
  code: number[];
}

/** A UMAP or t-SNE map of the codes of a model's last projection (`latent.embed`), point for point. */
export interface LatentEmbedding {
  method: EmbeddingMethod;
  seed: number;
  /** 2-D position of each point of the projection, in the same order. */
  points: [number, number][];
}

/** A dataset encoded and drawn in a plane of code space (`latent.project`). */
export interface LatentProjection {
  /** Each sample's coordinates in the plane, with its label and dataset index. */
  points: [number, number][];
  labels: (number | null)[];
  /** Index of each point's sample in the split the lab reads (test split, else training split). */
  indices: number[];
  classNames: string[];
  /** `none`: the code is 2-D, drawn as it is; `pca`: its two principal axes; `slice`: no encoder, the code's first two dimensions. */
  method: 'none' | 'pca' | 'slice';
  /** Share of the codes' variance along each axis. */
  explainedVariance: [number, number];
  codeSize: number;
  /** Shape of the decoder's input: [n] for a dense code, [h, w, c] for a conv code. */
  codeShape: number[];
  sampleShape: number[];
  /** Plane extent covering the points (with a margin): what the grid and the scatter span. */
  extent: { x: [number, number]; y: [number, number] };
}

/** Samples the decoder drew from codes, with their plane coordinates (for markers on the scatter). */
export interface LatentDecoded {
  sampleShape: number[];
  images: LatentImage[];
  /** Where each code lies in the model's plane. */
  points: [number, number][];
}

/** A heat-map image (values scaled to [0, 1]) with the shape it is drawn in. */
export interface LatentMap {
  values: number[];
  shape: number[];
}

/** Per-class view: input | first hidden layer's activations drawn as an image | output. */
export interface LatentActivations {
  sampleShape: number[];
  /** Name and output shape of the layer drawn. */
  layer: { name: string; shape: number[] };
  rows: { label: number | null; index: number; input: number[]; activation: LatentMap; output: number[] }[];
  classNames: string[];
}

/** The feature maps of a sample's conv code, one h×w map per channel. */
export interface LatentFeatureMaps {
  sampleShape: number[];
  input: number[];
  output: number[];
  /** Each channel, scaled by the largest activation of the code (0 stays 0). */
  maps: LatentMap[];
  /** Largest absolute activation of the code, for the legend. */
  maxActivation: number;
}

export interface Settings {
  /** Forced compute backend, or `auto` for the preference order. */
  backend: 'auto' | BackendName;
  language: 'en' | 'pt-BR' | 'es';
  /** Runs trained at the same time; 0 = automatic, one per CPU core. */
  concurrency: number;
  /** Per-step metrics: about this many points recorded per epoch (every N steps); 0 = none. */
  stepPointsPerEpoch: number;
  /**
   * Memory a run may use, in MB; 0 = automatic, 75% of this machine's memory. A run whose estimate
   * exceeds it is refused before it is queued; a training that grows past it is stopped (failed).
   */
  memoryLimitMb: number;
  /**
   * Redis queue that remote workers (`latent-lab worker`) train from, e.g. `redis://host:6379`,
   * `redis://:password@host:6379` or `rediss://…` (TLS); empty = local-only (the default).
   */
  queue: string;
  /** With a queue: single runs go to it too (sweep members always do). */
  queueSingleRuns: boolean;
}

/** A worker process that trains members from the queue (`latent-lab worker`), as it last reported itself. */
export interface QueueWorker {
  id: string;
  /** `--name`, default the host name and process id. */
  name: string;
  host: string;
  version: string;
  /** Queue protocol it speaks; a worker with another one refuses this owner's members. */
  protocol: number;
  compatible: boolean;
  backend: BackendReport;
  cores: number;
  /** Members it trains at the same time (`--concurrency`). */
  concurrency: number;
  startedAt: string;
  lastSeen: string;
  /** False once its heartbeat stopped (it is shown a little while longer). */
  online: boolean;
  /** Members it is training now; `runId` and `name` are this store's when the member is ours. */
  busy: { runId: number; name: string | null; ours: boolean; epoch: number; epochsPlanned: number; attempt: number }[];
  membersDone: number;
  /** Epochs finished per minute over the last minute, all members together. */
  epochsPerMinute: number;
  /** Training samples per second over the last half minute. */
  samplesPerSecond: number;
}

/** Where a member of the queue runs (or ran), and what happened to it on the way. */
export interface RemotePlacement {
  /** The queue's address without credentials, e.g. `redis://10.0.0.5:6379`. */
  queue: string;
  /** The worker of the current attempt (null while waiting in the queue). */
  worker: { name: string; host: string; backend: BackendName | null } | null;
  /** 1 for the first start; more when a worker was lost and the member was started again. */
  attempt: number;
  history: { at: string; event: string; detail: string }[];
}

/** The queue as the owner sees it: its workers and its members. */
export interface QueueOverview {
  /** Address without credentials; null when this owner trains locally only. */
  queue: string | null;
  connected: boolean;
  /** Why the queue cannot be used right now (unreachable, refused…). */
  problem: string | null;
  workers: QueueWorker[];
  members: { runId: number; name: string; sweepId: number | null; status: RunStatus; epochsDone: number; epochsPlanned: number; placement: RemotePlacement }[];
}

export interface AppInfo {
  version: string;
  dataDir: string;
  /** Which backends can be loaded on this machine, with reasons for the others. */
  backends: { name: BackendName; package: string; available: boolean; reason: string | null }[];
  mode: 'electron' | 'browser' | 'cli';
  /** This machine's memory and the limit a run gets with `memoryLimitMb` 0 (75% of it), in MB. */
  memory: { totalMb: number; defaultLimitMb: number };
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
  runProgress: { runId: number; epoch: number; batch: number; batchesPerEpoch: number; loss: number; elapsedMs: number };
  /** Per-step points recorded since the last push (a few times a second while a run trains). */
  runSteps: { runId: number; points: StepPoint[] };
  /** Status change (queued → running → terminal). */
  runStatus: { runId: number; status: RunStatus; error: string | null };
  datasetDownload: DownloadProgress;
  /** Progress of a dataset import: each file (or image of a folder) read, then the store written. */
  datasetImport: ImportProgress;
  /** Progress of a quality evaluation: training a classifier, measuring the real data, or sampling a run. */
  /** Progress of a UMAP or t-SNE map (`latent.embed`). */
  latentEmbedProgress: { modelId: number; method: EmbeddingMethod; fraction: number };
  qualityProgress: { stage: 'classifier' | 'reference' | 'run'; datasetId: string; runId: number | null; fraction: number };
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
    /** Import user files under `name`; `options` sets a CSV file's delimiter and decimal separator. */
    import(format: ImportFormat, paths: string[], name: string, options?: ImportFileOptions): Promise<DatasetInfo>;
  };
  presets: {
    list(): Promise<Preset[]>;
  };
  sweeps: {
    /** The built-in sweep presets (run presets stay in `presets.list`). */
    presets(): Promise<SweepPreset[]>;
    /**
     * Expand the spec, validate every member and queue them all as runs in one transaction; nothing
     * is queued when any member is invalid (the error names it) or its dataset is unavailable.
     */
    start(experimentId: number, spec: SweepSpecInput, presetId?: string): Promise<SweepDetail>;
    list(experimentId?: number): Promise<SweepSummary[]>;
    get(sweepId: number): Promise<SweepDetail>;
    /** Cancel every queued and running member; finished members keep their results. */
    cancel(sweepId: number): Promise<void>;
    /**
     * Resume the sweep's interrupted and cancelled members (from their checkpoints; those that never
     * reached one start over). Members that completed, failed or diverged stay as they are.
     */
    resume(sweepId: number): Promise<SweepDetail>;
  };
  runs: {
    /** Validate a config and describe its architecture without training. */
    validate(config: RunConfigInput): Promise<{ config: RunConfig; architecture: ArchitectureSummary }>;
    start(experimentId: number, config: RunConfigInput, presetId?: string): Promise<RunSummary>;
    cancel(runId: number): Promise<void>;
    /**
     * Continue an interrupted or cancelled run from its last checkpoint in the same run record: the
     * epochs after the checkpoint are dropped and trained again, so the curve has no gap and no
     * duplicate. A run that stopped before its first checkpoint starts over. `options.epochs`
     * changes the planned total (more than the epochs kept). Fails with the reason otherwise.
     */
    resume(runId: number, options?: { epochs?: number }): Promise<ResumeStart>;
    list(experimentId?: number): Promise<RunSummary[]>;
    get(runId: number): Promise<RunDetail>;
    metrics(runId: number): Promise<EpochMetrics[]>;
    /** The per-step points of a run, in step order. */
    steps(runId: number): Promise<StepPoint[]>;
    /**
     * The run's latest artifact of `kind` (see ArtifactPayloads): `reconstructions` of its fixed
     * validation samples, prior `samples`, `latent-kl`, the `denoising` sweep, the `anomaly` report.
     * The kind's empty value (epoch null, empty lists) before the run wrote it or when its kind
     * writes none; fails for `anomaly` on a run without anomaly settings.
     */
    artifact<K extends JsonArtifactKind>(runId: number, kind: K): Promise<ArtifactPayloads[K]>;
    update(runId: number, patch: { name?: string; tags?: string[]; notes?: string }): Promise<RunSummary>;
    delete(runId: number): Promise<void>;
  };
  models: {
    /**
     * Save the run's autoencoder, encoder and decoder under `dir`; returns the written paths. A `dir`
     * that holds files is refused unless `options.force` (then only its model folders are replaced).
     */
    export(runId: number, dir: string, options?: { force?: boolean }): Promise<string[]>;
    /** Open a saved model folder (as written by `export`, or a run checkpoint). */
    open(dir: string): Promise<OpenedModel>;
    /** Reconstruct the first `count` samples of a dataset's validation/test split with an opened model. */
    reconstruct(modelId: number, datasetId: string, count: number): Promise<ReconstructionSet>;
    /** Encode the first `count` samples of a dataset's validation/test split. */
    encode(modelId: number, datasetId: string, count: number): Promise<{ codes: number[][]; labels: (number | null)[] }>;
    close(modelId: number): Promise<void>;
    /** Open a run's latest checkpoint as a model (no export needed): the latent lab works on any trained run. */
    openRun(runId: number): Promise<OpenedModel>;
  };
  /**
   * The latent lab on an opened model. Samples are read from the dataset's test split (else its
   * training split) by index; decoding always goes through the `decoder` part, so decoder-only
   * models (GAN generators) get the plane, the decode and the grid, and the rest needs an encoder.
   */
  latent: {
    /** Encode the first `count` samples and place them in a plane (PCA when the code has more than 2 dimensions); later plane points decode through this plane. */
    project(modelId: number, datasetId: string, count: number): Promise<LatentProjection>;
    /** A seeded UMAP or t-SNE map of the codes the last `project` of this dataset encoded; computed in a worker. */
    embed(modelId: number, datasetId: string, method: EmbeddingMethod, seed: number): Promise<LatentEmbedding>;
    /** Decode points of the model's plane (`space: 'plane'`) or whole flat codes (`space: 'code'`); a conditional model decodes them as class `classIndex` (required for it). */
    decode(modelId: number, points: number[][], space: 'plane' | 'code', classIndex?: number): Promise<LatentDecoded>;
    /** The manifold: a `steps` × `steps` grid of plane points over `extent` (default: the projection's), decoded (as class `classIndex` for a conditional model), top row first. */
    grid(modelId: number, steps: number, extent?: { x: [number, number]; y: [number, number] } | null, classIndex?: number): Promise<LatentDecoded>;
    /** A conditional model's class-conditional prior samples: `perClass` seeded N(0, I) codes decoded as each class; one row per class, `perClass` columns. */
    classSamples(modelId: number, perClass: number, seed: number): Promise<LatentDecoded & { classes: number }>;
    /** Decode `steps` codes on the line between the codes of samples `indexA` and `indexB`. */
    interpolate(modelId: number, datasetId: string, indexA: number, indexB: number, steps: number): Promise<LatentDecoded>;
    /** The sample's code scaled by `scale` plus N(0, σ²) noise, `count` seeded draws; the first image is the plain reconstruction. */
    perturb(modelId: number, datasetId: string, index: number, sigma: number, scale: number, count: number, seed: number): Promise<LatentDecoded & { input: number[] }>;
    /** `n` seeded samples of a Gaussian fitted (mean, covariance) to the codes of the projected samples, decoded (a conditional model: as class `classIndex`, else each class in turn). */
    sampleFitted(modelId: number, datasetId: string, n: number, seed: number, classIndex?: number): Promise<LatentDecoded>;
    /** Up to `perClass` samples of each class: input | first hidden layer activations | output. */
    activations(modelId: number, datasetId: string, perClass: number): Promise<LatentActivations>;
    /** The channels of a conv code of sample `index`. Fails for a dense (flat) code. */
    featureMaps(modelId: number, datasetId: string, index: number): Promise<LatentFeatureMaps>;
  };
  workers: {
    /** The queue's workers (online, busy with which member, throughput) and where each member runs. */
    overview(): Promise<QueueOverview>;
  };
  quality: {
    /**
     * Fréchet distance and class coverage of samples of each run (AE: codes from a Gaussian fitted
     * to its training codes; VAE, GAN: the prior), measured by a classifier trained (once, then
     * cached) on the run's dataset; plus the real test set as a reference row.
     */
    evaluate(runIds: number[], options?: QualityOptions): Promise<QualityReport>;
  };
  /** Reports of an experiment, some runs or a sweep (see src/shared/report/sections.ts). */
  reports: {
    /** The report as one self-contained HTML page, for the export dialog's preview; `warnings` name what was left out. */
    preview(request: ReportRequest): Promise<{ html: string; warnings: string[] }>;
    /**
     * Write the report in `request.format` to `path` (a file, or a folder that gets `report.<format>`);
     * Markdown and LaTeX get a `<name>-figures` folder beside the file. Resolves to the files written.
     */
    export(request: ReportRequest, path: string): Promise<ReportResult>;
  };
  dialogs: DialogsApi;
  on<E extends LabEventName>(event: E, listener: (payload: LabEvents[E]) => void): Unsubscribe;
}

/** The result envelope every handler returns across a process boundary. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; reasons?: Reason[] } };
