import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../../src/main/datasets/parsers/csv.js';
import { DatasetError } from '../../../../../src/main/datasets/types.js';

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as Error).message;
  }
  throw new Error('expected a DatasetError');
}

describe('CSV records (csv-parse)', () => {
  it('keeps a delimiter inside a quoted label: "T-shirt, top" is one class', () => {
    const table = parseCsv('a,b,label\n1,2,"T-shirt, top"\n3,4,Trouser\n', 'x.csv');
    expect(table.width).toBe(2);
    expect(table.labels).toEqual(['T-shirt, top', 'Trouser']);
    expect(Array.from(table.values)).toEqual([1, 2, 3, 4]);
  });

  it('reads doubled quotes as one quote character', () => {
    const table = parseCsv('a,label\n1,"the ""best"" shirt"\n2,plain\n', 'x.csv');
    expect(table.labels).toEqual(['the "best" shirt', 'plain']);
  });

  it('reads quoted header names holding the delimiter', () => {
    const table = parseCsv('"width, cm","height, cm",label\n1,2,a\n', 'x.csv');
    expect(table.columnNames).toEqual(['width, cm', 'height, cm']);
  });

  it('detects ";" and reads decimal commas: 1,5;2,5', () => {
    const table = parseCsv('1,5;2,5\n-0,25;3\n', 'x.csv');
    expect([table.n, table.width]).toEqual([2, 2]);
    expect(Array.from(table.values)).toEqual([1.5, 2.5, -0.25, 3]);
  });

  it('detects a tab delimiter with decimal commas', () => {
    const table = parseCsv('x\ty\tlabel\n1,5\t2\tcat\n', 'x.tsv');
    expect(Array.from(table.values)).toEqual([1.5, 2]);
    expect(table.labels).toEqual(['cat']);
  });

  it('honours an explicit delimiter over detection', () => {
    // Detection would pick ";" from the first line; the user says the file is comma-separated.
    const table = parseCsv('"a;1",b\n1,2\n', 'x.csv', { delimiter: ',' });
    expect(table.columnNames).toEqual(['a;1', 'b']);
    expect(Array.from(table.values)).toEqual([1, 2]);
  });

  it('reads quoted decimal commas in a comma-separated file when decimal "," is asked', () => {
    const table = parseCsv('"1,5","2,25"\n"3","4,0"\n', 'x.csv', { decimal: ',' });
    expect(Array.from(table.values)).toEqual([1.5, 2.25, 3, 4]);
  });

  it('rejects a decimal point when decimal "," is asked (it may be a thousands separator)', () => {
    expect(errorOf(() => parseCsv('a;b\n1,5;1.000\n', 'x.csv', { decimal: ',' }))).toBe('x.csv: line 2: column "b" value "1.000" is not a number');
  });

  it('does not take a comma for a decimal in a comma-separated file', () => {
    expect(parseCsv('1,5\n2,5\n', 'x.csv').width).toBe(2);
  });

  it('names the line where a record with a quoted line break starts', () => {
    const text = 'a,label\n1,"two\nlines"\n\nx,ok\n';
    expect(errorOf(() => parseCsv(text, 'x.csv'))).toBe('x.csv: line 5: column "a" value "x" is not a number');
  });

  it('reports an unclosed quote with its line, in one line', () => {
    const message = errorOf(() => parseCsv('a,b\n1,2\n"3,4\n', 'bad.csv'));
    expect(message).toMatch(/^bad\.csv: line \d+: .*quote/i);
    expect(message).not.toContain('\n');
  });

  it('reports a short row with its line', () => {
    expect(errorOf(() => parseCsv('a;b\n1;2\n3\n', 'x.csv'))).toBe('x.csv: line 3: 1 fields, expected 2');
  });
});
