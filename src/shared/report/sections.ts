/**
 * What a report can hold, and the request that asks for one. The reproducibility block is not a
 * choice: every report ends with it. Pure module.
 */
import type { Settings } from '../api.js';

export const REPORT_SECTIONS = ['summary', 'configs', 'curves', 'galleries', 'latent', 'anomaly', 'quality', 'environment'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/**
 * Sections chosen when the user picks none: every one but `quality`, whose first evaluation of a
 * dataset trains a classifier for minutes.
 */
export const DEFAULT_REPORT_SECTIONS: readonly ReportSection[] = REPORT_SECTIONS.filter((s) => s !== 'quality');

export const REPORT_FORMATS = ['html', 'md', 'tex'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Which runs a report covers: an experiment's, a list of runs, or a sweep's members. */
export type ReportScope = { experimentId: number } | { runIds: number[] } | { sweepId: number };

export interface ReportRequest {
  scope: ReportScope;
  format: ReportFormat;
  /** Sections in the order given are written in the fixed order of REPORT_SECTIONS. */
  sections: ReportSection[];
  /** Language of the text; default the UI language setting. */
  language?: Settings['language'];
}

/** What an export wrote, and what it had to leave out (a figure a run cannot draw, with why). */
export interface ReportResult {
  /** The main file first (report.html / .md / .tex), then the figure files. */
  files: string[];
  warnings: string[];
}

export const isReportSection = (value: string): value is ReportSection => (REPORT_SECTIONS as readonly string[]).includes(value);

/** Parse a comma-separated section list (`summary,curves`), in any order, without repeats. */
export function parseSections(text: string): ReportSection[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((name) => !isReportSection(name));
  if (unknown.length > 0) throw new Error(`unknown report section ${unknown.map((n) => `"${n}"`).join(', ')}: use ${REPORT_SECTIONS.join(', ')}`);
  return REPORT_SECTIONS.filter((section) => names.includes(section));
}
