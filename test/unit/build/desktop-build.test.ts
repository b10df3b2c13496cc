/**
 * The desktop build's configuration (electron-builder.config.ts): the fuses, the asar layout and the
 * native rebuild are what the issue asks for, the whole configuration passes electron-builder's own
 * schema, and `npm run dist` says it skips where no Electron binary is installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { ASAR_UNPACK, desktopBuildConfig, ELECTRON_FUSES } from '../../../electron-builder.config.js';
import { electronBinary } from '../../../scripts/dist.js';

const require = createRequire(import.meta.url);

describe('desktop build configuration', () => {
  it('flips the fuses: RunAsNode off, cookie encryption on, NODE_OPTIONS and inspect off, asar integrity on, only load from asar', () => {
    expect(ELECTRON_FUSES).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(desktopBuildConfig().electronFuses).toEqual(ELECTRON_FUSES);
  });

  it('names only fuses that @electron/fuses knows', () => {
    for (const key of Object.keys(ELECTRON_FUSES)) {
      const option = key.charAt(0).toUpperCase() + key.slice(1);
      expect(FuseV1Options, key).toHaveProperty(option);
    }
  });

  it('packs the app into asar, keeps native modules and the wasm binary unpacked, and rebuilds them for Electron', () => {
    const config = desktopBuildConfig('/opt/electron');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.electronDist).toBe('/opt/electron');
    expect(ASAR_UNPACK).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm']));
    expect(config.files).toContain('out/**');
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources', filter: ['font5x7.json'] }]);
  });

  it("passes electron-builder's own configuration schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(desktopBuildConfig('/opt/electron'), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...desktopBuildConfig(), electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/configuration.electronFuses/);
  });

  it('is what `npm run dist` builds, with a rebuild script for development windows', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toBe('tsx scripts/dist.ts');
    expect(pkg.scripts['rebuild:electron']).toMatch(/^electron-rebuild .*better-sqlite3/);
  });

  it.skipIf(electronBinary() !== null)('npm run dist says it skips, and why, where no Electron binary is installed', () => {
    const result = spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'scripts/dist.ts'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^npm run dist: skipped — no Electron binary here \(installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1\)\./);
    expect(fs.existsSync('dist')).toBe(false);
  });
});
