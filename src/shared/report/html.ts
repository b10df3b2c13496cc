/**
 * The HTML report: one self-contained file (styles inline, charts as inline SVG, galleries as
 * data: PNGs) under a Content-Security-Policy that allows no network access, so it opens the same
 * offline, attached to an e-mail or years later. Pure module.
 */
import type { TableData } from '../tables/table.js';
import type { FigureAsset, ReportBlock, ReportDocument } from './document.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#222;max-width:1000px;margin:24px auto;padding:0 24px;line-height:1.45}
h1{font-size:26px;margin-bottom:4px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:36px}h3{font-size:16px;margin-top:24px}
.subtitle{color:#666;margin-top:0}nav ol{columns:2}
table{border-collapse:collapse;margin:8px 0;font-size:13px}caption{caption-side:bottom;color:#555;font-size:13px;padding-top:4px;text-align:left}
th,td{padding:3px 10px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}thead th{border-top:2px solid #333;border-bottom:1px solid #333}
tbody tr:last-child td{border-bottom:2px solid #333}td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}figure{margin:16px 0}figure svg,figure img{max-width:100%;height:auto}figure img{image-rendering:pixelated}
figcaption{color:#555;font-size:13px}.note{color:#8a5a00;font-style:italic}
pre{background:#f6f6f6;padding:8px 12px;overflow-x:auto;font-size:12px}dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;font-size:13px}dt{color:#555}dd{margin:0}
@media print{h2{break-before:page}figure,table{break-inside:avoid}}`;

function tableHtml(table: TableData, caption: string, id: string): string {
  const numeric = table.headers.map((_, c) => table.rows.length > 0 && table.rows.every((row) => row[c]?.numeric));
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const cells = table.headers.map((_, c) => {
        const cell = row[c];
        const text = escapeHtml(cell?.text ?? '');
        return `<td${numeric[c] ? ' class="num"' : ''}>${cell?.strong && text ? `<strong>${text}</strong>` : text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table id="${id}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/**
 * An inline chart SVG: its ECharts ids (all `zr0-…` after canonicalSvg) get a per-figure prefix,
 * since two charts in one document would otherwise share clip-path ids.
 */
function inlineSvg(svg: string, index: number): string {
  return svg.replace(/\bzr0-/g, `f${index}-`).replace(/^<\?xml[^>]*>\s*/, '');
}

function figureHtml(asset: FigureAsset | undefined, caption: string, id: string, index: number): string {
  if (!asset) return '';
  const body = asset.svg
    ? inlineSvg(asset.svg, index)
    : `<img src="data:image/png;base64,${asset.pngBase64}" width="${asset.width}" height="${asset.height}" alt="${escapeHtml(caption)}">`;
  return `<figure id="${id}">${body}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function blockHtml(block: ReportBlock, figures: ReadonlyMap<string, FigureAsset>, counter: { figure: number; table: number }, labels: Numbering): string {
  switch (block.type) {
    case 'heading':
      return `<h3>${escapeHtml(block.text)}</h3>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'note':
      return `<p class="note">${escapeHtml(block.text)}</p>`;
    case 'table':
      counter.table += 1;
      return tableHtml(block.table, `${labels.table} ${counter.table}: ${block.caption}`, block.label);
    case 'figure': {
      const asset = figures.get(block.figureId);
      if (!asset) return '';
      counter.figure += 1;
      return figureHtml(asset, `${labels.figure} ${counter.figure}: ${block.caption}`, block.label, counter.figure);
    }
    case 'facts':
      return `<dl>${block.rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
    case 'code':
      return `<pre><code class="language-${block.language}">${escapeHtml(block.text)}</code></pre>`;
  }
}

/** Words of the captions' numbering and the contents list, in the report's language. */
export interface Numbering {
  figure: string;
  table: string;
  contents: string;
}

export function reportToHtml(doc: ReportDocument, figures: ReadonlyMap<string, FigureAsset>, numbering: Numbering): string {
  const counter = { figure: 0, table: 0 };
  const toc = doc.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('');
  const sections = doc.sections
    .map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map((b) => blockHtml(b, figures, counter, numbering)).join('\n')}\n</section>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(doc.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(doc.title)}</h1><p class="subtitle">${escapeHtml(doc.subtitle)}</p></header>
<nav><h2>${escapeHtml(numbering.contents)}</h2><ol>${toc}</ol></nav>
${sections}
</body>
</html>
`;
}
