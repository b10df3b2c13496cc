import { describe, expect, it } from 'vitest';
import { buildWebPreferences, buildWindowOptions } from '../../../../src/main/electron/web-preferences.js';

describe('buildWebPreferences', () => {
  const prefs = buildWebPreferences('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and insecure content, webviews and experimental features off', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the CommonJS preload and refuses an ES-module one (a sandboxed preload cannot import)', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(() => buildWebPreferences('/app/out/preload/index.mjs')).toThrow(/CommonJS/);
  });

  it('is what the window options carry', () => {
    const options = buildWindowOptions('/app/out/preload/index.cjs');
    expect(options.webPreferences).toEqual(prefs);
    expect(options.show).toBe(false);
  });

  it('turns developer tools off in a packaged build (the default) and on only in development', () => {
    expect(prefs.devTools).toBe(false);
    expect(buildWebPreferences('/app/out/preload/index.cjs', { packaged: true }).devTools).toBe(false);
    expect(buildWebPreferences('/app/out/preload/index.cjs', { packaged: false }).devTools).toBe(true);
  });
});
