/**
 * Training and comparing: create an experiment, train the font5x7-2d preset while its loss curve
 * grows, train a second run with another learning rate, compare both (curves, config diff), and
 * export the compare chart as SVG and the runs table as CSV.
 */
import { expect, test, type Page } from '@playwright/test';
import { useLabApp } from './support/app.js';
import {
  chartPoints, chartSeries, chooseOption, createExperiment, drawnCanvases, exportedFile, fillNumber, fillPreset, openView, pressTrain, recordAttribute,
  screenshotView, startPreset, waitForStatus,
} from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();

const PRESET = '5x7 font in a 2-D latent space';
// Long enough (a second or two) that the live chart updates several times: epoch events reach it in
// batches every 200 ms. Its stopWhen is switched off so that it trains every epoch.
const FIRST = { name: 'font-lr-0.01', epochs: 200 };
const SECOND = { name: 'font-lr-0.003', epochs: 15, learningRate: 0.003 };

async function setName(page: Page, name: string): Promise<void> {
  await page.getByTestId('field-name').locator('input').fill(name);
}

test('a new experiment opens as the active tab with an empty runs table', async () => {
  const { page } = app;
  await expect(page.getByTestId('no-experiment')).toBeVisible();
  await createExperiment(page);
  await expect(page.getByTestId('no-experiment')).toHaveCount(0);
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await screenshotView(page, 'runs-empty');
});

test('training the font5x7-2d preset grows the loss curve epoch by epoch and ends completed with reconstructions drawn', async () => {
  const { page } = app;
  await fillPreset(page, PRESET, async () => {
    await setName(page, FIRST.name);
    await fillNumber(page, 'training.epochs', FIRST.epochs);
    await page.getByTestId('field-training-stopWhen').click();
    await screenshotView(page, 'new-run');
  });
  // The chart's point count as every update left it, recorded from before Train is pressed: it
  // must rise epoch by epoch while training.
  const pointCounts = await recordAttribute(page, 'live-loss-chart', 'data-point-count');
  await pressTrain(page);
  await expect(page.getByTestId('live-run-name')).toContainText(FIRST.name);
  await expect.poll(() => chartPoints(page, 'live-loss-chart'), { timeout: 60_000 }).toBeGreaterThan(0);
  await waitForStatus(page, 'completed');
  const counts = (await pointCounts()).map(Number).filter((n) => n > 0);
  expect(counts.length, `point counts seen while training: ${counts.join(', ')}`).toBeGreaterThanOrEqual(3);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  // Train and validation each get a point per epoch.
  expect(counts.at(-1)).toBe(2 * FIRST.epochs);
  await expect(page.getByTestId('live-epoch')).toContainText(`of ${FIRST.epochs}`);
  await expect(page.getByTestId('live-progress')).toContainText('100');
  expect(await chartSeries(page, 'live-loss-chart')).toBe(2);

  const gallery = page.getByTestId('live-gallery');
  await expect(gallery.locator('canvas').first()).toBeVisible();
  await expect.poll(() => drawnCanvases(gallery.locator('canvas'))).toBeGreaterThanOrEqual(3 * 4);
  await screenshotView(page, 'live-run');
});

test('a second run with another learning rate compares against the first: both curves, the differing field marked', async () => {
  const { page } = app;
  await startPreset(page, PRESET, async () => {
    await setName(page, SECOND.name);
    await fillNumber(page, 'training.epochs', SECOND.epochs);
    await fillNumber(page, 'training.optimizer.learningRate', SECOND.learningRate);
  });
  await waitForStatus(page, 'completed');

  await openView(page, 'runs');
  const table = page.getByTestId('runs-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table).toContainText(FIRST.name);
  await expect(table).toContainText(SECOND.name);
  for (const row of await table.locator('tbody tr').all()) await row.locator('.n-checkbox').click();
  await expect(page.getByTestId('runs-compare')).toBeEnabled();
  await screenshotView(page, 'runs');
  await page.getByTestId('runs-compare').click();

  const compare = page.getByTestId('view-compare');
  await expect(compare).toBeVisible();
  await expect.poll(() => chartSeries(page, 'compare-chart')).toBe(2);
  // Each run's curve holds one point per epoch it validated.
  await expect.poll(() => chartPoints(page, 'compare-chart')).toBe(FIRST.epochs + SECOND.epochs);

  const diff = page.getByTestId('compare-config');
  const learningRateRow = diff.locator('tbody tr', { hasText: 'learningRate' });
  await expect(learningRateRow).toHaveCount(1);
  await expect(learningRateRow).toHaveClass(/differs/);
  await expect(learningRateRow).toContainText('0.003');
  await expect(learningRateRow).toContainText('0.01');
  await expect(diff.locator('tbody tr', { hasText: 'epochs' })).toHaveClass(/differs/);
  await expect(diff.locator('tbody tr', { hasText: 'batchSize' })).toHaveCount(0);
  await expect(page.getByTestId('compare-gallery').locator('canvas').first()).toBeVisible();
  await screenshotView(page, 'compare');
});

test('the compare chart exports as an SVG holding both runs, and the runs table as CSV', async () => {
  const { page } = app;
  const svg = await exportedFile(page, app.target, () => page.getByTestId('compare-chart-export-svg').click());
  expect(svg.name).toMatch(/\.svg$/);
  expect(svg.text).toMatch(/^(<\?xml[^>]*>\s*)?<svg[\s>]/);
  expect(svg.text).toContain('</svg>');
  expect(svg.text).toContain(FIRST.name);
  expect(svg.text).toContain(SECOND.name);
  // Two curves: a polyline path per run, each with a point per epoch.
  expect((svg.text.match(/<path [^>]*d="M[^"]*L/g) ?? []).length).toBeGreaterThanOrEqual(2);

  await openView(page, 'runs');
  const csv = await exportedFile(page, app.target, () => page.getByTestId('runs-export-csv').click());
  expect(csv.name).toMatch(/\.csv$/);
  const lines = csv.text.trim().split(/\r?\n/);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^ID,Name,Status,Dataset,Model,Epochs/);
  const first = lines.find((line) => line.includes(FIRST.name));
  const second = lines.find((line) => line.includes(SECOND.name));
  expect(first).toContain('completed');
  expect(first).toContain('font5x7');
  expect(first).toContain(`${FIRST.epochs}/${FIRST.epochs}`);
  expect(second).toContain(`${SECOND.epochs}/${SECOND.epochs}`);
  // By default the table shows the config fields that differ between the runs: the learning rate among them.
  expect(lines[0]).toContain('Learning rate');
  expect(second).toContain(String(SECOND.learningRate));
});

test('picking runs in the compare view itself: fewer than two shows what to do', async () => {
  const { page } = app;
  await openView(page, 'compare');
  await page.getByTestId('compare-runs').locator('.n-tag', { hasText: SECOND.name }).locator('.n-base-close').click();
  await expect(page.getByTestId('compare-empty')).toBeVisible();
  await chooseOption(page, 'compare-runs', SECOND.name);
  await expect.poll(() => chartSeries(page, 'compare-chart')).toBe(2);
});
