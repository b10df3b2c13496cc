/**
 * The LaTeX report: an article that compiles with pdflatex from texlive-latex-base and
 * -recommended (Computer Modern in OT1, which needs no font package beyond them; booktabs tables, graphicx figures with captions and labels, longtable facts),
 * next to a figures folder of PNGs (pdflatex takes no SVG). Pure module.
 */
import { escapeLatex, toLatex } from '../tables/table.js';
import type { FigureAsset, ReportBlock, ReportDocument } from './document.js';
import type { Numbering } from './html.js';

/** Symbols the reports use that pdflatex's utf8 input cannot typeset, as LaTeX. */
const SYMBOLS: Record<string, string> = {
  '★': '$\\star$',
  'σ': '$\\sigma$',
  'β': '$\\beta$',
  'μ': '$\\mu$',
  '×': '$\\times$',
  '≤': '$\\leq$',
  '≥': '$\\geq$',
  '→': '$\\rightarrow$',
  '·': '$\\cdot$',
  '…': '\\dots{}',
  '—': '---',
  '–': '--',
  '‖': '$\\|$',
  '’': "'",
};

/** Escaped text with the symbols above replaced and anything else outside Latin-1 dropped to `?`. */
export function latexText(text: string): string {
  return escapeLatex(text).replace(/[^\t\n\r\u0020-\u00ff]/gu, (ch) => SYMBOLS[ch] ?? '?');
}

/** Verbatim text: what a verbatim block cannot hold (outside Latin-1) becomes `?`. */
function verbatimText(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\u00ff]/gu, (ch) => (ch === '—' ? '--' : '?'));
}

/** Pixels a figure fills the text width at (A4 with 2 cm margins is about 480 bp, one bp per pixel at 72 dpi). */
const TEXT_WIDTH_PX = 480;

function tableLatex(block: Extract<ReportBlock, { type: 'table' }>): string {
  const safe = { headers: block.table.headers.map(verbatimSafe), rows: block.table.rows.map((row) => row.map((cell) => ({ ...cell, text: verbatimSafe(cell.text) }))) };
  // [H]: the table stays where the text refers to it, like the figures.
  const latex = toLatex(safe, { caption: block.caption, label: `tab:${block.label}` }).replace('\\begin{table}[ht]', '\\begin{table}[H]');
  // A table wider than the text shrinks to its width instead of running off the page (never grows).
  return latex.replace(/\\begin\{tabular\}[\s\S]*\\end\{tabular\}/, (tabular) => `\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%\n${tabular}}`);
}

/** toLatex escapes specials itself; here only symbols it cannot set are spelt in ASCII first. */
function verbatimSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\u00ff]/gu, (ch) => ({ '★': '*', 'σ': 'sigma', 'β': 'beta', '×': 'x', '—': '-', '–': '-', '·': '.' })[ch] ?? '?');
}

function blockLatex(block: ReportBlock, figures: ReadonlyMap<string, FigureAsset>): string {
  switch (block.type) {
    case 'heading':
      return `\\subsection*{${latexText(block.text)}}`;
    case 'paragraph':
      return latexText(block.text);
    case 'note':
      return `\\emph{${latexText(block.text)}}`;
    case 'table':
      return tableLatex(block);
    case 'figure': {
      const asset = figures.get(block.figureId);
      if (!asset) return '';
      const width = Math.min(1, asset.width / TEXT_WIDTH_PX).toFixed(2);
      return [
        // [H] (float package): a figure stays in its section instead of drifting pages away from it.
        '\\begin{figure}[H]',
        '\\centering',
        `\\includegraphics[width=${width}\\linewidth]{${asset.file}}`,
        `\\caption{${latexText(block.caption)}}`,
        `\\label{fig:${block.label}}`,
        '\\end{figure}',
      ].join('\n');
    }
    case 'facts':
      return [
        '\\begin{longtable}{@{}p{0.3\\linewidth}p{0.66\\linewidth}@{}}',
        ...block.rows.map(([k, v]) => `${latexText(k)} & ${latexText(v)} \\\\`),
        '\\end{longtable}',
      ].join('\n');
    case 'code':
      return `{\\small\n\\begin{verbatim}\n${verbatimText(block.text)}\n\\end{verbatim}\n}`;
  }
}

export function reportToLatex(doc: ReportDocument, figures: ReadonlyMap<string, FigureAsset>, numbering: Numbering): string {
  const body = doc.sections.flatMap((section) => [
    `\\section{${latexText(section.title)}}\\label{sec:${section.id}}`,
    ...section.blocks.map((block) => blockLatex(block, figures)).filter((text) => text !== ''),
  ]);
  return `\\documentclass[a4paper,10pt]{article}
\\usepackage[utf8]{inputenc}
\\usepackage[margin=2cm]{geometry}
\\usepackage{booktabs}
\\usepackage{graphicx}
\\usepackage{longtable}
\\usepackage{float}
\\renewcommand{\\figurename}{${latexText(numbering.figure)}}
\\renewcommand{\\tablename}{${latexText(numbering.table)}}
\\renewcommand{\\contentsname}{${latexText(numbering.contents)}}
\\title{${latexText(doc.title)}}
\\author{}
\\date{${latexText(doc.subtitle)}}
\\begin{document}
\\maketitle
\\tableofcontents
${body.join('\n\n')}
\\end{document}
`;
}
