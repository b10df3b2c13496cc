#!/usr/bin/env node
// The `latent-lab` command, always current with the code: it runs the esbuild bundle (out/cli/cli.js,
// from `npm run build` or `npm run build:cli`) while it is newer than every file it was built from
// (src/main, src/shared, the renderer's i18n tables, package.json: the list in out/cli/build-stamp),
// else the TypeScript sources through tsx. The bundle skips transpiling on every start and in every
// training worker thread. LATENT_LAB_CLI=source forces the sources.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'out', 'cli', 'cli.js');
// Written by scripts/build-cli.mjs: its mtime is the build's start, its text lists the bundle's inputs.
const STAMP = join(ROOT, 'out', 'cli', 'build-stamp');

/**
 * True when the bundle and its stamp exist and no input changed at or after the build started. A new
 * source file only matters once an input imports it, which changes that input; a deleted input throws.
 */
function bundleIsCurrent() {
  if (process.env.LATENT_LAB_CLI === 'source') return false;
  try {
    const built = statSync(STAMP).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(STAMP, 'utf8'));
    statSync(BUNDLE);
    return Array.isArray(inputs) && inputs.length > 0 && inputs.every((file) => statSync(join(ROOT, file)).mtimeMs < built);
  } catch {
    return false;
  }
}

if (bundleIsCurrent()) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main/cli/entry.ts');
}
