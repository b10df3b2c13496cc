/**
 * The words of a report, one object per language (en, pt-BR, es), typed so that a language missing
 * a text fails to compile. The figures' own axis names and legends are the window's translations.
 */
import type { ReportSection } from '../sections.js';

export type ReportPart = ReportSection | 'reproducibility';

export interface ReportText {
  title: { experiment: (name: string) => string; runs: (ids: string) => string; sweep: (name: string) => string };
  subtitle: (date: string, version: string) => string;
  numbering: { figure: string; table: string; contents: string };
  sections: Record<ReportPart, string>;
  /** One sentence under each section title saying what it shows. */
  intro: Record<ReportPart, string>;
  summary: { runs: string; metrics: string; metric: string; sweep: (metric: string) => string };
  configs: { differing: string; shared: string; identical: string; setting: string };
  figures: {
    curves: (metric: string) => string;
    reconstructions: string;
    samples: string;
    denoising: (run: string) => string;
    latent: (run: string) => string;
    manifold: (run: string) => string;
    interpolation: (run: string) => string;
    kl: (run: string) => string;
    anomaly: (run: string) => string;
    quality: string;
    qualityTable: string;
  };
  /** Why something is missing: `what` could not be drawn for `run`, `why` is the service's (English) message. */
  skipped: (what: string, why: string) => string;
  nothing: { latent: string; anomaly: string; galleries: string; quality: string };
  environment: {
    machine: string;
    app: string;
    node: string;
    platform: string;
    backend: string;
    gpu: string;
    dataset: string;
    seed: string;
    epochs: string;
    duration: string;
    started: string;
    status: string;
    parameters: string;
    yes: string;
    no: string;
  };
  reproducibility: { command: string; versions: string; versionsNote: string };
}
