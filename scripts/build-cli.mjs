#!/usr/bin/env node
/**
 * `npm run build:cli`: bundles the headless CLI (src/main/cli/entry.ts) and the worker-thread entries
 * into out/cli/ with esbuild, so `latent-lab` and its training workers start without transpiling the
 * TypeScript sources (bin/latent-lab.js runs the bundle while it is newer than every file it was built from).
 *
 * - ESM for Node, one folder: cli.js, run-worker.js, embed-worker.js and shared chunks side by side,
 *   so `new URL('./run-worker.js', import.meta.url)` resolves from whichever chunk holds the scheduler.
 * - Packages stay external (tfjs, better-sqlite3, the latent-lab-blas addon…): resolved from
 *   node_modules at run time, as from the sources.
 * - Every path the code finds at run time (resources/, out/renderer, the repository root for `serve`)
 *   is found by walking up from the module, so out/cli/ works like src/main/*.
 *
 * Usage: node scripts/build-cli.mjs [--outdir DIR]   (default out/cli)
 * The new bundle is written beside DIR and renamed into place, so a CLI running from the old one
 * (a training worker it starts later, a lazily imported chunk) does not meet a half-written folder.
 */
import { existsSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entries started through `new Worker(new URL('./<name>.js', import.meta.url))` (startServiceWorker, startWorkerThread). */
export const WORKER_ENTRIES = ['run-worker', 'embed-worker'];

export async function buildCli(outdir = resolve(ROOT, 'out', 'cli')) {
  // Taken before esbuild reads the sources: a source saved during the build counts as newer.
  const startedAt = new Date();
  const staging = `${outdir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const entryPoints = { cli: resolve(ROOT, 'src/main/cli/entry.ts') };
  for (const name of WORKER_ENTRIES) entryPoints[name] = resolve(ROOT, 'src/main/services', `${name}.ts`);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints,
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  }).catch((error) => {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  });
  // bin/latent-lab.js runs the bundle only while none of these inputs (src/main, src/shared, the
  // renderer's i18n tables the figures use, package.json) is as new as this stamp's mtime.
  const stamp = join(staging, 'build-stamp');
  const inputs = Object.keys(result.metafile.inputs).sort();
  writeFileSync(stamp, `${JSON.stringify({ builtAt: startedAt.toISOString(), inputs }, null, 1)}\n`);
  utimesSync(stamp, startedAt, startedAt);
  const previous = `${outdir}.previous-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(staging, outdir);
  rmSync(previous, { recursive: true, force: true });
  return { outdir, files: Object.keys(result.metafile.outputs) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--outdir');
  const started = performance.now();
  const { outdir, files } = await buildCli(at > 0 ? resolve(process.argv[at + 1]) : undefined);
  const js = files.filter((f) => f.endsWith('.js')).length;
  console.log(`built the CLI bundle in ${outdir} (${js} files, ${Math.round(performance.now() - started)} ms)`);
}
