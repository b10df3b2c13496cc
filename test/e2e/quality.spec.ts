/**
 * Generative quality: train two font runs, evaluate them in the quality view, and read the FID
 * and coverage from the chart and the table (exported as CSV).
 */
import { expect, test } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { chartSeries, chooseOption, createExperiment, exportedFile, fillNumber, screenshotView, startPreset, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();

const PRESET = '5x7 font in a 2-D latent space';

test('two trained font runs are evaluated side by side with the real data as reference', async () => {
  test.setTimeout(240_000);
  const { page } = app;
  await createExperiment(page);
  for (const epochs of [5, 60]) {
    await startPreset(page, PRESET, () => fillNumber(page, 'training.epochs', epochs));
    await waitForStatus(page, 'completed');
  }

  await page.getByTestId('nav-quality').click();
  await expect(page.getByTestId('view-quality')).toBeVisible();
  await expect(page.getByTestId('quality-empty')).toBeVisible();
  await chooseOption(page, 'quality-runs', '#1 ');
  await chooseOption(page, 'quality-runs', '#2 ');
  await page.getByTestId('quality-samples').locator('input').fill('200');
  await page.getByTestId('quality-evaluate').click();

  const table = page.getByTestId('quality-table');
  await expect(table.locator('tbody tr')).toHaveCount(3, { timeout: 120_000 });
  await expect(table.locator('tbody tr').nth(0)).toContainText('fitted Gaussian');
  await expect(table.locator('tbody tr').nth(2)).toContainText('training samples (font5x7)');
  await expect(page.getByTestId('quality-classifiers')).toContainText('Classifier of font5x7 trained now');
  await expect.poll(() => chartSeries(page, 'quality-chart')).toBe(2);
  await screenshotView(page, 'quality');

  const csv = await exportedFile(page, app.target, () => page.getByTestId('quality-export-csv').click());
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('Run,Kind,Latent source,FID,Coverage,Classes covered,Entropy (bits),Classifier accuracy');
  expect(lines).toHaveLength(4);
  expect(Number(lines[1]!.split(',')[3])).toBeGreaterThanOrEqual(0);
});

test('a second evaluation uses the cached classifier', async () => {
  const { page } = app;
  await page.getByTestId('quality-evaluate').click();
  await expect(page.getByTestId('quality-classifiers')).toContainText('Classifier of font5x7 (cached)', { timeout: 60_000 });
});
