import { describe, expect, it } from 'vitest';
import type { FigureAsset, ReportDocument } from '../../../../src/shared/report/document.js';
import { reportToHtml } from '../../../../src/shared/report/html.js';
import { latexText, reportToLatex } from '../../../../src/shared/report/latex.js';
import { reportToMarkdown } from '../../../../src/shared/report/markdown.js';
import { parseSections } from '../../../../src/shared/report/sections.js';
import { transposeTable } from '../../../../src/shared/report/transpose.js';

const svg = (text: string): string => `<svg width="800" height="380" xmlns="http://www.w3.org/2000/svg"><clipPath id="zr0-c0"/><text clip-path="url(#zr0-c0)">${text}</text></svg>`;
const figures = new Map<string, FigureAsset>([
  ['curves-loss', { svg: svg('loss'), pngBase64: 'AAAA', width: 800, height: 380, file: 'report-figures/curves-loss.svg' }],
  ['curves-psnr', { svg: svg('psnr'), pngBase64: 'BBBB', width: 800, height: 380, file: 'report-figures/curves-psnr.svg' }],
  ['reconstructions', { svg: null, pngBase64: 'CCCC', width: 240, height: 120, file: 'report-figures/reconstructions.png' }],
]);
const doc: ReportDocument = {
  language: 'pt-BR',
  title: 'Relatório: <A & B>',
  subtitle: 'Gerado em 2026-01-01',
  sections: [
    {
      id: 'summary',
      title: 'Resumo',
      blocks: [
        { type: 'paragraph', text: '50% of #runs_best & ★ σ=0.1' },
        { type: 'table', table: { headers: ['Run', 'val loss'], rows: [[{ text: '#1 a_b' }, { text: '0.1', numeric: true, strong: true }]] }, caption: 'Final metrics', label: 'summary' },
      ],
    },
    {
      id: 'curves',
      title: 'Curvas',
      blocks: [
        { type: 'figure', figureId: 'curves-loss', caption: 'Loss per epoch', label: 'curves-loss' },
        { type: 'figure', figureId: 'curves-psnr', caption: 'PSNR per epoch', label: 'curves-psnr' },
        { type: 'figure', figureId: 'reconstructions', caption: 'Inputs and reconstructions', label: 'reconstructions' },
        { type: 'note', text: 'Latent: left out (no model).' },
      ],
    },
    {
      id: 'reproducibility',
      title: 'Reprodutibilidade',
      blocks: [
        { type: 'facts', rows: [['node', '20.19.0'], ['@tensorflow/tfjs', '4.22.0']] },
        { type: 'code', language: 'bash', text: "latent-lab train --config /dev/stdin <<'JSON'\n{\"name\": \"a_b — c\"}\nJSON" },
      ],
    },
  ],
};
const numbering = { figure: 'Figura', table: 'Tabela', contents: 'Sumário' };

describe('HTML report', () => {
  const html = reportToHtml(doc, figures, numbering);

  it('is self-contained: a policy that forbids any network access, no external URL', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/)/);
    expect(html).toContain('<html lang="pt-BR">');
  });

  it('inlines charts as SVG with per-figure ids, and galleries as data: PNGs drawn pixelated', () => {
    expect(html).toContain('<clipPath id="f1-c0"/><text clip-path="url(#f1-c0)">loss');
    expect(html).toContain('<clipPath id="f2-c0"/><text clip-path="url(#f2-c0)">psnr');
    expect(html).toContain('<img src="data:image/png;base64,CCCC" width="240" height="120"');
    expect(html).toContain('image-rendering:pixelated');
  });

  it('numbers captions, escapes text and marks the best values', () => {
    expect(html).toContain('<title>Relatório: &#60;A &#38; B&#62;</title>');
    expect(html).toContain('Figura 3: Inputs and reconstructions');
    expect(html).toContain('Tabela 1: Final metrics');
    expect(html).toContain('<td class="num"><strong>0.1</strong></td>');
    expect(html).toContain('<a href="#curves">Curvas</a>');
    expect(html).toContain('&#60;&#60;&#39;JSON&#39;');
  });
});

