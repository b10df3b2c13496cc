import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPidAlive } from '../../../../src/main/store/process-identity.js';
import { removeStaleTempsUnder, tempOwner, tempPathFor } from '../../../../src/main/store/temp-names.js';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-temps-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('temp names', () => {
  it('are hidden, carry our pid, and are never valid dataset names', () => {
    const temp = path.basename(tempPathFor(path.join(home, 'datasets', 'imported', 'digits')));
    expect(temp).toMatch(new RegExp(`^\\.digits\\.tmp-${process.pid}-[0-9a-f]{8}$`));
    expect(tempOwner(temp)).toBe(process.pid);
    expect(tempOwner('digits')).toBeUndefined();
    expect(tempOwner('.reconstructions.json.123.1700000000000.tmp')).toBe(123);
  });

  it('at start, temps of dead writers go, those of live writers and finished files stay', async () => {
    const dead = deadPid();
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      const make = (rel: string, file = false): string => {
        const full = path.join(home, rel);
        fs.mkdirSync(file ? path.dirname(full) : full, { recursive: true });
        if (file) fs.writeFileSync(full, 'x');
        return full;
      };
      const stale = [
        make(`runs/3/.model.tmp-${dead}-0a1b2c3d`),
        make(`runs/3/.reconstructions.json.tmp-${dead}-0a1b2c3d`, true),
        make(`runs/3/.samples.json.${dead}.1700000000000.tmp`, true),
        make(`datasets/imported/.digits.tmp-${dead}-0a1b2c3d`),
        make(`datasets/.fashion-mnist.tmp-${dead}-0a1b2c3d-old`),
        make(`classifiers/.mnist.tmp-${dead}-0a1b2c3d`),
      ];
      const oldImport = make('datasets/imported/old.tmp-0a1b2c3d');
      const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      fs.utimesSync(oldImport, hourAgo, hourAgo);
      const kept = [
        make(`runs/3/.model.tmp-${live.pid}-0a1b2c3d`),
        make(`runs/3/.model.tmp-${process.pid}-0a1b2c3d`),
        make('runs/3/model/autoencoder'),
        make('runs/3/model.previous/autoencoder'),
        make('datasets/imported/digits/meta.json', true),
        make('datasets/imported/recent.tmp-0a1b2c3d'), // an older version may be writing it right now
      ];
      const removed = removeStaleTempsUnder(home, isPidAlive);
      expect(removed.sort()).toEqual([...stale, oldImport].sort());
      for (const p of kept) expect(fs.existsSync(p)).toBe(true);
      for (const p of stale) expect(fs.existsSync(p)).toBe(false);
    } finally {
      live.kill('SIGKILL');
    }
  });
});
