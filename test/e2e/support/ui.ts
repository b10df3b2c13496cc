/**
 * What a user does in the workbench, in words the specs read well with: open a view, pick from a
 * select, fill a run-form field, wait for a run to end, take a screenshot of a view.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { SCREENS_DIR } from './paths.js';

/** The views of the side menu, by the key the navigation store uses, with their root test id. */
export const VIEW_ROOTS = {
  runs: 'view-runs',
  newRun: 'view-new-run',
  live: 'view-live',
  compare: 'view-compare',
  anomaly: 'view-anomaly',
  latent: 'view-latent',
  sweeps: 'view-sweeps',
  datasets: 'view-datasets',
  models: 'view-models',
  workers: 'view-workers',
  settings: 'view-settings',
} as const;
export type View = keyof typeof VIEW_ROOTS;

/** Open a view from the side menu and wait for it. */
export async function openView(page: Page, view: View): Promise<Locator> {
  await page.getByTestId(`nav-${view}`).click();
  const root = page.getByTestId(VIEW_ROOTS[view]);
  await expect(root).toBeVisible();
  return root;
}

/** Create an experiment with the tab bar's button; resolves to its tab once it is active. */
export async function createExperiment(page: Page): Promise<Locator> {
  const before = await page.locator('[data-testid^="experiment-tab-"]').count();
  await page.getByTestId('experiment-new').click();
  const tabs = page.locator('[data-testid^="experiment-tab-"]');
  await expect(tabs).toHaveCount(before + 1);
  return tabs.last();
}

/** Pick the option whose text contains `text` in the naive-ui select with this test id. */
export async function chooseOption(page: Page, testId: string, text: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  // Options live in a popover teleported to <body>; only the open menu's are visible.
  await page.locator('.n-base-select-option:visible', { hasText: text }).first().click();
  // A multiple select stays open for more picks.
  const menu = page.locator('.n-base-select-menu:visible');
  if ((await menu.count()) > 0) await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
}

/** Type a number into a run-form field (by config path, e.g. `training.epochs`) and leave it. */
export async function fillNumber(page: Page, path: string, value: number): Promise<void> {
  const input = page.getByTestId(`field-${path.replace(/\./g, '-')}`).locator('input');
  await input.fill(String(value));
  await input.blur();
  await expect(input).toHaveValue(String(value));
}

/** Start the preset with this title from the new-run form, after `edit` changed its fields. */
export async function startPreset(page: Page, presetTitle: string | RegExp, edit: () => Promise<void> = async () => {}): Promise<void> {
  await fillPreset(page, presetTitle, edit);
  await pressTrain(page);
}

/** Choose a preset in the new-run form, then let `edit` change its fields. */
export async function fillPreset(page: Page, presetTitle: string | RegExp, edit: () => Promise<void> = async () => {}): Promise<void> {
  await openView(page, 'newRun');
  await chooseOption(page, 'preset-select', presetTitle);
  await expect(page.getByTestId('preset-description')).toBeVisible();
  await edit();
}

/** Press Train once the form is valid and described, and wait for the live view. */
export async function pressTrain(page: Page): Promise<void> {
  // Start is enabled once the form is valid and the service described the architecture.
  await expect(page.getByTestId('architecture-total')).toBeVisible();
  await expect(page.getByTestId('run-start')).toBeEnabled();
  await page.getByTestId('run-start').click();
  await expect(page.getByTestId('view-live')).toBeVisible();
}

/** Wait until the live view's run reaches `status` (e.g. `completed`). */
export async function waitForStatus(page: Page, status: string, timeout = 90_000): Promise<void> {
  await expect(page.getByTestId('live-run-status')).toHaveText(status, { timeout });
}

/** Points the chart with this test id has drawn (read back from its ECharts instance). */
export async function chartPoints(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute('data-point-count')) ?? 0);
}

/** Series the chart with this test id has drawn. */
export async function chartSeries(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).getAttribute('data-series-count')) ?? 0);
}

/** The part of the page the in-page recorder below uses (the test project has no DOM types). */
interface RecorderWindow {
  document: { body: unknown; querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
  __e2eRecorded?: Record<string, string[]>;
}

/**
 * Record, inside the page, every value the attribute of the element with this test id takes from
 * now on, including an element that does not exist yet, so that no change is missed however fast
 * the app or however slow the test. Resolves to a function returning the values seen so far.
 */
export async function recordAttribute(page: Page, testId: string, attribute: string): Promise<() => Promise<string[]>> {
  const key = `${testId}/${attribute}`;
  await page.evaluate(
    ({ key, testId, attribute }) => {
      const window = globalThis as unknown as RecorderWindow;
      const seen: string[] = [];
      (window.__e2eRecorded ??= {})[key] = seen;
      const read = () => {
        const value = window.document.querySelector(`[data-testid="${testId}"]`)?.getAttribute(attribute);
        if (value != null && seen.at(-1) !== value) seen.push(value);
      };
      read();
      new window.MutationObserver(read).observe(window.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: [attribute] });
    },
    { key, testId, attribute },
  );
  return () => page.evaluate((key) => [...((globalThis as unknown as RecorderWindow).__e2eRecorded?.[key] ?? [])], key);
}

/** Minimal canvas typing for code that runs in the page (the test project has no DOM types). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

/** How many of these canvases hold a picture (more than one distinct pixel value). */
export async function drawnCanvases(canvases: Locator): Promise<number> {
  return canvases.evaluateAll((elements) =>
    (elements as unknown as CanvasLike[]).filter((canvas) => {
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) return false;
      const seen = new Set<number>();
      for (let i = 0; i < data.length && seen.size < 2; i += 4) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return seen.size > 1;
    }).length,
  );
}

/**
 * Screenshot the whole main area of the current view into test-results/screens/<name>.png: the
 * window is made tall enough for the scrolled content first, so nothing is cut off.
 */
export async function screenshotView(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const viewport = page.viewportSize();
  const content = page.locator('.n-layout-content .n-scrollbar-content').first();
  const contentHeight = (await content.boundingBox())?.height ?? 0;
  if (viewport && contentHeight + 120 > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(4000, Math.ceil(contentHeight + 120)) });
  }
  // Fonts and chart resizes settle within a frame or two after a resize.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), animations: 'disabled' });
  if (viewport) await page.setViewportSize(viewport);
}

/**
 * The file an export button saves: the browser download in browser mode. The desktop app saves
 * through a native dialog that a test cannot drive, so there the exported Blob is taken from
 * `URL.createObjectURL` and the dialog is never opened.
 */
export async function exportedFile(page: Page, target: 'browser' | 'electron', action: () => Promise<void>): Promise<{ name: string; text: string }> {
  if (target === 'browser') {
    const [download] = await Promise.all([page.waitForEvent('download'), action()]);
    return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
  }
  await page.evaluate(`(() => {
    window.__e2eExport = null;
    let blob = null;
    const createObjectURL = URL.createObjectURL;
    URL.createObjectURL = (value) => { blob = value; return createObjectURL(value); };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
      const name = this.download;
      blob.text().then((text) => { window.__e2eExport = { name, text }; });
    };
  })()`);
  await action();
  await page.waitForFunction('window.__e2eExport !== null');
  return (await page.evaluate('window.__e2eExport')) as { name: string; text: string };
}
