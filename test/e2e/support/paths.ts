/** Where things are for the end-to-end tests, and which app they drive. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Screenshots of the main views, for people to look at (kept after the run). */
export const SCREENS_DIR = join(REPO_ROOT, 'test-results', 'screens');

/** `browser` (default): Chromium against `latent-lab serve`; `electron`: the desktop app. */
export function e2eTarget(env: NodeJS.ProcessEnv = process.env): 'browser' | 'electron' {
  const target = env.LATENT_LAB_E2E_TARGET ?? 'browser';
  if (target !== 'browser' && target !== 'electron') {
    throw new Error(`LATENT_LAB_E2E_TARGET must be "browser" or "electron", got "${target}"`);
  }
  return target;
}

/** Path of the Electron binary, or null when it was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD). */
export function electronBinary(): string | null {
  try {
    // The electron package's main module is the binary's path, and throws when the download is missing.
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

export const NO_ELECTRON_MESSAGE =
  'LATENT_LAB_E2E_TARGET=electron, but the Electron binary is not installed (npm ci without ' +
  'ELECTRON_SKIP_BINARY_DOWNLOAD downloads it): every spec is skipped. Run without it to test browser mode.';
