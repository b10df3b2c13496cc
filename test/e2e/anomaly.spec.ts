/**
 * Anomaly detection: import a synthetic ECG5000 (UCR files), train the ECG preset on its normal
 * beats, then explore the Anomaly view: AUROC/AUPRC, the error histogram, ROC and PR curves,
 * the worst-K gallery of overlaid beats, and the numbers following the threshold slider live.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeEcgLikeFixture } from '../fixtures/generate.js';
import { useLabApp } from './support/app.js';
import { chartPoints, chooseOption, createExperiment, drawnCanvases, fillNumber, openView, pressTrain, screenshotView, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();
const SIZES = { train: 120, test: 200 };
const EPOCHS = 4;

const numbers = async (page: Page): Promise<Record<string, string>> => {
  const read = async (id: string) => (await page.getByTestId(`anomaly-${id}`).innerText()).trim();
  const ids = ['threshold', 'precision', 'recall', 'f1', 'tp', 'fp', 'tn', 'fn'];
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await read(id)])));
};
const count = (text: string): number => Number(/\d+/.exec(text)?.[0] ?? Number.NaN);

test('a synthetic ECG5000 imported from UCR files trains the ECG anomaly preset on its normal beats', async () => {
  const { page } = app;
  const dir = await writeEcgLikeFixture(join(app.scratch, 'ecg'), SIZES);
  await createExperiment(page);
  await openView(page, 'datasets');
  await chooseOption(page, 'dataset-import-format', /^ucr$/);
  await page.getByTestId('dataset-import-name').locator('input').fill('ecg5000');
  await page.getByTestId('dataset-import-paths').locator('textarea').fill([join(dir, 'ECG5000_TRAIN.txt'), join(dir, 'ECG5000_TEST.txt')].join('\n'));
  await page.getByTestId('dataset-import-run').click();
  await expect(page.getByTestId('dataset-ecg5000-availability')).toHaveText('available');

  // The preset list is long and virtual: type to filter it down to the ECG preset.
  await openView(page, 'newRun');
  await page.getByTestId('preset-select').click();
  await page.keyboard.type('ECG5000 heartbeat');
  await page.locator('.n-base-select-option:visible', { hasText: 'ECG5000 heartbeat anomaly detection' }).click();
  await expect(page.getByTestId('preset-description')).toContainText('normal heartbeats');
  await fillNumber(page, 'training.epochs', EPOCHS);
  await pressTrain(page);
  await waitForStatus(page, 'completed');
});

test('the Anomaly view shows AUROC, AUPRC, the histogram, both curves and the worst beats as overlaid lines', async () => {
  const { page } = app;
  await openView(page, 'anomaly');
  await expect(page.getByTestId('anomaly-scored')).toContainText(`epoch ${EPOCHS}`);
  await expect(page.getByTestId('anomaly-scored')).toContainText(`${SIZES.test * 0.6} normal and ${SIZES.test * 0.4} anomalous`);
  for (const id of ['anomaly-auroc', 'anomaly-auprc']) {
    const value = Number(await page.getByTestId(id).innerText());
    expect(value, id).toBeGreaterThan(0.5);
    expect(value, id).toBeLessThanOrEqual(1);
  }
  await expect.poll(() => chartPoints(page, 'anomaly-histogram')).toBeGreaterThan(40);
  await expect.poll(() => chartPoints(page, 'anomaly-roc')).toBeGreaterThan(10);
  await expect.poll(() => chartPoints(page, 'anomaly-pr')).toBeGreaterThan(10);
  const worst = page.getByTestId('anomaly-worst');
  await expect(worst.getByTestId('anomaly-worst-item')).toHaveCount(12);
  await expect.poll(() => drawnCanvases(worst.locator('canvas'))).toBe(12);
  await screenshotView(page, 'anomaly');
});

test('moving the threshold slider updates the threshold, precision, recall, F1 and the confusion counts', async () => {
  const { page } = app;
  const configured = await numbers(page);
  const slider = page.getByTestId('anomaly-slider');
  const box = (await slider.boundingBox())!;
  // Near zero nearly everything is flagged: recall 1, many false positives.
  await slider.click({ position: { x: box.width * 0.02, y: box.height / 2 } });
  await expect(page.getByTestId('anomaly-mode').locator('.n-radio-button--checked')).toHaveText('manual');
  const low = await numbers(page);
  expect(low.threshold).not.toBe(configured.threshold);
  expect(low.recall).toBe('1');
  expect(count(low.fp)).toBeGreaterThan(count(configured.fp));
  // Far right nothing but the worst is flagged: fewer true positives, no more false positives than before.
  await slider.click({ position: { x: box.width * 0.9, y: box.height / 2 } });
  const high = await numbers(page);
  expect(Number(high.threshold)).toBeGreaterThan(Number(low.threshold));
  expect(count(high.tp)).toBeLessThan(count(low.tp));
  expect(count(high.fp)).toBeLessThanOrEqual(count(low.fp));
  expect(high.f1).not.toBe(low.f1);
  for (const n of [low, high]) {
    expect(count(n.tp) + count(n.fn)).toBe(SIZES.test * 0.4);
    expect(count(n.fp) + count(n.tn)).toBe(SIZES.test * 0.6);
  }
  await screenshotView(page, 'anomaly-high-threshold');

  // A percentile of the normal training errors sets the threshold again, and Reset restores mean + 2σ.
  await page.getByTestId('anomaly-mode-percentile').click();
  expect((await numbers(page)).threshold).not.toBe(high.threshold);
  await page.getByTestId('anomaly-reset').click();
  expect(await numbers(page)).toEqual(configured);
});
