// A/B timing of the `latent-lab` launcher (issue 10, cli-bundle). Run from the repository root:
//   node docs/evidence/issue10/cli-bundle-ab.mjs BEFORE_BIN AFTER_BIN [repeats]
// Alternates BEFORE/AFTER; per run prints wall/user/sys (GNU time) of `--version` and of
// `train --preset mnist-dense-128-relu --epochs 1 --json` in a fresh LATENT_LAB_HOME, plus the wall
// time from spawn to the first `epoch` line, its elapsedMs and the completed event's durationMs.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

const [before, after, repeats = '5'] = process.argv.slice(2);

function timed(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let firstEpochAt = null;
    child.stdout.on('data', (d) => {
      out += d;
      if (firstEpochAt === null && out.includes('"event":"epoch"')) firstEpochAt = performance.now() - started;
    });
    child.stderr.on('data', (d) => void (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const time = err.split('\n').find((l) => l.startsWith('TIME '));
      if (code !== 0 || !time) return reject(new Error(`exit ${code}: ${err.slice(-400)}`));
      const [wall, user, sys] = time.slice(5).split(' ').map(Number);
      const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      const epoch = events.find((e) => e.event === 'epoch');
      const done = events.find((e) => e.event === 'completed');
      resolve({ wall, cpu: +(user + sys).toFixed(2), firstEpochWall: firstEpochAt && +(firstEpochAt / 1000).toFixed(2), epochElapsedMs: epoch?.elapsedMs, durationMs: done?.durationMs, firstLine: out.split('\n')[0] });
    });
  });
}

const load = () => readFileSync('/proc/loadavg', 'utf8').trim();
for (let i = 0; i < Number(repeats); i++) {
  for (const [label, bin] of [['before', before], ['after', after]]) {
    const v = await timed([bin, '--version'], process.env);
    console.log(`${label} --version  wall ${v.wall}s cpu ${v.cpu}s  (${v.firstLine})  load ${load()}`);
  }
}
for (let i = 0; i < Number(repeats); i++) {
  for (const [label, bin] of [['before', before], ['after', after]]) {
    const home = mkdtempSync(join(os.tmpdir(), 'll-ab-'));
    try {
      const t = await timed([bin, 'train', '--preset', 'mnist-dense-128-relu', '--epochs', '1', '--json'], { ...process.env, LATENT_LAB_HOME: home });
      console.log(`${label} train  wall ${t.wall}s cpu ${t.cpu}s  first-epoch-line ${t.firstEpochWall}s  epoch.elapsedMs ${t.epochElapsedMs}  completed.durationMs ${t.durationMs}  load ${load()}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
}
