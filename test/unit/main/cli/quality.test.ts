/**
 * `latent-lab quality` as a user runs it: a real process on a font run trained by `train`, in a
 * temp LATENT_LAB_HOME (the font's classifier trains in a second).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/latent-lab.js');
let home: string;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LATENT_LAB_HOME: home }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cli-quality-'));
  expect(cli(['train', '--preset', 'font5x7-2d', '--epochs', '2', '--json']).code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('latent-lab quality', () => {
  it('prints one JSON row per run and one for the real data, with a finite FID and a coverage', () => {
    const { code, stdout, stderr } = cli(['quality', '1', '--samples', '64', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((r) => [r.runId, r.kind, r.source])).toEqual([
      [1, 'dense', 'fitted-gaussian'],
      [null, 'real', 'real-test'],
    ]);
    expect(rows[0]).toMatchObject({ datasetId: 'font5x7', samples: 64, expectedClasses: 32 });
    // One sample per class: nothing can be held out, so the classifier is tested on the 32 patterns themselves.
    expect(rows[1]).toMatchObject({ name: 'training samples (font5x7)', samples: 32 });
    expect(rows[1]!.classifierAccuracy).toBeGreaterThan(0.9);
    expect(Number.isFinite(rows[0]!.fid)).toBe(true);
    expect(rows[0]!.coverage).toBeGreaterThanOrEqual(0);
    expect(rows[0]!.coverage).toBeLessThanOrEqual(1);
    expect(fs.existsSync(path.join(home, 'classifiers', 'font5x7', 'classifier.json'))).toBe(true);
  });

  it('prints a table with the run, its kind, source, FID and coverage, and the classifier used', () => {
    const { code, stdout } = cli(['quality', '1', '--samples', '64']);
    expect(code).toBe(0);
    const [header, , runLine, realLine] = stdout.split('\n');
    expect(header).toMatch(/^run\s+kind\s+source\s+FID\s+coverage\s+classes/);
    // A preset run with other epochs is named after what differs from the preset.
    expect(runLine).toMatch(/^#1 font5x7-2d · epochs \d+\s+dense\s+fitted-gaussian\s+\S+\s+\d+%\s+\d+\/32/);
    expect(realLine).toMatch(/^training samples \(font5x7\)\s+real\s+real-test/);
    expect(stdout).toMatch(/classifier font5x7: test accuracy [\d.]+% on \d+ samples \(cached\)/);
  });

  it('names a run without a checkpoint and a missing RUN', () => {
    const missing = cli(['quality', '99']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^latent-lab: .*99/);
    const usage = cli(['quality']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('quality needs at least one RUN');
  });
});
