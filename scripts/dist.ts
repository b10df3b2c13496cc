/**
 * `npm run dist`: the desktop app as an installable package (dist/), where an Electron binary is
 * installed. Steps: electron-vite build → electron-builder (asar, native modules rebuilt for
 * Electron's ABI, fuses flipped; see electron-builder.config.ts) → read the fuses back from the
 * packaged binary and check them → rebuild better-sqlite3 for Node again, so the CLI and the tests
 * keep working from this checkout.
 *
 * Without the Electron binary (installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1, like this project's
 * CI), it says so and exits 0 without doing anything: the configuration itself is checked by
 * test/unit/build/desktop-build.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { desktopBuildConfig, ELECTRON_FUSES } from '../electron-builder.config.js';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The Electron binary, or null when the package was installed without it. */
export function electronBinary(): string | null {
  try {
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/** The packaged app's executable, in electron-builder's unpacked output folder. */
function packagedBinary(outDir: string): string | null {
  const candidates: string[] = [];
  for (const entry of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
    const dir = path.join(outDir, entry);
    if (!fs.statSync(dir).isDirectory()) continue;
    if (entry.endsWith('-unpacked')) candidates.push(path.join(dir, 'latent-lab'), path.join(dir, 'Latent Lab.exe'));
    if (entry.startsWith('mac')) candidates.push(path.join(dir, 'Latent Lab.app'));
  }
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

async function main(): Promise<number> {
  const binary = electronBinary();
  if (!binary) {
    process.stdout.write(
      'npm run dist: skipped — no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).\n' +
        'Install it with `node node_modules/electron/install.js` (needs internet) and run `npm run dist` again.\n' +
        'The packaging configuration (fuses, asar, native rebuild) is checked by test/unit/build/desktop-build.test.ts.\n',
    );
    return 0;
  }
  run(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
  const { build } = await import('electron-builder');
  const electronDist = path.dirname(binary).endsWith('.app/Contents/MacOS') ? path.resolve(binary, '../../../..') : path.dirname(binary);
  try {
    await build({ projectDir: root, config: desktopBuildConfig(electronDist), publish: 'never' });
  } finally {
    // electron-builder rebuilt better-sqlite3 for Electron in node_modules: give the CLI and tests their Node build back.
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3']);
  }
  const packaged = packagedBinary(path.join(root, 'dist'));
  if (!packaged) throw new Error('electron-builder finished but no packaged app was found under dist/');
  const { FuseV1Options, getCurrentFuseWire } = await import('@electron/fuses');
  const wire = await getCurrentFuseWire(packaged);
  const expected: [keyof typeof FuseV1Options, boolean][] = [
    ['RunAsNode', ELECTRON_FUSES.runAsNode],
    ['EnableCookieEncryption', ELECTRON_FUSES.enableCookieEncryption],
    ['EnableNodeOptionsEnvironmentVariable', ELECTRON_FUSES.enableNodeOptionsEnvironmentVariable],
    ['EnableNodeCliInspectArguments', ELECTRON_FUSES.enableNodeCliInspectArguments],
    ['EnableEmbeddedAsarIntegrityValidation', ELECTRON_FUSES.enableEmbeddedAsarIntegrityValidation],
    ['OnlyLoadAppFromAsar', ELECTRON_FUSES.onlyLoadAppFromAsar],
  ];
  const wrong = expected.filter(([name, on]) => (wire[FuseV1Options[name]] === 49) !== on); // '1' = on, '0' = off
  for (const [name, on] of expected) process.stdout.write(`fuse ${name}: ${wire[FuseV1Options[name]] === 49 ? 'on' : 'off'} (want ${on ? 'on' : 'off'})\n`);
  if (wrong.length > 0) throw new Error(`fuses not as configured in ${packaged}: ${wrong.map(([name]) => name).join(', ')}`);
  process.stdout.write(`packaged: ${packaged}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`npm run dist: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
