import { describe, expect, it } from 'vitest';
import { escapeLatex, escapeMarkdown, formatTable, toCsv, toLatex, toMarkdown, type TableData } from '../../../../src/shared/tables/table.js';

const table: TableData = {
  headers: ['Name', 'val loss'],
  rows: [
    [{ text: 'plain' }, { text: '0.1', numeric: true, strong: true }],
    [{ text: 'a, "quoted" | pipe_*x*' }, { text: '-0.2', numeric: true }],
  ],
};

describe('toCsv', () => {
  it('quotes fields with commas and quotes, doubling the quotes, with CRLF line ends', () => {
    expect(toCsv(table)).toBe('Name,val loss\r\nplain,0.1\r\n"a, ""quoted"" | pipe_*x*",-0.2\r\n');
  });

  it('quotes line breaks and edge spaces', () => {
    const csv = toCsv({ headers: ['n'], rows: [[{ text: 'two\nlines' }], [{ text: ' padded' }]] });
    expect(csv).toBe('n\r\n"two\nlines"\r\n" padded"\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = toCsv({ headers: ['n', 'v'], rows: [[{ text: '=HYPERLINK("x")' }, { text: '-1', numeric: true }], [{ text: '@SUM(A1)' }, { text: '+2' }]] });
    expect(csv).toBe('n,v\r\n"\'=HYPERLINK(""x"")",-1\r\n\'@SUM(A1),\'+2\r\n');
  });
});

describe('toMarkdown', () => {
  it('escapes pipes and emphasis, right-aligns numbers and bolds best values', () => {
    expect(toMarkdown(table)).toBe(
      '| Name | val loss |\n| --- | ---: |\n| plain | **0.1** |\n| a, "quoted" \\| pipe\\_\\*x\\* | -0.2 |\n',
    );
  });

  it('turns line breaks into <br> and escapes HTML and backslashes', () => {
    expect(escapeMarkdown('a\nb <i> c\\d')).toBe('a<br>b &lt;i&gt; c\\\\d');
  });
});

describe('toLatex', () => {
  it('escapes every LaTeX special character', () => {
    expect(escapeLatex('50% & $x_1$ #2 {a} ~ ^ \\ <>')).toBe(
      '50\\% \\& \\$x\\_1\\$ \\#2 \\{a\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}\\textgreater{}',
    );
  });

  it('writes a booktabs tabular with aligned columns, bold best values, caption and safe label', () => {
    const tex = toLatex(table, { caption: 'Runs_1', label: 'tab:runs}\\evil' });
    expect(tex).toContain('\\begin{tabular}{lr}');
    expect(tex).toContain('Name & val loss \\\\');
    expect(tex).toContain('plain & \\textbf{0.1} \\\\');
    expect(tex).toContain('a, "quoted" | pipe\\_*x* & -0.2 \\\\');
    expect(tex).toContain('\\caption{Runs\\_1}');
    expect(tex).toContain('\\label{tab:runsevil}');
    expect(tex.trim().endsWith('\\end{table}')).toBe(true);
  });
});

it('formatTable dispatches on the format name', () => {
  expect(formatTable(table, 'csv')).toBe(toCsv(table));
  expect(formatTable(table, 'md')).toBe(toMarkdown(table));
  expect(formatTable(table, 'tex')).toBe(toLatex(table));
});
