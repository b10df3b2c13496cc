/**
 * Before the specs: make sure the renderer (and, for the Electron target, the main process) build
 * in out/ is current with the sources, as `npm start` does, and empty the screenshots folder so
 * it only holds this run's views.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTarget, electronBinary, NO_ELECTRON_MESSAGE, REPO_ROOT, SCREENS_DIR } from './paths.js';

/** Newest modification time of any file under `dir` (0 when absent). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `output` exists and is newer than every file in `sources`. */
function isCurrent(output: string, sources: string[]): boolean {
  const file = join(REPO_ROOT, output);
  if (!existsSync(file)) return false;
  const built = statSync(file).mtimeMs;
  return sources.every((dir) => newestMtime(join(REPO_ROOT, dir)) <= built);
}

export default function globalSetup(): void {
  rmSync(SCREENS_DIR, { recursive: true, force: true });
  if (e2eTarget() === 'electron' && electronBinary() === null) {
    console.warn(`e2e: ${NO_ELECTRON_MESSAGE}`);
    return;
  }
  const stale =
    !isCurrent('out/renderer/index.html', ['src/renderer', 'src/shared']) ||
    (e2eTarget() === 'electron' && !isCurrent('out/main/index.js', ['src/main', 'src/shared', 'src/preload']));
  if (!stale) return;
  console.log('e2e: the build in out/ is older than the sources; running electron-vite build…');
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`e2e: electron-vite build failed (exit ${result.status ?? result.signal})`);
}
