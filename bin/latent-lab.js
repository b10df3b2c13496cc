#!/usr/bin/env node
// The `latent-lab` command, always current with the code: it runs the esbuild bundle (out/cli/cli.js,
// `npm run build` or `npm run build:cli`) while that bundle is newer than every file under src/main,
// src/shared and package.json, else the TypeScript sources through tsx. The bundle skips transpiling
// on every start and in every training worker thread. LATENT_LAB_CLI=source forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'out', 'cli', 'cli.js');
// Written by scripts/build-cli.mjs with the build's start time as its mtime.
const STAMP = join(ROOT, 'out', 'cli', 'build-stamp');

/** True when some file or folder under `dir` changed at or after `since` (ms); folders catch added or removed files. */
function changedSince(dir, since) {
  if (statSync(dir).mtimeMs >= since) return true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() ? changedSince(full, since) : statSync(full).mtimeMs >= since) return true;
  }
  return false;
}

function bundleIsCurrent() {
  if (process.env.LATENT_LAB_CLI === 'source' || !existsSync(BUNDLE) || !existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  if (statSync(join(ROOT, 'package.json')).mtimeMs >= built) return false;
  return !['src/main', 'src/shared'].some((dir) => changedSince(join(ROOT, dir), built));
}

if (bundleIsCurrent()) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main/cli/entry.ts');
}
