/**
 * A report as a small document tree (sections of paragraphs, tables, figures, facts and code),
 * which the writers turn into HTML, Markdown or LaTeX. Figures are referenced by id; the writer
 * receives each one's rendering. Pure module.
 */
import type { TableData } from '../tables/table.js';

export type ReportBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  /** A note on something left out (a figure a run could not draw), in italics. */
  | { type: 'note'; text: string }
  | { type: 'table'; table: TableData; caption: string; label: string }
  | { type: 'figure'; figureId: string; caption: string; label: string }
  /** Label → value pairs (environment, versions). */
  | { type: 'facts'; rows: [string, string][] }
  | { type: 'code'; language: 'json' | 'bash'; text: string };

export interface ReportSectionDoc {
  /** Anchor and LaTeX label key. */
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export interface ReportDocument {
  /** BCP 47 tag of the text: `en`, `pt-BR`, `es`. */
  language: string;
  title: string;
  /** Generated-when/by line under the title. */
  subtitle: string;
  sections: ReportSectionDoc[];
}

/** A figure as the writers need it. */
export interface FigureAsset {
  /** Chart SVG text; null for a gallery (PNG only). */
  svg: string | null;
  /** PNG bytes as base64 (the HTML report inlines it). */
  pngBase64: string;
  /** Size of the figure in CSS pixels. */
  width: number;
  height: number;
  /** Path of the figure file next to a Markdown or LaTeX report, relative to it (e.g. `figures/curves-loss.svg`). */
  file: string;
}

/** Ids, anchors and labels: letters, digits and dashes only. */
export function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}
