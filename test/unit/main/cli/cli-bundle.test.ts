/**
 * The bundled CLI (scripts/build-cli.mjs → out/cli): built into a fresh folder inside the repository
 * (resources/ and node_modules are found by walking up, as from out/cli), it answers --version and
 * trains for real, its training worker started from the bundled run-worker.js beside the chunk that
 * starts it (without that file the run fails). Then the launcher bin/latent-lab.js: it runs a bundle
 * only while none of the inputs listed in its build stamp is as new as the stamp, and
 * LATENT_LAB_CLI=source forces tsx.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../../../package.json' with { type: 'json' };

const ROOT = path.resolve('.');
let bundle: string;
let home: string;

function node(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const events = (stdout: string): Record<string, unknown>[] =>
  stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  bundle = fs.mkdtempSync(path.join(ROOT, 'tmp', 'cli-bundle-'));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-cli-bundle-'));
  const build = node(['scripts/build-cli.mjs', '--outdir', bundle]);
  expect(build.stderr).toBe('');
  expect(build.code).toBe(0);
}, 120_000);
afterAll(() => {
  fs.rmSync(bundle, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

describe('bundled CLI', () => {
  it('puts the CLI and every worker entry in one folder, with the build stamp', () => {
    const files = fs.readdirSync(bundle);
    expect(files).toEqual(expect.arrayContaining(['cli.js', 'run-worker.js', 'embed-worker.js', 'build-stamp']));
    // The stamp lists what the bundle was built from, for bin/latent-lab.js to check.
    const { inputs } = JSON.parse(fs.readFileSync(path.join(bundle, 'build-stamp'), 'utf8')) as { inputs: string[] };
    expect(inputs).toEqual(expect.arrayContaining(['package.json', 'src/main/cli/entry.ts', 'src/main/services/run-worker.ts', 'src/main/services/worker-thread.ts']));
    expect(inputs.every((file) => fs.existsSync(path.join(ROOT, file)))).toBe(true);
    // No source path survives: the bundle never asks for a .ts file.
    const code = files.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(bundle, f), 'utf8')).join('\n');
    expect(code).toContain('new URL("./run-worker.js", import.meta.url)');
    expect(code).not.toMatch(/from "tsx|import\("tsx/);
  });

  it('answers --version', () => {
    const { code, stdout } = node([path.join(bundle, 'cli.js'), '--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`latent-lab ${pkg.version}`);
  });

  it('trains in a worker thread started from the bundled run-worker.js', () => {
    const ok = node([path.join(bundle, 'cli.js'), 'train', '--preset', 'font5x7-2d', '--epochs', '1', '--json'], { LATENT_LAB_HOME: home });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const done = events(ok.stdout).at(-1)!;
    expect(done).toMatchObject({ event: 'completed', epochs: 1, error: null });
    // The same command without the bundled worker entry cannot train: the worker came from that file.
    fs.renameSync(path.join(bundle, 'run-worker.js'), path.join(bundle, 'run-worker.js.off'));
    try {
      const broken = node([path.join(bundle, 'cli.js'), 'train', '--preset', 'font5x7-2d', '--epochs', '1', '--json'], { LATENT_LAB_HOME: home });
      expect(broken.code).not.toBe(0);
      expect(broken.stdout + broken.stderr).toContain('run-worker.js');
    } finally {
      fs.renameSync(path.join(bundle, 'run-worker.js.off'), path.join(bundle, 'run-worker.js'));
    }
  });
});

describe('bin/latent-lab.js', () => {
  // A stand-in checkout: the real launcher, a bundle and a source entry that say which one ran.
  let fake: string;
  const INPUTS = ['package.json', 'src/main/cli/entry.ts', 'src/shared/api.ts', 'src/renderer/src/i18n/en.ts'];
  const at = (file: string) => path.join(fake, file);
  const touch = (file: string, when: Date) => fs.utimesSync(at(file), when, when);
  const run = (env: Record<string, string> = {}) => node([at('bin/latent-lab.js')], env).stdout.trim();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(at(file)), { recursive: true });
    fs.writeFileSync(at(file), text);
  };
  const stamp = (when: Date) => {
    write('out/cli/build-stamp', JSON.stringify({ builtAt: when.toISOString(), inputs: INPUTS }));
    touch('out/cli/build-stamp', when);
  };

  beforeAll(() => {
    fake = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-launcher-'));
    fs.mkdirSync(at('bin'));
    fs.cpSync(path.join(ROOT, 'bin', 'latent-lab.js'), at('bin/latent-lab.js'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), at('node_modules'));
    write('package.json', '{ "type": "module" }\n');
    write('src/main/cli/entry.ts', "const from: string = 'source';\nconsole.log(from);\n");
    write('src/shared/api.ts', 'export {};\n');
    write('src/renderer/src/i18n/en.ts', 'export default {};\n');
    write('out/cli/cli.js', "console.log('bundle');\n");
    const past = new Date(Date.now() - 60_000);
    for (const file of INPUTS) touch(file, past);
    stamp(new Date(Date.now() - 30_000));
  });
  afterAll(() => fs.rmSync(fake, { recursive: true, force: true }));

  it('runs the bundle while it is newer than every input it was built from, else the sources through tsx', () => {
    expect(run()).toBe('bundle');
    expect(run({ LATENT_LAB_CLI: 'source' })).toBe('source');
    // Any input saved after the build makes the bundle stale, also one outside src/main and src/shared.
    for (const file of INPUTS) {
      touch(file, new Date());
      expect(run(), file).toBe('source');
      touch(file, new Date(Date.now() - 60_000));
      expect(run(), file).toBe('bundle');
    }
    // A file no input imports does not matter; a deleted input does.
    write('src/main/cli/unused.ts', 'export {};\n');
    expect(run()).toBe('bundle');
    fs.rmSync(at('src/shared/api.ts'));
    expect(run()).toBe('source');
    write('src/shared/api.ts', 'export {};\n');
    stamp(new Date(Date.now() + 1000));
    expect(run()).toBe('bundle');
  });

  it('falls back to the sources when the stamp is unreadable or no bundle was built', () => {
    write('out/cli/build-stamp', 'not json');
    expect(run()).toBe('source');
    stamp(new Date(Date.now() + 1000));
    expect(run()).toBe('bundle');
    fs.rmSync(at('out'), { recursive: true });
    expect(run()).toBe('source');
  });
});
