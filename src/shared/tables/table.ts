/**
 * A small table model and its CSV, Markdown and LaTeX writers, used to export the runs table and
 * the compare tables. Pure module: no Node, no DOM.
 */

/** One cell: its text, and whether it is emphasised (a best value, a differing setting): bold in Markdown/LaTeX. */
export interface TableCell {
  text: string;
  /** A number is right-aligned in Markdown/LaTeX and never guarded against spreadsheet formulas in CSV. */
  numeric?: boolean;
  strong?: boolean;
}

export interface TableData {
  headers: string[];
  rows: TableCell[][];
  /** A sentence printed under the table in Markdown and in the LaTeX caption (not in CSV), e.g. why no best is marked. */
  note?: string;
}

/** Cell helper: text as given. */
export const textCell = (text: string): TableCell => ({ text });

const lineBreaks = /\r\n|\r|\n/g;

/**
 * CSV per RFC 4180: CRLF line ends; a field holding a comma, quote, CR/LF or edge spaces is quoted
 * and its quotes doubled. A text (non-numeric) field starting with `=`, `+`, `-`, `@`, tab or CR
 * gets a leading apostrophe so spreadsheets do not run it as a formula (CSV injection).
 */
export function toCsv(table: TableData): string {
  const field = (cell: TableCell | string): string => {
    let text = typeof cell === 'string' ? cell : cell.text;
    const numeric = typeof cell !== 'string' && cell.numeric === true;
    if (!numeric && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.headers.map(field).join(','), ...table.rows.map((row) => row.map(field).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Escape text for a GitHub-flavoured Markdown table cell (pipes, emphasis, code, HTML, line breaks). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([|*_`[\]#~])/g, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(lineBreaks, '<br>');
}

/** GitHub-flavoured Markdown table; numeric columns right-aligned, best values in bold. */
export function toMarkdown(table: TableData): string {
  const numericColumn = table.headers.map((_, c) => table.rows.length > 0 && table.rows.every((row) => row[c]?.numeric));
  const cell = (c: TableCell | undefined): string => {
    const text = escapeMarkdown(c?.text ?? '');
    return c?.strong && text !== '' ? `**${text}**` : text;
  };
  const lines = [
    `| ${table.headers.map(escapeMarkdown).join(' | ')} |`,
    `| ${numericColumn.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...table.rows.map((row) => `| ${table.headers.map((_, c) => cell(row[c])).join(' | ')} |`),
  ];
  if (table.note) lines.push('', escapeMarkdown(table.note));
  return `${lines.join('\n')}\n`;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/** Escape text for LaTeX body text: the ten specials, angle brackets, and line breaks as spaces. */
export function escapeLatex(text: string): string {
  return text.replace(/[\\&%$#_{}~^<>]/g, (ch) => LATEX_SPECIALS[ch] ?? ch).replace(lineBreaks, ' ');
}

export interface LatexOptions {
  caption?: string;
  /** `\label{…}` key; kept to letters, digits and `:-_.` so it cannot break the document. */
  label?: string;
}

/**
 * A `table` float holding a booktabs `tabular` (needs `\usepackage{booktabs}`); numeric columns
 * right-aligned, best values in bold.
 */
export function toLatex(table: TableData, options: LatexOptions = {}): string {
  const numericColumn = table.headers.map((_, c) => table.rows.length > 0 && table.rows.every((row) => row[c]?.numeric));
  const cell = (c: TableCell | undefined): string => {
    const text = escapeLatex(c?.text ?? '');
    return c?.strong && text !== '' ? `\\textbf{${text}}` : text;
  };
  const lines = [
    '\\begin{table}[ht]',
    '\\centering',
    `\\begin{tabular}{${numericColumn.map((n) => (n ? 'r' : 'l')).join('')}}`,
    '\\toprule',
    `${table.headers.map(escapeLatex).join(' & ')} \\\\`,
    '\\midrule',
    ...table.rows.map((row) => `${table.headers.map((_, c) => cell(row[c])).join(' & ')} \\\\`),
    '\\bottomrule',
    '\\end{tabular}',
  ];
  const caption = [options.caption, table.note].filter(Boolean).join(' ');
  if (caption) lines.push(`\\caption{${escapeLatex(caption)}}`);
  if (options.label) lines.push(`\\label{${options.label.replace(/[^A-Za-z0-9:._-]/g, '')}}`);
  lines.push('\\end{table}');
  return `${lines.join('\n')}\n`;
}

export type TableFormat = 'csv' | 'md' | 'tex';

/** Write `table` in `format`; the file extension of each format is its name. */
export function formatTable(table: TableData, format: TableFormat, options: LatexOptions = {}): string {
  if (format === 'csv') return toCsv(table);
  if (format === 'md') return toMarkdown(table);
  return toLatex(table, options);
}
