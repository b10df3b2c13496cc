/**
 * The BrowserWindow options of the app window, built by a pure function so the hardening is
 * unit-tested rather than trusted to a template: the renderer gets no Node, runs sandboxed in an
 * isolated world, and reaches the main process only through the preload's `window.lab`.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface WindowBuild {
  /** A packaged build (app.isPackaged): developer tools are off there. */
  packaged: boolean;
}

/** The security-relevant webPreferences; every value is the hardened one, spelled out. */
export function buildWebPreferences(preloadPath: string, build: WindowBuild = { packaged: true }): WebPreferences {
  if (!preloadPath.endsWith('.cjs')) {
    // A sandboxed preload cannot be an ES module; catching a misconfigured build here beats a blank window.
    throw new Error(`the preload must be the CommonJS build (index.cjs), got ${preloadPath}`);
  }
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Development builds keep them for debugging; a packaged app gives users no console into the renderer.
    devTools: !build.packaged,
  };
}

/** Options of the main window. */
export function buildWindowOptions(preloadPath: string, build: WindowBuild = { packaged: true }, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Latent Lab',
    // Shown on 'ready-to-show' so the user never sees an unpainted window.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: buildWebPreferences(preloadPath, build),
  };
}
