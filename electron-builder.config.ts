/**
 * The desktop build (`npm run dist`, driven by scripts/dist.ts): electron-builder packages out/
 * (the electron-vite build) into an asar archive with the production dependencies, rebuilds the
 * native ones (better-sqlite3, sharp) for Electron's ABI with @electron/rebuild, and flips the
 * Electron fuses below in the packaged binary.
 *
 * Fuses (@electron/fuses, FuseV1Options) close what a packaged app does not need:
 * - runAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node that runs any script;
 * - cookie encryption on;
 * - NODE_OPTIONS and --inspect/--inspect-brk arguments ignored: no injected code, no debugger port;
 * - embedded asar integrity validation on, and the app loads only from app.asar: a changed or
 *   replaced archive does not start.
 * Developer tools are off in a packaged build (src/main/electron/web-preferences.ts).
 */
import type { Configuration } from 'electron-builder';

/** electron-builder's `electronFuses` (the names of @electron/fuses' FuseV1Options, camel-cased). */
export const ELECTRON_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
} as const satisfies NonNullable<Configuration['electronFuses']>;

/** Native modules, and files that native or wasm code reads by path: kept outside the archive. */
export const ASAR_UNPACK = [
  '**/*.node',
  'node_modules/better-sqlite3/**',
  'node_modules/sharp/**',
  'node_modules/@img/**',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
  'node_modules/@tensorflow/tfjs-node*/**',
];

/** `electronDist`: the folder of an installed Electron (node_modules/electron/dist), so nothing is downloaded. */
export function desktopBuildConfig(electronDist?: string): Configuration {
  return {
    appId: 'org.latentlab.workbench',
    productName: 'Latent Lab',
    directories: { output: 'dist', buildResources: 'resources' },
    files: ['out/**', 'package.json', '!**/*.map', '!out/renderer/**/*.map'],
    extraResources: [{ from: 'resources', to: 'resources', filter: ['font5x7.json'] }],
    asar: true,
    asarUnpack: ASAR_UNPACK,
    // @electron/rebuild, for the Electron version being packaged: better-sqlite3 must load in its main process.
    npmRebuild: true,
    buildDependenciesFromSource: false,
    electronFuses: ELECTRON_FUSES,
    ...(electronDist ? { electronDist } : {}),
    publish: null,
    linux: { target: ['AppImage', 'tar.gz'], category: 'Science' },
    mac: { target: 'dmg', category: 'public.app-category.education' },
    win: { target: 'nsis' },
  };
}
