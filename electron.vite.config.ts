/**
 * Build of the three Electron targets (`npm run build` → out/):
 * - main:     out/main/index.js (Electron entry), run-worker.js (training worker), cli.js (headless CLI).
 *             Chunks stay beside the entries so `new URL('./run-worker.js', import.meta.url)` resolves
 *             from whichever chunk holds the scheduler. Dependencies stay external (native ones cannot
 *             be bundled: better-sqlite3, sharp, @tensorflow/*).
 * - preload:  out/preload/index.cjs, CommonJS with everything bundled: a sandboxed preload can
 *             require nothing but electron.
 * - renderer: out/renderer, the Vue app (also what browser mode serves).
 */
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

const NATIVE_DEPENDENCIES = ['better-sqlite3', 'sharp', /^@tensorflow\//];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/electron/index.ts'),
          'run-worker': resolve('src/main/services/run-worker.ts'),
          'embed-worker': resolve('src/main/services/embed-worker.ts'),
          cli: resolve('src/main/cli/entry.ts'),
        },
        external: NATIVE_DEPENDENCIES,
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: '[name]-[hash].js',
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
