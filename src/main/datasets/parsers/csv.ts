/**
 * Numeric CSV: one sample per line, comma-, semicolon- or tab-separated, with an optional header.
 * The label is a column named `label` (or the last column when asked); every other value must be a number.
 */
import { DatasetError } from '../types.js';
import { type NumericTable, applyMinMax, fitMinMax, mapLabels, parseNumber, readText } from './tabular.js';
import type { Split } from '../types.js';

export interface CsvOptions {
  /** Whether the first line is a header; 'auto' = yes when any first-line field is not a number. */
  header?: boolean | 'auto';
  /** 'auto': a column named "label" if the header has one; 'last': the last column; 'none': unlabelled. */
  labelColumn?: 'auto' | 'last' | 'none';
}

/** A parsed CSV table and the names of its feature columns. */
export interface CsvTable extends NumericTable {
  columnNames: string[] | null;
}

/** Parse CSV text; errors name `file` and the 1-based line number of the bad value. */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): CsvTable {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) throw new DatasetError(file, 'no data rows');
  const delimiter = detectDelimiter(lines[first] as string);
  const split = (line: string) => line.split(delimiter).map((t) => unquote(t.trim()));
  const firstFields = split(lines[first] as string);
  const header = options.header ?? 'auto';
  const hasHeader = header === 'auto' ? firstFields.some((t) => !Number.isFinite(Number(t)) || t === '') : header;
  const columns = firstFields.length;

  const labelMode = options.labelColumn ?? 'auto';
  let labelAt = -1;
  if (labelMode === 'last') labelAt = columns - 1;
  else if (labelMode === 'auto' && hasHeader) labelAt = firstFields.findIndex((t) => t.toLowerCase() === 'label');
  const width = labelAt === -1 ? columns : columns - 1;
  if (width < 1) throw new DatasetError(file, 'no feature columns besides the label');

  // Pass 1: every data row must have the header's field count; count rows before allocating.
  let n = 0;
  for (let i = first + (hasHeader ? 1 : 0); i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const count = split(line).length;
    if (count !== columns) throw new DatasetError(file, `line ${i + 1}: ${count} fields, expected ${columns}`);
    n++;
  }
  if (n === 0) throw new DatasetError(file, 'no data rows');

  const values = new Float64Array(n * width);
  const labels: string[] | null = labelAt === -1 ? null : new Array<string>(n);
  const names = hasHeader ? firstFields : null;
  let row = 0;
  for (let i = first + (hasHeader ? 1 : 0); i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const fields = split(line);
    let col = 0;
    for (let j = 0; j < columns; j++) {
      const field = fields[j] as string;
      if (j === labelAt) {
        if (field === '') throw new DatasetError(file, `line ${i + 1}: empty label`);
        (labels as string[])[row] = field;
        continue;
      }
      values[row * width + col++] = parseNumber(field, file, i + 1, `column ${names ? `"${names[j]}"` : j + 1} value`);
    }
    row++;
  }
  const columnNames = names ? names.filter((_, j) => j !== labelAt) : null;
  return { file, n, width, values, labels, columnNames };
}

/** Read and parse a CSV file. */
export async function readCsv(file: string, options: CsvOptions = {}): Promise<CsvTable> {
  return parseCsv(await readText(file), file, options);
}

/**
 * Turn train (and optional test) tables into [0, 1] splits. Each column is min-max scaled on the
 * training split: CSV columns are separate features with their own units.
 */
export function csvSplits(train: CsvTable, test: CsvTable | null): { sampleShape: number[]; classNames: string[]; train: Split; test: Split | null } {
  if (test && test.width !== train.width) {
    throw new DatasetError(test.file, `${test.width} feature columns, but ${train.file} has ${train.width}`);
  }
  if (test && (test.labels === null) !== (train.labels === null)) {
    throw new DatasetError(test.file, `label column ${test.labels ? 'present' : 'missing'}, unlike ${train.file}`);
  }
  const { classNames, labels } = mapLabels(test ? [train, test] : [train]);
  const fit = fitMinMax(train, true);
  const labelled = train.labels !== null;
  return {
    sampleShape: [train.width],
    classNames: labelled ? classNames : [],
    train: { x: applyMinMax(train, fit), labels: labelled ? (labels[0] as Int32Array) : null, n: train.n },
    test: test ? { x: applyMinMax(test, fit), labels: labelled ? (labels[1] as Int32Array) : null, n: test.n } : null,
  };
}

function detectDelimiter(line: string): string {
  if (line.includes(',')) return ',';
  if (line.includes('\t')) return '\t';
  if (line.includes(';')) return ';';
  return ',';
}

function unquote(token: string): string {
  return token.length >= 2 && token.startsWith('"') && token.endsWith('"') ? token.slice(1, -1) : token;
}
