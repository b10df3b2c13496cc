/**
 * The GAN in the workbench: its preset fills the GAN fields of the new-run form, the run trains on
 * a slice of Fashion-MNIST, and the live view shows the D and G loss curves and the fixed-seed
 * samples from the prior (no reconstruction gallery: a GAN reconstructs nothing).
 */
import { expect, test } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { chooseOption, createExperiment, drawnCanvases, fillNumber, openView, pressTrain, screenshotView, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();

test('the Fashion-MNIST GAN preset trains and the live view draws its samples from the prior every epoch', async () => {
  test.setTimeout(300_000);
  const { page } = app;
  await createExperiment(page);
  await openView(page, 'newRun');
  // The preset list is virtual and the GAN presets come last: filter it by typing.
  await page.getByTestId('preset-select').click();
  await page.keyboard.type('dense GAN, uniform');
  await page.locator('.n-base-select-option:visible', { hasText: 'Fashion-MNIST dense GAN, uniform prior' }).first().click();
  await expect(page.getByTestId('preset-description')).toBeVisible();
  {
    await expect(page.getByTestId('field-model-architecture')).toContainText('Dense');
    await expect(page.getByTestId('field-model-prior')).toContainText('Uniform');
    await expect(page.getByTestId('field-model-latent').locator('input')).toHaveValue('64');
    await fillNumber(page, 'dataset.trainLimit', 2048);
    await fillNumber(page, 'dataset.valLimit', 256);
    await fillNumber(page, 'training.epochs', 4);
    await expect(page.getByTestId('architecture-total')).toBeVisible();
    await screenshotView(page, 'gan-new-run');
  }
  await pressTrain(page);
  await waitForStatus(page, 'completed', 240_000);

  const samples = page.getByTestId('live-samples');
  await expect(samples.locator('canvas')).toHaveCount(64);
  await expect.poll(() => drawnCanvases(samples.locator('canvas'))).toBe(64);
  await expect(page.getByTestId('live-samples-epoch')).toContainText('epoch 4');
  await expect(page.getByTestId('live-gallery')).toHaveCount(0);
  // The loss chart is the generator loss; the metric chart offers both networks' losses.
  await expect(page.getByTestId('live-metric-select')).toContainText('Discriminator loss');
  await chooseOption(page, 'live-metric-select', 'Generator loss');
  await expect(page.getByTestId('live-metric-select')).toContainText('Generator loss');
  await screenshotView(page, 'gan-live');
  expect(app.pageErrors).toEqual([]);
});
