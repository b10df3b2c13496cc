/**
 * What the orchestrator (run.ts) hands to a measured child process and what it gets back. Both
 * travel as JSON files: children may print whatever they like (tfjs warnings) without breaking it.
 */
import type { LayerSpec } from '../src/main/engine/architecture.js';
import type { RunConfig } from '../src/shared/config.js';

/** The data files of one run (see data.ts for the format). */
export interface RunData {
  sampleShape: number[];
  binary: boolean;
  trainFile: string;
  valFile: string;
  /** Samples used from each file (the first N). */
  trainCount: number;
  valCount: number;
}

/** Backend names a child accepts: the engine's, plus wasm with tfjs' stock kernels (`--stock`). */
export type BenchBackend = 'tensorflow' | 'wasm' | 'cpu' | 'wasm-stock';

/** Spec of one run of our engine (worker.ts). */
export interface EngineRunSpec {
  backend: BenchBackend;
  config: RunConfig;
  data: RunData;
  resultFile: string;
}

/** Spec of one run of the PyTorch reference (torch/reference.py); layer specs as planned by the engine. */
export interface TorchRunSpec {
  layers: LayerSpec[];
  sampleShape: number[];
  training: {
    epochs: number;
    batchSize: number;
    loss: RunConfig['training']['loss'];
    seed: number;
    optimizer: RunConfig['training']['optimizer'];
    /** Adam's ε: the config's, else tfjs' float32 epsilon (1e-7); PyTorch defaults to 1e-8. */
    adamEpsilon: number;
    /** The model's initialisation: `glorotUniform` (Xavier kernels, zero biases) or `torch` (PyTorch's own defaults). */
    init: RunConfig['model']['init'];
  };
  data: RunData;
  /**
   * VAE only: `layers` is then the encoder (ending in the mean head) and the decoder; the
   * log-variance head reads the same features as the mean head, and the loss adds beta × KL.
   */
  vae?: { logVarHead: LayerSpec; decoderStart: number; beta: number };
  /** int32 [epochs, trainCount]: the batch order of each epoch, the one our trainer draws. */
  orderFile: string;
  /** torch.set_num_threads; the OpenMP / OpenBLAS thread counts travel in the environment (children.ts). */
  threads: number;
  /** Name of the thread configuration (TORCH_CONFIGS in children.ts), reported back as `torchConfig`. */
  torchConfig?: string;
  /** Calibration run: train this many seconds and report samples/s only (no epochs, no evaluation). */
  calibrateSeconds?: number;
  resultFile: string;
}

/** What a calibration run of the reference writes. */
export type CalibrationResult = { ok: true; samplesPerSec: number; steps: number } | { ok: false; error: string };

/** What a child writes to its result file. Times are wall-clock seconds. */
export type RunResult =
  | {
      ok: true;
      /** Training samples per second over the timed epochs (2 … last-1: no warm-up, no evaluation). */
      samplesPerSec: number;
      timedSamples: number;
      timedSeconds: number;
      /** Wall time of each epoch; the last one includes the final evaluation. */
      epochSeconds: number[];
      /** Validation loss (the training loss function) after the last epoch. */
      valLoss: number;
      /** Mean training loss of the last epoch. */
      trainLoss: number;
      peakRssMb: number;
      /** Trainable parameters of the model: equal on both sides when the models are the same. */
      trainableParams: number;
      /** Ours: tf.memory().numTensors at the end of each epoch (should stay flat). */
      numTensors?: number[];
      /** Free-form version string (backend or torch version). */
      runtime: string;
      /** PyTorch only: the thread configuration it ran in. */
      torchConfig?: string;
    }
  | { ok: false; error: string };
