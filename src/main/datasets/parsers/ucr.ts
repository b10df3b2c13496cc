/**
 * UCR time-series archive text format (ECG5000_TRAIN.txt, …): one series per line, the class label
 * first, then the values, separated by whitespace or commas. Every row must have the same length.
 */
import { DatasetError } from '../types.js';
import { type NumericTable, applyMinMax, fitMinMax, mapLabels, parseNumber, readText } from './tabular.js';
import type { Split } from '../types.js';

const SEPARATORS = /[\s,]+/;

/** Parse UCR text; `file` names the source in errors (with the 1-based line number). */
export function parseUcr(text: string, file: string): NumericTable {
  const lines = text.split(/\r?\n/);
  // Pass 1: count rows and check every row's length before allocating the table.
  let n = 0;
  let columns = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const count = line.split(SEPARATORS).length;
    if (count < 2) throw new DatasetError(file, `line ${i + 1}: expected a label and at least one value, got ${count} field`);
    if (columns === -1) columns = count;
    else if (count !== columns) {
      throw new DatasetError(file, `line ${i + 1}: ${count - 1} values, but the first series has ${columns - 1}`);
    }
    n++;
  }
  if (n === 0) throw new DatasetError(file, 'no data rows');
  const width = columns - 1;
  const values = new Float64Array(n * width);
  const labels: string[] = new Array<string>(n);
  let row = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const tokens = line.split(SEPARATORS);
    const label = parseNumber(tokens[0] as string, file, i + 1, 'label');
    if (!Number.isInteger(label)) throw new DatasetError(file, `line ${i + 1}: label "${tokens[0]}" is not an integer`);
    labels[row] = String(label);
    for (let j = 1; j < tokens.length; j++) {
      values[row * width + j - 1] = parseNumber(tokens[j] as string, file, i + 1, `value ${j}`);
    }
    row++;
  }
  return { file, n, width, values, labels };
}

/** Read and parse a UCR text file. */
export async function readUcr(file: string): Promise<NumericTable> {
  return parseUcr(await readText(file), file);
}

/** A UCR train (and optional test) pair as [0, 1] splits. */
export interface UcrSplits {
  sampleShape: number[];
  /** The original label values in class order, e.g. ["1", "2", "3", "4", "5"]. */
  labelValues: string[];
  train: Split;
  test: Split | null;
}

/**
 * Combine the splits: labels mapped to 0..k-1 over both, values scaled with one global min-max
 * fitted on the training split (global, not per time step, so the shape of each series is kept).
 */
export function ucrSplits(train: NumericTable, test: NumericTable | null): UcrSplits {
  if (test && test.width !== train.width) {
    throw new DatasetError(test.file, `series have ${test.width} values, but ${train.file} has ${train.width}`);
  }
  const { classNames, labels } = mapLabels(test ? [train, test] : [train]);
  const fit = fitMinMax(train, false);
  return {
    sampleShape: [train.width],
    labelValues: classNames,
    train: { x: applyMinMax(train, fit), labels: labels[0] as Int32Array, n: train.n },
    test: test ? { x: applyMinMax(test, fit), labels: labels[1] as Int32Array, n: test.n } : null,
  };
}
