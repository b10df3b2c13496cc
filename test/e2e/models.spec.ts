/**
 * Models: save a trained run's model to a chosen folder, open that folder again, and use the
 * opened model without retraining: reconstruct dataset samples and scatter their 2-D codes.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { chartPoints, chartSeries, chooseOption, createExperiment, drawnCanvases, fillNumber, openView, screenshotView, startPreset, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();

const RUN_NAME = 'font-to-save';

test('a model saved from a finished run is written to the chosen folder as autoencoder, encoder and decoder', async () => {
  const { page } = app;
  await createExperiment(page);
  await startPreset(page, '5x7 font in a 2-D latent space', async () => {
    await page.getByTestId('field-name').locator('input').fill(RUN_NAME);
    await fillNumber(page, 'training.epochs', 20);
  });
  await waitForStatus(page, 'completed');

  await openView(page, 'models');
  await expect(page.getByTestId('models-open-card')).toContainText('No model opened yet');
  await chooseOption(page, 'models-run', RUN_NAME);
  // A folder name with a space, outside the data directory, as a user might pick.
  const folder = join(app.scratch, 'saved models', RUN_NAME);
  await page.getByTestId('models-dir').locator('input').fill(folder);
  await page.getByTestId('models-save').click();
  const written = page.getByTestId('models-written');
  await expect(written).toBeVisible();
  for (const part of ['autoencoder', 'encoder', 'decoder']) {
    await expect(written).toContainText(join(folder, part));
    expect(existsSync(join(folder, part, 'model.json')), `${part}/model.json on disk`).toBe(true);
  }
});

test('saving into a folder that holds files asks first; No leaves it as it was, Replace replaces the model folders only', async () => {
  const { page } = app;
  const folder = join(app.scratch, 'saved models', RUN_NAME);
  writeFileSync(join(folder, 'notes.txt'), 'mine');
  const before = statSync(join(folder, 'autoencoder', 'model.json')).mtimeMs;
  await page.getByTestId('models-save').click();
  const dialog = page.locator('.n-dialog');
  await expect(dialog).toContainText('The folder is not empty');
  await expect(dialog).toContainText(`Replace the model in ${folder}?`);
  await screenshotView(page, 'models-replace-confirm');
  await page.getByTestId('models-replace-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('models-written')).toHaveCount(0);
  await expect(page.getByTestId('models-save-error')).toHaveCount(0);
  expect(statSync(join(folder, 'autoencoder', 'model.json')).mtimeMs).toBe(before);

  await page.getByTestId('models-save').click();
  await page.getByTestId('models-replace-confirm').click();
  await expect(page.getByTestId('models-written')).toContainText(join(folder, 'autoencoder'));
  expect(statSync(join(folder, 'autoencoder', 'model.json')).mtimeMs).toBeGreaterThan(before);
  expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('mine');
});

test('opening the saved folder shows what the model holds, and it reconstructs and encodes font5x7 without retraining', async () => {
  const { page } = app;
  const folder = join(app.scratch, 'saved models', RUN_NAME);
  await page.getByTestId('models-open-dir').locator('input').fill(folder);
  await page.getByTestId('models-open').click();
  const info = page.getByTestId('models-info');
  await expect(info).toContainText('autoencoder, encoder, decoder');
  await expect(info).toContainText('[7, 5, 1]');
  await expect(info.locator('td', { hasText: /^\s*2\s*$/ })).toHaveCount(1); // code size

  await expect(page.getByTestId('models-dataset')).toContainText('font5x7');
  await page.getByTestId('models-reconstruct').click();
  const gallery = page.getByTestId('models-gallery');
  await expect(gallery.locator('tbody tr')).toHaveCount(8);
  await expect.poll(() => drawnCanvases(gallery.locator('canvas'))).toBeGreaterThanOrEqual(8 * 2);

  await page.getByTestId('models-encode').click();
  // font5x7 has 32 patterns, each its own class: one coloured series per class, a point per sample.
  await expect(page.getByTestId('models-use')).toContainText('Codes of 32 samples of font5x7');
  await expect.poll(() => chartPoints(page, 'models-scatter')).toBe(32);
  expect(await chartSeries(page, 'models-scatter')).toBe(32);
  await screenshotView(page, 'models');
});

test('opening a folder without a saved model says which folder and what was expected', async () => {
  const { page } = app;
  await page.getByTestId('models-open-dir').locator('input').fill(app.scratch);
  await page.getByTestId('models-open').click();
  const error = page.getByTestId('models-open-error');
  await expect(error).toContainText(app.scratch);
  await expect(error).toContainText('no saved model');
  // The model opened before is still there and usable.
  await expect(page.getByTestId('models-info')).toContainText('autoencoder, encoder, decoder');
  await page.getByTestId('models-close').click();
  await expect(page.getByTestId('models-open-card')).toContainText('No model opened yet');
});
