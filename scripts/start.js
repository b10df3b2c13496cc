#!/usr/bin/env node
/**
 * `npm start`: the desktop app when the Electron binary is installed; otherwise browser mode, said
 * out loud, with the renderer built first when out/ is missing or older than its sources.
 * `--browser` forces browser mode even where Electron exists (what `npm run serve` uses). Other
 * arguments go to `latent-lab serve` in browser mode (e.g. `npm start -- --port 8080`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const rendererIndex = join(root, 'out', 'renderer', 'index.html');
const forceBrowser = process.argv.includes('--browser');
const args = process.argv.slice(2).filter((arg) => arg !== '--browser');

/** Path of the Electron binary, or null when it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
function electronBinary() {
  try {
    // The electron package's main module returns the binary path, and throws when the download is missing.
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** Newest modification time of any file under `dir` (0 when absent). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  if (!existsSync(rendererIndex)) return false;
  const built = statSync(rendererIndex).mtimeMs;
  return ['src/renderer', 'src/shared'].every((dir) => newestMtime(join(root, dir)) <= built);
}

/** Run a child with our terminal, pass Ctrl+C on, and leave with its exit code. */
function runToEnd(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (!forceBrowser && electronBinary()) {
  // Builds main, preload and renderer, then opens the window.
  runToEnd(process.execPath, [electronVite, 'preview']);
} else {
  console.log(forceBrowser ? 'Starting browser mode.' : 'Electron binary not installed; starting browser mode.');
  if (!buildIsCurrent()) {
    console.log('Building the renderer (out/ is missing or older than the sources)…');
    const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error('The build failed; see the messages above.');
      process.exit(build.status ?? 1);
    }
  }
  runToEnd(process.execPath, [join(root, 'bin', 'latent-lab.js'), 'serve', ...args]);
}
