/**
 * Electron main entry (out/main/index.js): composition root of the desktop app. It wires the
 * services to the window through the hardened pieces of this folder and holds no logic of its own.
 */
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, session } from 'electron';
import { createLab, type Lab } from '../services/lab.js';
import { buildContentSecurityPolicy } from '../server/csp.js';
import { APP_ENTRY_URL, ARTIFACT_SCHEME, trustedOrigins } from './app-origin.js';
import { createDialogs } from './dialogs.js';
import { hardenSession, hardenWebContents } from './hardening.js';
import { forwardLabEvents, registerLabIpc, withDialogs } from './ipc.js';
import { handleAppProtocols, registerPrivilegedSchemes } from './protocols.js';
import { buildWindowOptions } from './web-preferences.js';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
// `electron-vite dev` serves the renderer from Vite; never honoured in a packaged app.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const trusted = trustedOrigins(devServerUrl);
const devConnect = devServerUrl ? [devServerUrl.replace(/^http/, 'ws').replace(/\/$/, '')] : [];
const csp = buildContentSecurityPolicy({ imgSrc: [`${ARTIFACT_SCHEME}:`], connectSrc: [`${ARTIFACT_SCHEME}:`, ...devConnect] });

let mainWindow: BrowserWindow | null = null;
let lab: Lab | null = null;

function createWindow(services: Lab): BrowserWindow {
  const window = new BrowserWindow(buildWindowOptions(preloadPath, { packaged: app.isPackaged }));
  const stopEvents = forwardLabEvents(services, window.webContents, trusted);
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    stopEvents();
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return window;
}

async function start(): Promise<void> {
  lab = await createLab({ mode: 'electron' });
  hardenSession(session.defaultSession, csp);
  handleAppProtocols({ rendererDir, dataDir: lab.dataDir, csp });
  registerLabIpc(ipcMain, withDialogs(lab, createDialogs(() => mainWindow)), trusted);
  mainWindow = createWindow(lab);

  app.on('activate', () => {
    if (!mainWindow && lab) mainWindow = createWindow(lab);
  });
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error('[latent-lab] start-up failed:', error);
  dialog.showErrorBox('Latent Lab could not start', message);
  app.exit(1);
}

registerPrivilegedSchemes();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, trusted));

if (!app.requestSingleInstanceLock()) {
  // A second instance would open the same SQLite store; hand over to the first one instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !lab) return;
    // Let running workers stop and the store close before the process exits.
    event.preventDefault();
    disposed = true;
    void lab.dispose().finally(() => app.quit());
  });

  app.whenReady().then(start).catch(fail);
}
