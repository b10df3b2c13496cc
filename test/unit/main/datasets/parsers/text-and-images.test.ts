import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTarGz, extractZip } from '../../../../../src/main/datasets/archive.js';
import { csvSplits, parseCsv, readCsv } from '../../../../../src/main/datasets/parsers/csv.js';
import { readImageFolder } from '../../../../../src/main/datasets/parsers/images.js';
import { readUcr, ucrSplits } from '../../../../../src/main/datasets/parsers/ucr.js';
import { DatasetError } from '../../../../../src/main/datasets/types.js';
import { type FixtureDirs, UCR_FIXTURE, writeFixtures } from '../../../../fixtures/generate.js';

let root: string;
let fx: FixtureDirs;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latent-lab-text-'));
  fx = await writeFixtures(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function errorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatasetError);
  const message = (error as DatasetError).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('UCR parser', () => {
  it('reads float-written labels, maps 1..5 to 0..4 and scales with the training min-max', async () => {
    const train = await readUcr(join(fx.ucr, 'ECG5000_TRAIN.txt'));
    const test = await readUcr(join(fx.ucr, 'ECG5000_TEST.txt'));
    expect([train.n, train.width]).toEqual([UCR_FIXTURE.train, UCR_FIXTURE.length]);
    const splits = ucrSplits(train, test);
    expect(splits.labelValues).toEqual(['1', '2', '3', '4', '5']);
    expect(Array.from(splits.train.labels ?? []).slice(0, 6)).toEqual([0, 1, 2, 3, 4, 0]);
    expect(Math.min(...splits.train.x)).toBe(0);
    expect(Math.max(...splits.train.x)).toBe(1);
    // the test set is offset by +0.5, so it is clamped to the training range rather than rescaled
    expect(Math.max(...(splits.test?.x ?? []))).toBe(1);
    expect(Math.min(...(splits.test?.x ?? []))).toBeGreaterThan(0);
  });

  it('accepts comma-separated rows', async () => {
    const table = await readUcr(join(fx.ucr, 'comma_TRAIN.txt'));
    expect([table.n, table.width]).toEqual([2, 3]);
  });

  it.each([
    ['ragged_TRAIN.txt', /line 2: 2 values, but the first series has 3/],
    ['badvalue_TRAIN.txt', /line 2: value 2 "abc" is not a number/],
    ['badlabel_TRAIN.txt', /line 1: label "1\.5" is not an integer/],
  ])('rejects %s naming file and line', async (name, problem) => {
    const message = await errorOf(readUcr(join(fx.corrupt, name)));
    expect(message).toContain(name);
    expect(message).toMatch(problem);
  });
});

describe('CSV parser', () => {
  it('finds the header and the label column, scales each column on the training split', async () => {
    const train = await readCsv(join(fx.csv, 'train.csv'));
    expect(train.columnNames).toEqual(['a', 'b']);
    const splits = csvSplits(train, await readCsv(join(fx.csv, 'test.csv')));
    expect(splits.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(splits.train.x)).toEqual([0, 0, 0.5, 0.5, 1, 1]);
    expect(Array.from(splits.test?.x ?? [])).toEqual([0.25, 1]); // b = 40 > training max, clamped
    expect(Array.from(splits.test?.labels ?? [])).toEqual([1]);
  });

  it('uses the last column as label only when asked', () => {
    const text = '1,2,0\n3,4,1\n';
    expect(parseCsv(text, 'x.csv').width).toBe(3);
    const labelled = parseCsv(text, 'x.csv', { labelColumn: 'last' });
    expect([labelled.width, labelled.labels]).toEqual([2, ['0', '1']]);
  });

  it('reports the line of a bad value and of a short row', async () => {
    expect(await errorOf(readCsv(join(fx.corrupt, 'badvalue.csv')))).toMatch(/badvalue\.csv: line 3: column "b" value "x" is not a number/);
    expect(await errorOf(readCsv(join(fx.corrupt, 'ragged.csv')))).toMatch(/ragged\.csv: line 3: 1 fields, expected 2/);
  });
});

describe('image folders', () => {
  it('decodes one sub-folder per class, resizing to the requested size and colour', async () => {
    const folder = await readImageFolder(join(fx.images, 'classes'), { width: 4, height: 3, channels: 3 });
    expect(folder.classNames).toEqual(['blue', 'red']);
    expect(folder.n).toBe(3);
    expect(folder.sampleShape).toEqual([3, 4, 3]);
    expect(Array.from(folder.labels ?? [])).toEqual([0, 1, 1]);
    expect(Array.from(folder.x.subarray(0, 3))).toEqual([0, 0, 1]); // blue
    expect(folder.ignored).toEqual(['notes.txt']);
  });

  it('reads a flat folder as unlabelled grayscale', async () => {
    const folder = await readImageFolder(join(fx.images, 'flat'), { width: 2, height: 2, channels: 1 });
    expect(folder.labels).toBeNull();
    expect(Array.from(folder.x)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('names every unreadable image instead of skipping it', async () => {
    const message = await errorOf(readImageFolder(join(fx.corrupt, 'images'), { width: 2, height: 2, channels: 1 }));
    expect(message).toMatch(/1 unreadable image file\(s\): .*broken\.png/);
  });
});

describe('archives', () => {
  it('extracts selected tar.gz and zip entries and rejects a truncated tarball', async () => {
    const out = await mkdtemp(join(root, 'extract-'));
    const tarNames = await extractTarGz(join(fx.cifar, 'cifar-10-binary.tar.gz'), (name) => (name.endsWith('test_batch.bin') ? join(out, 'test_batch.bin') : null));
    expect(tarNames).toEqual(['cifar-10-batches-bin/test_batch.bin']);
    const zipNames = await extractZip(join(fx.ucr, 'ECG5000.zip'), (name) => join(out, name));
    expect(zipNames).toEqual(['ECG5000_TRAIN.txt', 'ECG5000_TEST.txt']);
    expect((await readUcr(join(out, 'ECG5000_TRAIN.txt'))).n).toBe(UCR_FIXTURE.train);
    const message = await errorOf(extractTarGz(join(fx.corrupt, 'truncated.tar.gz'), () => join(out, 'junk')));
    expect(message).toMatch(/truncated\.tar\.gz: (truncated tar archive|corrupt archive)/);
  });
});
