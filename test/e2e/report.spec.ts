/**
 * Report export: train two font runs through the UI, select both in the runs table, preview the
 * report in the export dialog, write it as HTML, then open that file in a fresh Chromium with the
 * network off and check that everything in it (inline charts, gallery images) shows without a
 * single request beyond the file itself.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { SCREENS_DIR } from './support/paths.js';
import { createExperiment, fillNumber, openView, screenshotView, startPreset, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();
const RUNS = [
  { name: 'font-report-a', epochs: 30 },
  { name: 'font-report-b', epochs: 60 },
];

test('two runs selected in the runs table export as one HTML report, previewed first', async () => {
  const { page } = app;
  await createExperiment(page);
  for (const run of RUNS) {
    await startPreset(page, '5x7 font in a 2-D latent space', async () => {
      await page.getByTestId('field-name').locator('input').fill(run.name);
      await fillNumber(page, 'training.epochs', run.epochs);
    });
    await waitForStatus(page, 'completed');
  }
  await openView(page, 'runs');
  const table = page.getByTestId('runs-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  for (const row of await table.locator('tbody tr').all()) await row.locator('.n-checkbox').click();

  await page.getByTestId('report-open').click();
  const dialog = page.getByTestId('report-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('report-scope').locator('.n-radio-button--checked')).toContainText('(2)');
  await dialog.getByTestId('report-preview-button').click();
  // The preview is the report's own HTML in a shadow root: its sections, its inline charts.
  const preview = dialog.getByTestId('report-preview');
  await expect(preview.locator('h2', { hasText: 'Reproducibility' })).toBeVisible({ timeout: 60_000 });
  await expect(preview.locator('figure svg').first()).toBeVisible();
  await expect(preview.locator('table').first()).toContainText(RUNS[0]!.name);
  await screenshotView(page, 'report-dialog-preview');

  const file = join(app.scratch, 'report', 'two-runs.html');
  await dialog.getByTestId('report-path').locator('input').fill(file);
  await dialog.getByTestId('report-export').click();
  await expect(dialog.getByTestId('report-written')).toContainText(file, { timeout: 60_000 });
  const html = readFileSync(file, 'utf8');
  for (const run of RUNS) expect(html).toContain(run.name);
  expect(html).toContain("--config /dev/stdin &#60;&#60;&#39;JSON&#39;");
});

test('the exported HTML opens offline in Chromium with every figure drawn', async () => {
  const testInfo = test.info();
  const file = join(app.scratch, 'report', 'two-runs.html');
  const browser = await chromium.launch(testInfo.project.use.launchOptions);
  try {
    const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await expect(page.locator('h1')).toContainText('#1, #2');
    // Charts inline as SVG, galleries as data: PNGs, every one decoded.
    await expect(page.locator('figure > svg')).not.toHaveCount(0);
    const images = page.locator('figure > img');
    await expect(images).not.toHaveCount(0);
    for (const image of await images.all()) expect(await image.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0)).toBe(true);
    expect(requests).toEqual([pathToFileURL(file).href]);

    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'report-html-first-page.png') });
    await page.evaluate("document.getElementById('galleries').scrollIntoView()");
    await page.screenshot({ path: join(SCREENS_DIR, 'report-html-gallery-page.png') });
  } finally {
    await browser.close();
  }
});
