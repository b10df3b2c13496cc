import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src/shared/config.js';
import { Store } from '../../../../src/main/store/index.js';
import { currentIdentity, identityOf, isIdentityAlive, processState } from '../../../../src/main/store/process-identity.js';

const config = parseRunConfig({
  dataset: { id: 'font5x7', valFraction: 0 },
  model: { kind: 'dense', encoder: [16, 2] },
  training: { epochs: 5, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.01 } },
});

let dir: string;
let store: Store;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-owner-'));
  store = new Store(dir);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runOwnedBy(owner: string): number {
  const exp = store.experiments.list()[0] ?? store.experiments.create('Tab');
  const run = store.runs.create({ experimentId: exp.id, name: owner, presetId: null, config });
  store.runs.markRunning(run.id, owner);
  return run.id;
}

describe('run ownership by process identity', () => {
  it('identifies this process by pid and start time, and a later process with the same pid is not it', () => {
    const own = currentIdentity();
    expect(own).toMatch(new RegExp(`^${process.pid}(@.+)?$`));
    expect(isIdentityAlive(own)).toBe(true);
    if (process.platform === 'win32') return;
    expect(own).toContain('@');
    // Same pid, another start time: what a reused pid looks like.
    const reused = `${process.pid}@${own.slice(own.indexOf('@') + 1)}0`;
    expect(isIdentityAlive(reused)).toBe(false);
    const stolen = runOwnedBy(reused);
    const live = runOwnedBy(own);
    expect(store.runs.recoverOrphans()).toEqual([stolen]);
    expect(store.runs.summary(stolen).status).toBe('interrupted');
    expect(store.runs.summary(live).status).toBe('running');
  });

  it('a run owned by a process that exited becomes interrupted', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const gone = runOwnedBy(`${child.stdout}@${'1'}`);
    const pidOnly = runOwnedBy(child.stdout);
    expect(store.runs.recoverOrphans().sort()).toEqual([gone, pidOnly].sort());
  });

  it.runIf(process.platform === 'linux')('a zombie (exited, not yet reaped) does not keep its run alive', async () => {
    // bash forks `sleep 0`, then becomes `sleep 5`, which never reaps it: the child stays a zombie.
    const parent = spawn('bash', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombiePid = Number((await new Promise<Buffer>((resolve) => parent.stdout.once('data', resolve))).toString().trim());
      const deadline = Date.now() + 5000;
      while (!processState(zombiePid)?.zombie && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(processState(zombiePid)?.zombie).toBe(true);
      // kill(pid, 0) still succeeds on a zombie: the old check kept such runs `running` forever.
      expect(() => process.kill(zombiePid, 0)).not.toThrow();
      const run = runOwnedBy(identityOf(zombiePid));
      const pidOnly = runOwnedBy(String(zombiePid));
      expect(store.runs.recoverOrphans().sort()).toEqual([run, pidOnly].sort());
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('queued runs of a live process are left to it; those of a dead one are interrupted', () => {
    const exp = store.experiments.create('Tab');
    const mine = store.runs.create({ experimentId: exp.id, name: 'queued here', presetId: null, config });
    // A second store on the same folder, as another process opening it while this one has a run queued.
    const other = new Store(dir);
    try {
      expect(other.runs.recoverOrphans()).toEqual([]);
      expect(other.runs.summary(mine.id).status).toBe('queued');
      expect(other.runs.recoverOrphans(() => false)).toEqual([mine.id]);
    } finally {
      other.close();
    }
  });
});
