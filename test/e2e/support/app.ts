/**
 * The app under test, one per spec file: a fresh data directory (LATENT_LAB_HOME), then either
 * Chromium on `latent-lab serve` (default) or the Electron desktop app
 * (LATENT_LAB_E2E_TARGET=electron, skipped with a message when its binary is not installed).
 * The specs only see a Page, so the same specs run against both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import { e2eTarget, electronBinary, NO_ELECTRON_MESSAGE, REPO_ROOT } from './paths.js';
import { startServer, type ServedLab } from './server.js';

export interface LabApp {
  readonly target: 'browser' | 'electron';
  /** The app window. */
  readonly page: Page;
  /** The app's data directory (LATENT_LAB_HOME). */
  readonly home: string;
  /** A scratch folder for the spec's own files (fixtures to import, model folders). */
  readonly scratch: string;
  /** Uncaught errors the page threw so far. */
  readonly pageErrors: string[];
}

/**
 * Register beforeAll/afterAll hooks in the calling spec file (or describe) that start the app
 * once for its tests; the returned object is filled in before the first test runs. The tests of
 * a file share the app, so declare them serial.
 */
export function useLabApp(): LabApp {
  const app = { pageErrors: [] as string[] } as { -readonly [K in keyof LabApp]: LabApp[K] };
  let browser: Browser | null = null;
  let electron: ElectronApplication | null = null;
  let server: ServedLab | null = null;
  let root: string | null = null;

  test.beforeAll(async ({ playwright }, testInfo) => {
    testInfo.setTimeout(120_000);
    const target = e2eTarget();
    const binary = target === 'electron' ? electronBinary() : null;
    test.skip(target === 'electron' && binary === null, NO_ELECTRON_MESSAGE);
    root = await mkdtemp(join(tmpdir(), 'latent-lab-e2e-'));
    app.target = target;
    app.home = join(root, 'home');
    app.scratch = join(root, 'scratch');

    if (target === 'electron') {
      electron = await playwright._electron.launch({
        executablePath: binary!,
        args: [join(REPO_ROOT, 'out/main/index.js')],
        cwd: REPO_ROOT,
        env: { ...process.env, LATENT_LAB_HOME: app.home } as Record<string, string>,
      });
      app.page = await electron.firstWindow();
    } else {
      server = await startServer(app.home);
      browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
      const context = await browser.newContext({ viewport: testInfo.project.use.viewport ?? null, acceptDownloads: true });
      app.page = await context.newPage();
      await app.page.goto(server.url);
    }
    app.page.on('pageerror', (error) => app.pageErrors.push(error.stack ?? error.message));
    await app.page.getByTestId('nav').waitFor();
  });

  // Nothing may fail silently: an uncaught error in the page fails the test it happened in.
  test.afterEach(() => {
    const errors = app.pageErrors.splice(0);
    if (errors.length > 0) throw new Error(`the page threw:\n${errors.join('\n\n')}`);
  });

  test.afterAll(async () => {
    await electron?.close();
    await browser?.close();
    await server?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  return app;
}
