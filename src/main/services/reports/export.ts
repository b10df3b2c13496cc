/**
 * Render a built report and write it: one self-contained HTML file; or Markdown / LaTeX with a
 * figures folder beside it (`report.md` + `report-figures/`), charts as SVG for Markdown and as
 * PNG for pdflatex, galleries as PNG at native pixel scale.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FigureAsset } from '../../../shared/report/document.js';
import { reportToHtml } from '../../../shared/report/html.js';
import { reportToLatex } from '../../../shared/report/latex.js';
import { reportToMarkdown } from '../../../shared/report/markdown.js';
import type { ReportFormat, ReportRequest, ReportResult } from '../../../shared/report/sections.js';
import { renderFigure, type Figure, type RenderedFigure } from '../../figures/index.js';
import { writeFileAtomic } from '../../store/atomic.js';
import { buildReport, type BuiltReport } from './build.js';
import type { ReportSource } from './context.js';

/** Chart PNG scale: twice the screen for HTML and Markdown, three times for print. */
const PNG_SCALE: Record<ReportFormat, number> = { html: 2, md: 2, tex: 3 };

interface RenderedAsset {
  asset: FigureAsset;
  rendered: RenderedFigure;
}

async function renderAssets(figures: Map<string, Figure>, format: ReportFormat, folder: string): Promise<Map<string, RenderedAsset>> {
  const assets = new Map<string, RenderedAsset>();
  for (const [id, figure] of figures) {
    const rendered = await renderFigure(figure, PNG_SCALE[format]);
    const extension = format === 'md' && rendered.svg ? 'svg' : 'png';
    const asset: FigureAsset = {
      svg: rendered.svg,
      pngBase64: rendered.png.toString('base64'),
      width: rendered.width,
      height: rendered.height,
      file: `${folder}/${id}.${extension}`,
    };
    assets.set(id, { asset, rendered });
  }
  return assets;
}

const assetsOnly = (assets: Map<string, RenderedAsset>): Map<string, FigureAsset> => new Map([...assets].map(([id, a]) => [id, a.asset]));

function writeDocument(built: BuiltReport, format: ReportFormat, assets: Map<string, RenderedAsset>): string {
  const figures = assetsOnly(assets);
  if (format === 'html') return reportToHtml(built.document, figures, built.numbering);
  if (format === 'md') return reportToMarkdown(built.document, figures, built.numbering);
  return reportToLatex(built.document, figures, built.numbering);
}

/** The report as one HTML string (the UI's preview). */
export async function reportHtml(source: ReportSource, request: ReportRequest): Promise<{ html: string; warnings: string[] }> {
  const built = await buildReport(source, { ...request, format: 'html' });
  return { html: writeDocument(built, 'html', await renderAssets(built.figures, 'html', '')), warnings: built.warnings };
}

/**
 * Where the main file goes: `out` itself when it names a file; `out/report.<format>` when it is an
 * existing folder or ends with a separator.
 */
export function reportFile(out: string, format: ReportFormat): string {
  const resolved = path.resolve(out);
  const isFolder = /[\\/]$/.test(out) || (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory());
  return isFolder ? path.join(resolved, `report.${format}`) : resolved;
}

/** Build, render and write the report; resolves to the files written (the main file first). */
export async function exportReport(source: ReportSource, request: ReportRequest, out: string): Promise<ReportResult> {
  const built = await buildReport(source, request);
  const file = reportFile(out, request.format);
  const folder = `${path.basename(file, path.extname(file))}-figures`;
  const assets = await renderAssets(built.figures, request.format, folder);
  const files = [file];
  if (request.format !== 'html' && assets.size > 0) {
    const dir = path.join(path.dirname(file), folder);
    fs.mkdirSync(dir, { recursive: true });
    for (const { asset, rendered } of assets.values()) {
      const target = path.join(path.dirname(file), asset.file);
      writeFileAtomic(target, asset.file.endsWith('.svg') && rendered.svg ? rendered.svg : rendered.png);
      files.push(target);
    }
  }
  writeFileAtomic(file, writeDocument(built, request.format, assets));
  return { files, warnings: built.warnings };
}