describe('Markdown report', () => {
  const md = reportToMarkdown(doc, figures, numbering);

  it('links every figure from the figures folder with a numbered caption', () => {
    expect(md).toContain('![Figura 1: Loss per epoch](report-figures/curves-loss.svg)');
    expect(md).toContain('![Figura 3: Inputs and reconstructions](report-figures/reconstructions.png)');
    expect(md).not.toContain('base64');
  });

  it('writes tables, facts, notes and fenced code', () => {
    expect(md).toContain('| \\#1 a\\_b | **0.1** |');
    expect(md).toContain('# Relatório: &lt;A & B&gt;');
    expect(md).toContain('*Tabela 1: Final metrics*');
    expect(md).toContain('| node | 20.19.0 |');
    expect(md).toContain("```bash\nlatent-lab train --config /dev/stdin <<'JSON'");
    expect(md).toContain('*Latent: left out (no model).*');
    expect(md).toContain('## Curvas');
  });
});

describe('LaTeX report', () => {
  const tex = reportToLatex(doc, figures, numbering);

  it('is an article with booktabs tables, labelled figures and captions, numbered in the report language', () => {
    expect(tex).toMatch(/^\\documentclass\[a4paper,10pt\]\{article\}/);
    for (const pkg of ['booktabs', 'graphicx', 'longtable', 'float']) expect(tex).toContain(`\\usepackage{${pkg}}`);
    expect(tex).toContain('\\renewcommand{\\figurename}{Figura}');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\#1 a\\_b & \\textbf{0.1} \\\\');
    expect(tex).toContain('\\label{tab:summary}');
    expect(tex).toContain('\\includegraphics[width=1.00\\linewidth]{report-figures/curves-loss.svg}');
    expect(tex).toContain('\\includegraphics[width=0.50\\linewidth]{report-figures/reconstructions.png}');
    expect(tex).toContain('\\caption{Inputs and reconstructions}\n\\label{fig:reconstructions}');
    expect(tex).toContain('\\section{Curvas}\\label{sec:curves}');
    expect(tex.trimEnd().endsWith('\\end{document}')).toBe(true);
  });

  it('escapes the specials and spells the symbols pdflatex cannot set', () => {
    expect(latexText('50% of #runs_best & ★ σ=0.1')).toBe('50\\% of \\#runs\\_best \\& $\\star$ $\\sigma$=0.1');
    expect(latexText('日本')).toBe('??');
    expect(tex).toContain('{"name": "a_b -- c"}');
  });
});

describe('parseSections', () => {
  it('keeps the fixed section order and drops repeats', () => {
    expect(parseSections('curves, summary,curves')).toEqual(['summary', 'curves']);
  });
  it('names the unknown sections', () => {
    expect(() => parseSections('summary,plots')).toThrow(/unknown report section "plots"/);
  });
});

describe('transposeTable', () => {
  it('turns runs × metrics into metrics × runs, keeping the emphasis of the best values', () => {
    const table = {
      headers: ['Name', 'val loss', 'val psnr'],
      rows: [
        [{ text: 'a (#1)' }, { text: '0.2', numeric: true }, { text: '12', numeric: true, strong: true }],
        [{ text: 'b (#2)' }, { text: '0.1', numeric: true, strong: true }, { text: '9', numeric: true }],
      ],
    };
    expect(transposeTable(table, 'Metric')).toEqual({
      headers: ['Metric', 'a (#1)', 'b (#2)'],
      rows: [
        [{ text: 'val loss' }, { text: '0.2', numeric: true }, { text: '0.1', numeric: true, strong: true }],
        [{ text: 'val psnr' }, { text: '12', numeric: true, strong: true }, { text: '9', numeric: true }],
      ],
    });
    // The note under the table (why nothing is best, which runs re-score the training set) stays.
    expect(transposeTable({ ...table, note: 'Runs #1 hold out no data.' }, 'Metric').note).toBe('Runs #1 hold out no data.');
  });
});

describe('LaTeX tables', () => {
  it('shrink to the text width when wider, and never grow', () => {
    const tex = reportToLatex({ ...doc, sections: [doc.sections[0]!] }, figures, numbering);
    expect(tex).toContain('\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%\n\\begin{tabular}{lr}');
    expect(tex).toContain('\\begin{table}[H]');
  });
});
