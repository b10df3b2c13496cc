/**
 * Datasets: the browser shows what is available, a gallery of samples per class, imports good
 * IDX files, and says which file is broken and how when an import fails.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { IDX_FIXTURE, writeFixtures, type FixtureDirs } from '../fixtures/generate.js';
import { useLabApp } from './support/app.js';
import { chooseOption, drawnCanvases, openView, screenshotView } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();
let fixtures: FixtureDirs;

test.beforeAll(async () => {
  fixtures = await writeFixtures(join(app.scratch, 'fixtures'));
});

test('the built-in font5x7 dataset is available and its gallery draws samples of every class', async () => {
  const { page } = app;
  await openView(page, 'datasets');
  await expect(page.getByTestId('dataset-font5x7-availability')).toHaveText('available');
  await page.getByTestId('dataset-font5x7-show').click();
  // 32 characters, each its own class with one sample (the blank DEL pattern draws a plain canvas).
  const canvases = page.getByTestId('view-datasets').locator('canvas');
  await expect(canvases).toHaveCount(32);
  await expect.poll(() => drawnCanvases(canvases)).toBeGreaterThanOrEqual(31);
  await screenshotView(page, 'datasets');
});

test('importing a truncated IDX file shows an error naming the file and the problem', async () => {
  const { page } = app;
  const broken = join(fixtures.corrupt, 'truncated-idx3-ubyte');
  await chooseOption(page, 'dataset-import-format', /^idx$/);
  await page.getByTestId('dataset-import-name').locator('input').fill('broken-digits');
  await page.getByTestId('dataset-import-paths').locator('textarea').fill(broken);
  await page.getByTestId('dataset-import-run').click();
  const error = page.getByTestId('dataset-import-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText(broken);
  await expect(error).toContainText(/truncated/i);
  await screenshotView(page, 'datasets-import-error');
});

test('importing good IDX files adds an available dataset with the files’ shape and counts', async () => {
  const { page } = app;
  await page.getByTestId('dataset-import-paths').locator('textarea').fill(
    ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((f) => join(fixtures.idx, f)).join('\n'),
  );
  await page.getByTestId('dataset-import-name').locator('input').fill('pattern-digits');
  await page.getByTestId('dataset-import-run').click();
  await expect(page.getByTestId('dataset-import-error')).toHaveCount(0);
  const card = page.locator('[data-testid^="dataset-"]', { hasText: 'pattern-digits' }).first();
  await expect(card).toContainText('available');
  await expect(card).toContainText(`[${IDX_FIXTURE.rows}, ${IDX_FIXTURE.cols}, 1]`);
  await expect(card).toContainText(String(IDX_FIXTURE.train));
});
