/**
 * Build a report: resolve its runs, write the chosen sections (in their fixed order) and the
 * reproducibility block, and collect the figures they place. Rendering and files are export.ts's.
 */
import type { ReportDocument, ReportSectionDoc, ReportBlock } from '../../../shared/report/document.js';
import type { ReportRequest, ReportSection } from '../../../shared/report/sections.js';
import { REPORT_SECTIONS } from '../../../shared/report/sections.js';
import { REPORT_TEXT } from '../../../shared/report/text/index.js';
import { uiText, type Figure } from '../../figures/index.js';
import pkg from '../../../../package.json' with { type: 'json' };
import { resolveScope, type ReportContext, type ReportSource } from './context.js';
import { configBlocks, environmentBlocks, reproducibilityBlocks, summaryBlocks } from './data-sections.js';
import { anomalyBlocks, curveBlocks, galleryBlocks, latentBlocks, qualityBlocks } from './figure-sections.js';

export interface BuiltReport {
  document: ReportDocument;
  figures: Map<string, Figure>;
  warnings: string[];
  numbering: { figure: string; table: string; contents: string };
}

const SECTION_BUILDERS: Record<ReportSection, (context: ReportContext) => ReportBlock[] | Promise<ReportBlock[]>> = {
  summary: summaryBlocks,
  configs: configBlocks,
  curves: curveBlocks,
  galleries: galleryBlocks,
  latent: latentBlocks,
  anomaly: anomalyBlocks,
  quality: qualityBlocks,
  environment: environmentBlocks,
};

/** @param now the report's date (tests pass a fixed one) */
export async function buildReport(source: ReportSource, request: ReportRequest, now = new Date()): Promise<BuiltReport> {
  const language = request.language ?? (await source.app.getSettings()).language;
  const text = REPORT_TEXT[language];
  const { runs, sweep, title } = await resolveScope(source, request.scope, text);
  const experimentNames = new Map((await source.experiments.list()).map((e) => [e.id, e.name]));
  const context: ReportContext = { source, t: uiText(language), text, runs, sweep, experimentNames, figures: new Map(), warnings: [] };

  const sections: ReportSectionDoc[] = [];
  for (const id of REPORT_SECTIONS.filter((s) => request.sections.includes(s))) {
    const blocks = await SECTION_BUILDERS[id](context);
    sections.push({ id, title: text.sections[id], blocks: [{ type: 'paragraph', text: text.intro[id] }, ...blocks] });
  }
  sections.push({
    id: 'reproducibility',
    title: text.sections.reproducibility,
    blocks: [{ type: 'paragraph', text: text.intro.reproducibility }, ...reproducibilityBlocks(context)],
  });
  const date = now.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return {
    document: { language, title, subtitle: text.subtitle(date, pkg.version), sections },
    figures: context.figures,
    warnings: context.warnings,
    numbering: text.numbering,
  };
}
