/**
 * Helpers shared by the text formats (UCR, CSV): reading text with a cap, label mapping and
 * min-max normalisation fitted on the training split.
 */
import { readFile } from 'node:fs/promises';
import { DatasetError } from '../types.js';
import { fileSize } from './bytes.js';

/** Cap on a text file: a numeric table this large would not fit the engine anyway. */
export const DEFAULT_MAX_TEXT_BYTES = 1024 * 1024 * 1024;

/** A numeric table parsed from text: n rows of `width` values plus an optional raw label per row. */
export interface NumericTable {
  file: string;
  n: number;
  width: number;
  values: Float64Array;
  /** Raw label token of each row, or null when the table has no label column. */
  labels: string[] | null;
}

/** Read a UTF-8 text file after checking its size. */
export async function readText(file: string, maxBytes = DEFAULT_MAX_TEXT_BYTES): Promise<string> {
  const size = await fileSize(file);
  if (size > maxBytes) throw new DatasetError(file, `file is ${size} bytes, over the ${maxBytes}-byte limit`);
  if (size === 0) throw new DatasetError(file, 'empty file');
  return readFile(file, 'utf8');
}

/** Parse a numeric token; throws naming the file, line and token when it is not a finite number. */
export function parseNumber(token: string, file: string, line: number, what: string): number {
  const value = token === '' ? NaN : Number(token);
  if (!Number.isFinite(value)) throw new DatasetError(file, `line ${line}: ${what} "${token}" is not a number`);
  return value;
}

/**
 * Map raw label tokens of all splits to 0..k-1. Numeric labels sort numerically (UCR's 1..5 → 0..4,
 * 0..9 stays 0..9), other labels alphabetically; the class names are the tokens in that order.
 */
export function mapLabels(tables: NumericTable[]): { classNames: string[]; labels: Int32Array[] } {
  const distinct = new Set<string>();
  for (const table of tables) for (const token of table.labels ?? []) distinct.add(canonicalLabel(token));
  const tokens = [...distinct];
  const numeric = tokens.every((t) => Number.isFinite(Number(t)));
  tokens.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const index = new Map(tokens.map((t, i) => [t, i]));
  return {
    classNames: tokens,
    labels: tables.map((table) => Int32Array.from(table.labels ?? [], (t) => index.get(canonicalLabel(t)) as number)),
  };
}

/** "1.0000000e+00" and "1" are the same class (the UCR archive writes labels as floats). */
function canonicalLabel(token: string): string {
  const value = Number(token);
  return token !== '' && Number.isFinite(value) ? String(value) : token;
}

/** Min and max per column (`perColumn`) or over the whole table, from the training split only. */
export interface MinMax {
  min: Float64Array;
  max: Float64Array;
}

export function fitMinMax(table: NumericTable, perColumn: boolean): MinMax {
  const count = perColumn ? table.width : 1;
  const min = new Float64Array(count).fill(Infinity);
  const max = new Float64Array(count).fill(-Infinity);
  const { values, width } = table;
  for (let i = 0; i < values.length; i++) {
    const c = perColumn ? i % width : 0;
    const v = values[i] as number;
    if (v < (min[c] as number)) min[c] = v;
    if (v > (max[c] as number)) max[c] = v;
  }
  return { min, max };
}

/**
 * Scale to [0, 1] with a fitted min-max. Values of another split outside the training range are
 * clamped, because the engine relies on [0, 1] (sigmoid outputs, BCE). A constant column maps to 0.
 */
export function applyMinMax(table: NumericTable, fit: MinMax): Float32Array {
  const out = new Float32Array(table.values.length);
  const global = fit.min.length === 1;
  for (let i = 0; i < out.length; i++) {
    const c = global ? 0 : i % table.width;
    const lo = fit.min[c] as number;
    const range = (fit.max[c] as number) - lo;
    const scaled = range > 0 ? ((table.values[i] as number) - lo) / range : 0;
    out[i] = scaled < 0 ? 0 : scaled > 1 ? 1 : scaled;
  }
  return out;
}
