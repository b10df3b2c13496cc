/**
 * Numeric CSV: one sample per record, comma-, semicolon- or tab-separated, with an optional header.
 * Records are read by csv-parse (RFC 4180: quoted fields may hold the delimiter, doubled quotes and
 * line breaks). The label is a column named `label` (or the last column when asked); every other
 * value must be a number, written with a decimal point or, where asked or evident, a decimal comma.
 */
import { parse } from 'csv-parse/sync';
import type { CsvDelimiter } from '../../../shared/datasets.js';
import { DatasetError } from '../types.js';
import { type NumericTable, applyMinMax, fitMinMax, mapLabels, readText } from './tabular.js';
import type { Split } from '../types.js';


export interface CsvOptions {
  /** Whether the first record is a header; 'auto' = yes when any first-record field is not a number. */
  header?: boolean | 'auto';
  /** 'auto': a column named "label" if the header has one; 'last': the last column; 'none': unlabelled. */
  labelColumn?: 'auto' | 'last' | 'none';
  /**
   * 'auto' (default): a tab when the first line has one outside quotes, else a semicolon when it has
   * one, else a comma (a file with decimal commas separates its fields with ';' or a tab).
   */
  delimiter?: CsvDelimiter | 'auto';
  /**
   * Decimal separator of the numbers. 'auto' (default): '.', and ',' too when the delimiter is not a
   * comma (`1,5;2,5`). ',' rejects values written with a point, which may be thousands separators.
   */
  decimal?: '.' | ',' | 'auto';
}

/** A parsed CSV table and the names of its feature columns. */
export interface CsvTable extends NumericTable {
  columnNames: string[] | null;
}

interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** Parse CSV text; errors name `file` and the 1-based line number of the bad value. */
export function parseCsv(text: string, file: string, options: CsvOptions = {}): CsvTable {
  const delimiter = options.delimiter && options.delimiter !== 'auto' ? options.delimiter : detectDelimiter(text);
  const decimal = options.decimal ?? 'auto';
  const toNumber = numberReader(decimal === 'auto' ? (delimiter === ',' ? '.' : 'either') : decimal);
  const records = readRecords(text, file, delimiter);
  if (records.length === 0) throw new DatasetError(file, 'no data rows');

  const first = records[0] as CsvRecord;
  const header = options.header ?? 'auto';
  const hasHeader = header === 'auto' ? first.fields.some((t) => !Number.isFinite(toNumber(t))) : header;
  const columns = first.fields.length;

  const labelMode = options.labelColumn ?? 'auto';
  let labelAt = -1;
  if (labelMode === 'last') labelAt = columns - 1;
  else if (labelMode === 'auto' && hasHeader) labelAt = first.fields.findIndex((t) => t.toLowerCase() === 'label');
  const width = labelAt === -1 ? columns : columns - 1;
  if (width < 1) throw new DatasetError(file, 'no feature columns besides the label');

  const rows = hasHeader ? records.slice(1) : records;
  // Every data record must have the header's field count; checked before allocating.
  for (const record of rows) {
    if (record.fields.length !== columns) throw new DatasetError(file, `line ${record.line}: ${record.fields.length} fields, expected ${columns}`);
  }
  const n = rows.length;
  if (n === 0) throw new DatasetError(file, 'no data rows');

  const values = new Float64Array(n * width);
  const labels: string[] | null = labelAt === -1 ? null : new Array<string>(n);
  const names = hasHeader ? first.fields : null;
  for (const [row, record] of rows.entries()) {
    let col = 0;
    for (let j = 0; j < columns; j++) {
      const field = record.fields[j] as string;
      if (j === labelAt) {
        if (field === '') throw new DatasetError(file, `line ${record.line}: empty label`);
        (labels as string[])[row] = field;
        continue;
      }
      const value = toNumber(field);
      if (!Number.isFinite(value)) {
        throw new DatasetError(file, `line ${record.line}: column ${names ? `"${names[j]}"` : j + 1} value "${field}" is not a number`);
      }
      values[row * width + col++] = value;
    }
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

function readRecords(text: string, file: string, delimiter: CsvDelimiter): CsvRecord[] {
  type Parsed = { record: string[]; info: { lines: number }; raw: string };
  let parsed: Parsed[];
  try {
    parsed = parse(text, {
      delimiter,
      bom: true,
      info: true,
      raw: true,
      trim: true,
      skip_empty_lines: true,
      // Short and long rows are reported below with their line, in the words of the other errors.
      relax_column_count: true,
    }) as unknown as Parsed[];
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    const problem = message.replace(/^[\w ]+: /, '').replace(/ at line \d+/, '');
    throw new DatasetError(file, `${lines ? `line ${lines}: ` : ''}${problem}`);
  }
  return parsed
    .filter(({ record }) => !(record.length === 1 && record[0] === ''))
    .map(({ record, info, raw }) => ({ fields: record, line: info.lines - interiorLineBreaks(raw) }));
}

/**
 * info.lines is the line where a record ends; a quoted line break makes a record span lines, so the
 * start is that line less the breaks inside the record (its raw text without leading blank lines and
 * without its own record delimiter).
 */
function interiorLineBreaks(raw: string): number {
  const body = raw.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/\r?\n?$/, '');
  return (body.match(/\n/g) ?? []).length;
}

/** The delimiter of the first non-blank line, looking only outside quoted fields. */
function detectDelimiter(text: string): CsvDelimiter {
  const found = new Set<string>();
  let quoted = false;
  let started = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (started) break;
    } else if (!quoted) {
      if (char.trim() !== '') started = true;
      if (char === ',' || char === ';' || char === '\t') found.add(char);
    }
  }
  if (found.has('\t')) return '\t';
  if (found.has(';')) return ';';
  return ',';
}

/** Parse one field as a number with the given decimal separator ('either' accepts both); NaN when it is not one. */
function numberReader(decimal: '.' | ',' | 'either'): (field: string) => number {
  const plain = (field: string): number => (field === '' ? NaN : Number(field));
  if (decimal === '.') return plain;
  return (field) => {
    if (decimal === ',' && field.includes('.')) return NaN;
    // One comma between digits is a decimal comma: "1,5", "-0,25", "3,0e-2".
    return /^[-+]?\d*,\d+([eE][-+]?\d+)?$/.test(field) ? Number(field.replace(',', '.')) : field.includes(',') ? NaN : plain(field);
  };
}
