import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCifarBatch, readCifarBatches } from '../../../../../src/main/datasets/parsers/cifar10.js';
import { readIdxImages, readIdxLabels, readIdxPair } from '../../../../../src/main/datasets/parsers/idx.js';
import { DatasetError } from '../../../../../src/main/datasets/types.js';
import { CIFAR_FIXTURE, type FixtureDirs, IDX_FIXTURE, writeFixtures } from '../../../../fixtures/generate.js';

let root: string;
let fx: FixtureDirs;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latent-lab-binary-'));
  fx = await writeFixtures(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Expect a DatasetError whose one-line message names the file and matches `problem`. */
async function expectDatasetError(promise: Promise<unknown>, file: string, problem: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatasetError);
  const message = (error as DatasetError).message;
  expect(message).toContain(file);
  expect(message).toMatch(problem);
  expect(message).not.toContain('\n');
}

describe('IDX parser', () => {
  it('reads raw and gzip images identically, normalised to [0,1] with a channel axis', async () => {
    const raw = await readIdxImages(join(fx.idx, 'train-images-idx3-ubyte'));
    const gz = await readIdxImages(join(fx.idx, 'train-images-idx3-ubyte.gz'));
    expect(raw.n).toBe(IDX_FIXTURE.train);
    expect(raw.sampleShape).toEqual([IDX_FIXTURE.rows, IDX_FIXTURE.cols, 1]);
    expect(gz.x).toEqual(raw.x);
    // pixel p of sample i is (37 i + 11 p) mod 256
    expect(raw.x[30 + 2]).toBeCloseTo((37 + 22) / 255, 6);
    expect(Math.max(...raw.x)).toBeLessThanOrEqual(1);
  });

  it('pairs images with labels and checks the label range', async () => {
    const pair = await readIdxPair(join(fx.idx, 't10k-images-idx3-ubyte.gz'), join(fx.idx, 't10k-labels-idx1-ubyte.gz'), { classCount: 10 });
    expect(Array.from(pair.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await expectDatasetError(readIdxLabels(join(fx.corrupt, 'bad-label-idx1-ubyte'), { classCount: 10 }), 'bad-label-idx1-ubyte', /label 12 at index 1 is out of range 0\.\.9/);
  });

  it('rejects a count mismatch between image and label files', async () => {
    await expectDatasetError(
      readIdxPair(join(fx.idx, 'train-images-idx3-ubyte'), join(fx.idx, 't10k-labels-idx1-ubyte')),
      't10k-labels-idx1-ubyte', /has 10 labels but .* has 20 images/,
    );
  });

  it.each([
    ['bad-magic-idx3-ubyte', /bad IDX magic number 12 34/],
    ['truncated-idx3-ubyte', /truncated: header declares 20x6x5 \(600 bytes of data\), file has 593/],
    ['truncated-idx3-ubyte.gz', /truncated/],
    ['trailing-idx3-ubyte', /size mismatch: .* \(3 extra\)/],
    ['oversize-idx3-ubyte', /over the \d+-byte limit/],
    ['bad-dtype-idx3-ubyte', /unknown IDX data type 0x42/],
    ['float-idx3-ubyte', /must be unsigned bytes \(0x08\), got float/],
    ['notgzip.gz', /corrupt gzip data/],
  ])('rejects %s with a message naming the file', async (name, problem) => {
    await expectDatasetError(readIdxImages(join(fx.corrupt, name)), name, problem);
  });

  it('stops gunzip at the output cap', async () => {
    await expectDatasetError(readIdxImages(join(fx.idx, 'train-images-idx3-ubyte.gz'), { maxBytes: 100 }), 'train-images-idx3-ubyte.gz', /limit/);
  });

  it('rejects an image file given as labels', async () => {
    await expectDatasetError(readIdxLabels(join(fx.idx, 'train-images-idx3-ubyte')), 'train-images-idx3-ubyte', /expected a label file with 1 dimension/);
  });
});

describe('CIFAR-10 parser', () => {
  it('converts planar RGB records to channels-last [32,32,3] in [0,1]', async () => {
    const batch = await readCifarBatch(join(fx.cifar, 'data_batch_1.bin'));
    expect(batch.n).toBe(CIFAR_FIXTURE.perBatch);
    expect(Array.from(batch.labels)).toEqual([0, 1, 2]);
    expect(batch.x.length).toBe(3 * 3072);
    // record 1: R plane = 10, G = 100, B = 200 → interleaved per pixel
    const pixel = 3072 + 3 * 500;
    expect([batch.x[pixel], batch.x[pixel + 1], batch.x[pixel + 2]].map((v) => Math.round((v as number) * 255))).toEqual([10, 100, 200]);
  });

  it('concatenates batches', async () => {
    const all = await readCifarBatches([1, 2].map((i) => join(fx.cifar, `data_batch_${i}.bin`)));
    expect(all.n).toBe(2 * CIFAR_FIXTURE.perBatch);
  });

  it('rejects a size that is not a multiple of 3073 and a label above 9', async () => {
    await expectDatasetError(readCifarBatch(join(fx.corrupt, 'truncated_batch.bin')), 'truncated_batch.bin', /not a multiple of the 3073-byte/);
    await expectDatasetError(readCifarBatch(join(fx.corrupt, 'bad_label_batch.bin')), 'bad_label_batch.bin', /record 1 has label 11, expected 0\.\.9/);
  });
});
