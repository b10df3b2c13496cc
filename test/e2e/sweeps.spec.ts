/**
 * Sweeps: a grid built from a base preset and two typed axes, its run count before starting, the
 * live results table with the best run marked, the overlaid curves and the table export.
 */
import { expect, test, type Page } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { chartSeries, chooseOption, createExperiment, exportedFile, openView, screenshotView } from './support/ui.js';

/** Pick a field in an axis' path select by typing it (the list of fields is long and virtual). */
async function chooseField(page: Page, index: number, path: string): Promise<void> {
  const select = page.getByTestId(`sweep-axis-path-${index}`);
  await select.click();
  await select.locator('input').fill(path);
  await page.locator('.n-base-select-option:visible', { hasText: new RegExp(`^${path.replace(/\./g, '\\.')}$`) }).first().click();
  await expect(select).toContainText(path);
}

test.describe.configure({ mode: 'serial' });
const app = useLabApp();

test('a sweep preset shows its 18 runs before anything is queued', async () => {
  const { page } = app;
  await createExperiment(page);
  await openView(page, 'sweeps');
  await expect(page.getByTestId('sweeps-empty')).toBeVisible();
  await chooseOption(page, 'sweep-preset', 'MNIST dense grid');
  await expect(page.getByTestId('sweep-count')).toHaveText('18 runs will be queued');
  await screenshotView(page, 'sweeps-preset');
});

test('a custom 2x2 grid on the font trains, ranks its runs and exports the table', async () => {
  test.setTimeout(240_000);
  const { page } = app;
  await page.getByTestId('sweep-mode-custom').click();
  await chooseOption(page, 'sweep-base', '5x7 font');
  await expect(page.getByTestId('sweep-name').locator('input')).toHaveValue('font5x7-2d-sweep');
  await chooseField(page, 0, 'training.optimizer.learningRate');
  // The field's current value is offered as the first value.
  await expect(page.getByTestId('sweep-axis-values-0').locator('input')).toHaveValue('0.01');
  await page.getByTestId('sweep-axis-values-0').locator('input').fill('0.01, 0.003');
  await page.getByTestId('sweep-add-axis').click();
  await chooseField(page, 1, 'model.encoder');
  // A typo is caught before starting, naming the member and the field.
  await page.getByTestId('sweep-axis-values-1').locator('input').fill('[64, 2], [0]');
  await expect(page.getByTestId('sweep-problem')).toContainText('member 2 (learningRate=0.01 encoder=0): model.encoder');
  await page.getByTestId('sweep-axis-values-1').locator('input').fill('[64, 2], [32, 2]');
  await page.getByTestId('sweep-epochs').locator('input').fill('4');
  await page.getByTestId('sweep-epochs').locator('input').blur();
  await expect(page.getByTestId('sweep-count')).toHaveText('4 runs will be queued');
  await screenshotView(page, 'sweeps-custom-form');
  await page.getByTestId('sweep-start').click();

  const table = page.getByTestId('sweep-table');
  await expect(table.getByTestId('status-completed')).toHaveCount(4, { timeout: 200_000 });
  await expect(page.getByTestId('sweep-progress')).toHaveText('4 of 4 runs ended');
  await expect(table.getByTestId('sweep-best')).toHaveCount(1);
  await expect.poll(() => chartSeries(page, 'sweep-chart')).toBe(4);

  const csv = await exportedFile(page, app.target, () => page.getByTestId('sweep-export-csv').click());
  const lines = csv.text.trim().split('\r\n');
  expect(lines).toHaveLength(5);
  expect(lines[0]).toMatch(/^Run,learningRate,encoder,Status,Epochs,validation Loss/);
  expect(lines[1]).toMatch(/^★ #\d+ /);
  await screenshotView(page, 'sweeps-results');
  expect(app.pageErrors).toEqual([]);
});
