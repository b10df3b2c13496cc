/**
 * Messages between the run scheduler (main side) and a training worker.
 */
import type { ArtifactKind } from '../../shared/artifacts.js';
import type { ArchitectureSummary, BackendReport, EpochMetrics, RunStatus, Settings } from '../../shared/api.js';
import type { MetricValues, RunConfig } from '../../shared/config.js';

/** What a worker is started with (workerData). */
export interface RunWorkerInput {
  runId: number;
  config: RunConfig;
  dataDir: string;
  resourcesDir: string;
  backend: Settings['backend'];
  /** Int32Array view over it: index 0 set to 1 asks the worker to stop at the next batch boundary. */
  stopFlag: SharedArrayBuffer;
  /** How many validation samples the live reconstruction gallery shows. */
  gallerySize: number;
  /** Where artifacts go, inside dataDir; default the run's folder (a queue worker gives a scratch folder). */
  runDir?: string;
  /** Per-step metrics: about this many points per epoch; 0 = none (the loss is then read by time, for the progress bar). */
  stepPointsPerEpoch: number;
  /** Continue from the training state of the run's checkpoint instead of starting over (`runs.resume`). */
  resume?: boolean;
  /**
   * Wait before each checkpoint until the main side says the epoch is committed (an
   * `epochCommitted` message): a checkpoint is then never ahead of the epochs in the store, so a
   * resume from it leaves no gap in the run's curve. The scheduler sets it; a queue worker does not.
   */
  ackEpochs?: boolean;
}

/** Main → worker. */
export type RunWorkerCommand = { type: 'epochCommitted'; epoch: number };

/** Worker → main. */
export type RunWorkerMessage =
  | { type: 'backend'; report: BackendReport }
  | { type: 'architecture'; summary: ArchitectureSummary }
  /**
   * A batch loss; `recorded` when the step cadence asked for it (a per-step point to store, with the
   * batch's named `values`: the loss, a VAE's parts, a GAN's two losses), `elapsedMs` since training began.
   */
  | { type: 'progress'; epoch: number; batch: number; batchesPerEpoch: number; loss: number; elapsedMs: number; recorded: boolean; values?: MetricValues }
  | { type: 'epoch'; epoch: number; metrics: EpochMetrics[]; elapsedMs: number }
  /** An artifact file was written atomically at `relPath` (relative to the data directory); one per run and kind (`model`, `reconstructions`, …), a newer one replaces it. */
  | { type: 'artifact'; kind: ArtifactKind; relPath: string; epoch: number }
  | {
      type: 'done';
      status: Extract<RunStatus, 'completed' | 'cancelled' | 'diverged' | 'failed'>;
      error: string | null;
      finalMetrics: { train: MetricValues; val: MetricValues };
    };
