/**
 * kill -9 in the middle of an import (a real CLI process): the half-written folder is never listed
 * as a dataset, the next start removes it, and the name can be imported again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab } from '../../../../src/main/services/lab.js';
import { idxBytes } from '../../../fixtures/generate.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-import-kill-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('an import killed with SIGKILL', () => {
  it('leaves nothing listed, and the next start removes its temp folder', async () => {
    const home = path.join(root, 'home');
    const images = path.join(root, 'big-idx3-ubyte');
    const n = 120_000;
    fs.writeFileSync(images, idxBytes([n, 28, 28], new Uint8Array(n * 784).fill(7)));
    const imported = path.join(home, 'datasets', 'imported');
    const child = spawn(process.execPath, ['bin/latent-lab.js', 'import-dataset', 'idx', images, '--name', 'big', '--home', home], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let temp: string | undefined;
    const deadline = Date.now() + 50_000;
    while (!temp && Date.now() < deadline) {
      temp = fs.existsSync(imported) ? fs.readdirSync(imported).find((name) => name.includes('.tmp-')) : undefined;
      if (!temp) await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;
    expect(temp).toMatch(new RegExp(`^\\.big\\.tmp-${child.pid}-[0-9a-f]{8}$`));
    expect(fs.readdirSync(imported)).toEqual([temp]);

    const lab = await createLab({ home, mode: 'cli' });
    try {
      expect(fs.readdirSync(imported)).toEqual([]);
      expect((await lab.datasets.list()).map((d) => d.id)).not.toContain('big');
      const small = path.join(root, 'small-idx3-ubyte');
      fs.writeFileSync(small, idxBytes([4, 28, 28], new Uint8Array(4 * 784)));
      expect(await lab.datasets.import('idx', [small], 'big')).toMatchObject({ id: 'big', available: true, trainCount: 4 });
    } finally {
      await lab.dispose();
    }
  });
});
