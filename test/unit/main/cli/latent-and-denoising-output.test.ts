/**
 * What `train` and `show` print for VAE and denoising runs: a real CLI process on the built-in font,
 * and the text rendering of the sweep.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLatentAndDenoising } from '../../../../src/main/cli/latent-and-denoising-output.js';

const BIN = path.resolve('bin/latent-lab.js');
let home: string;

const cli = (args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LATENT_LAB_HOME: home }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cli-vae-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('CLI output of VAE runs', () => {
  it('train --json ends with the collapse warning and the latent report; show prints the warning', () => {
    const config = {
      dataset: { id: 'font5x7', valFraction: 0 },
      model: { kind: 'vae', encoder: [32], latent: 3, beta: 1000 },
      training: { epochs: 6, batchSize: 4, loss: 'bce', optimizer: { name: 'adam', learningRate: 0.01 } },
    };
    const file = path.join(home, 'collapse.json');
    fs.writeFileSync(file, JSON.stringify(config));
    const { code, stdout, stderr } = cli(['train', '--config', file, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(last.event).toBe('completed');
    expect(last.warnings).toEqual([expect.stringMatching(/^posterior collapse/)]);
    expect(last.latentKl).toMatchObject({ epoch: 6, activeUnits: 0 });
    expect((last.metrics as Record<string, number>).activeUnits).toBe(0);

    const show = cli(['show', String(last.runId)]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/latent: 0\/3 active units at epoch 6/);
    expect(show.stdout).toMatch(/WARNING: posterior collapse/);
  });
});

describe('formatLatentAndDenoising', () => {
  it('prints one row per noise level, with the wrong pixels on binary data', () => {
    const lines = formatLatentAndDenoising({
      warnings: [],
      denoising: {
        corruption: 'bitFlip',
        trainingLevel: 2,
        levels: [
          { level: 0, mse: 0.001, psnr: 40, meanWrongPixels: 0, maxWrongPixels: 0, noisyMse: 0, noisyMeanWrongPixels: 0 },
          { level: 2, mse: 0.01, psnr: 30, meanWrongPixels: 0.25, maxWrongPixels: 2, noisyMse: 0.057, noisyMeanWrongPixels: 2 },
        ],
      },
    });
    expect(lines[0]).toBe('denoising (bitFlip, trained at 2), error against the clean validation samples:');
    const rows = lines[1]!.split('\n');
    expect(rows[0]).toMatch(/level\s+denoised mse\s+psnr\s+wrong px \(mean\)\s+wrong px \(max\)\s+noisy mse\s+noisy wrong px/);
    expect(rows[3]).toMatch(/^2\s+0\.01000\s+30\s+0\.2500\s+2\s+0\.05700\s+2$/);
  });

  it('adds nothing for a plain run', () => {
    expect(formatLatentAndDenoising({ warnings: [] })).toEqual([]);
  });
});
