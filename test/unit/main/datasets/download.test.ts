import { createHash } from 'node:crypto';
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from '../../../../src/main/datasets/download.js';
import { DatasetRegistry } from '../../../../src/main/datasets/registry.js';
import type { DownloadProgress } from '../../../../src/shared/datasets.js';
import { type FixtureDirs, writeFixtures } from '../../../fixtures/generate.js';

let root: string;
let fx: FixtureDirs;
let server: Server;
let base: string;

/** A real HTTP server on 127.0.0.1 serving the fixture folder (with Content-Length). */
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'latent-lab-download-'));
  fx = await writeFixtures(join(root, 'fixtures'));
  server = createServer((req, res) => {
    const path = join(root, 'fixtures', decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    readFile(path).then(
      (data) => res.writeHead(200, { 'content-length': data.length }).end(data),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(root, { recursive: true, force: true });
});

const md5 = async (file: string) => createHash('md5').update(await readFile(file)).digest('hex');

describe('downloadFile', () => {
  it('downloads with progress, verifies the MD5 and renames into place', async () => {
    const out = await mkdtemp(join(root, 'dl-'));
    const source = join(fx.idx, 'train-images-idx3-ubyte.gz');
    const progress: number[] = [];
    await downloadFile({ url: `${base}/idx/train-images-idx3-ubyte.gz`, name: 'a.gz', md5: await md5(source) }, join(out, 'a.gz'), {
      onProgress: (received) => progress.push(received),
    });
    expect(await readFile(join(out, 'a.gz'))).toEqual(await readFile(source));
    expect(progress.at(-1)).toBe((await readFile(source)).length);
  });

  it('deletes the temp file and names the URL on a checksum mismatch or HTTP error', async () => {
    const out = await mkdtemp(join(root, 'dl-'));
    const url = `${base}/idx/train-labels-idx1-ubyte.gz`;
    await expect(downloadFile({ url, name: 'b.gz', md5: '0'.repeat(32) }, join(out, 'b.gz'))).rejects.toThrow(/idx1-ubyte\.gz: md5 checksum mismatch for b\.gz: expected 0{32}, got [0-9a-f]{32}/);
    await expect(downloadFile({ url: `${base}/missing`, name: 'c' }, join(out, 'c'))).rejects.toThrow(/missing: download failed: HTTP 404/);
    expect(await readdir(out)).toEqual([]);
  });
});

describe('DatasetRegistry.download', () => {
  it('downloads Fashion-MNIST files into the cache with progress events', async () => {
    const names = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
    const remoteFiles = await Promise.all(names.map(async (name) => ({ name, url: `${base}/idx/${name}`, md5: await md5(join(fx.idx, name)) })));
    const dataDir = join(root, 'home-ok');
    const registry = new DatasetRegistry({ dataDir, resourcesDir: resolve('resources'), systemDatasetsDir: join(root, 'none'), remoteFiles: { 'fashion-mnist': remoteFiles } });
    const events: DownloadProgress[] = [];
    const info = await registry.download('fashion-mnist', (p) => events.push(p));
    expect(info).toMatchObject({ available: true, source: 'cache', location: join(dataDir, 'datasets', 'fashion-mnist') });
    expect(new Set(events.map((e) => e.file))).toEqual(new Set(names));
    expect(events.every((e) => e.datasetId === 'fashion-mnist')).toBe(true);
    expect((await registry.load('fashion-mnist')).train.n).toBe(20);
  });

  it('leaves no cache and no staging folder when one checksum fails', async () => {
    const dataDir = join(root, 'home-bad');
    const registry = new DatasetRegistry({
      dataDir, resourcesDir: resolve('resources'), systemDatasetsDir: join(root, 'none'),
      remoteFiles: { 'fashion-mnist': [{ name: 'train-images-idx3-ubyte.gz', url: `${base}/idx/train-images-idx3-ubyte.gz`, md5: 'f'.repeat(32) }] },
    });
    await expect(registry.download('fashion-mnist')).rejects.toThrow(/checksum mismatch/);
    expect(await readdir(join(dataDir, 'datasets'))).toEqual([]);
    expect((await registry.info('fashion-mnist')).available).toBe(false);
  });

  it('downloads and unpacks archives validated by parsing (ECG5000 zip, CIFAR-10 tarball)', async () => {
    const registry = new DatasetRegistry({
      dataDir: join(root, 'home-archives'), resourcesDir: resolve('resources'),
      remoteFiles: {
        ecg5000: [{ name: 'ECG5000.zip', url: `${base}/ucr/ECG5000.zip` }],
        cifar10: [{ name: 'cifar-10-binary.tar.gz', url: `${base}/cifar/cifar-10-binary.tar.gz`, md5: await md5(join(fx.cifar, 'cifar-10-binary.tar.gz')) }],
      },
    });
    expect((await registry.download('ecg5000')).available).toBe(true);
    expect((await registry.load('ecg5000')).test?.n).toBe(15);
    expect((await registry.download('cifar10')).available).toBe(true);
    expect((await registry.load('cifar10')).test?.n).toBe(3);
  });
});
