/**
 * Reads the VAE and denoising artifacts of a run for LabApi (`runs.latentKl`, `runs.denoising`):
 * the files the training worker wrote atomically and referenced in the store.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DenoisingReport, LatentKlReport } from '../../shared/api.js';
import type { Store } from '../store/index.js';

/** Artifact kinds written by the worker for VAE and denoising runs. */
export const VAE_DENOISING_ARTIFACTS = { latentKl: 'latent-kl', denoising: 'denoising', samples: 'samples' } as const;

const EMPTY_LATENT_KL: LatentKlReport = { epoch: null, klPerDimension: [], activeUnits: 0, threshold: 0.01, collapsed: false, warning: null };
const EMPTY_DENOISING: DenoisingReport = { corruption: '', trainingLevel: 0, epoch: null, sampleShape: [], samples: 0, levels: [], galleries: [], labels: [] };

export class VaeDenoisingReports {
  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
  ) {}

  private read<T>(runId: number, kind: string, empty: T): T {
    const artifact = this.store.runs.artifacts(runId).find((a) => a.kind === kind);
    if (!artifact) return structuredClone(empty);
    const file = path.join(this.dataDir, artifact.path);
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    } catch (error) {
      throw new Error(`run ${runId}: cannot read its ${kind} artifact ${file}: ${(error as Error).message}`);
    }
  }

  /** The latest KL-per-dimension report of a VAE run; an empty one (epoch null) otherwise. */
  latentKl(runId: number): LatentKlReport {
    this.store.runs.summary(runId);
    return this.read(runId, VAE_DENOISING_ARTIFACTS.latentKl, EMPTY_LATENT_KL);
  }

  /** The noise-level sweep of a denoising run once training ended; an empty one (epoch null) otherwise. */
  denoising(runId: number): DenoisingReport {
    this.store.runs.summary(runId);
    return this.read(runId, VAE_DENOISING_ARTIFACTS.denoising, EMPTY_DENOISING);
  }
}
