/**
 * VAE and denoising runs in the workbench: the VAE fields of the New-run form and its architecture
 * (both heads), the reconstruction and KL curves, the KL-per-dimension chart and the collapse
 * warning in the live view; the denoising section, the error-vs-noise chart and the
 * noisy | denoised | clean gallery once a font denoising run ended.
 */
import { expect, test, type Page } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { chartPoints, chooseOption, createExperiment, drawnCanvases, fillNumber, openView, pressTrain, screenshotView, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
// Training on a loaded two-core machine: a run may take a minute or two.
test.setTimeout(360_000);
const app = useLabApp();

async function fillVae(page: Page, name: string, beta: number, epochs: number): Promise<void> {
  await openView(page, 'newRun');
  await page.getByTestId('field-name').locator('input').fill(name);
  await chooseOption(page, 'field-model-kind', 'Variational (VAE)');
  await fillNumber(page, 'model.latent', 4);
  await fillNumber(page, 'model.beta', beta);
  await fillNumber(page, 'training.epochs', epochs);
  await fillNumber(page, 'training.batchSize', 4);
  await fillNumber(page, 'training.optimizer.learningRate', 0.01);
  await chooseOption(page, 'field-training-loss', 'Binary cross-entropy');
}

test('a VAE run shows its reconstruction and KL curves and the KL of each latent dimension', async () => {
  const { page } = app;
  await createExperiment(page);
  await fillVae(page, 'font-vae', 1, 20);
  await expect(page.getByTestId('architecture-total')).toBeVisible();
  // The VAE's fields offer its conv encoder, and no class count (it is not conditioned on labels).
  await expect(page.getByTestId('field-model-convBlocks-switch')).toBeVisible();
  await expect(page.getByTestId('field-model-classes')).toHaveCount(0);
  await expect(page.getByText('z_log_var').first()).toBeVisible();
  await screenshotView(page, 'vae-new-run');
  await pressTrain(page);
  await waitForStatus(page, 'completed', 300_000);

  for (const metric of ['Reconstruction (VAE)', 'KL divergence']) {
    await chooseOption(page, 'live-metric-select', metric);
    await expect.poll(() => chartPoints(page, 'live-metric-chart')).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('vae-active-units')).toContainText(/of 4 latent dimensions active \(epoch 20\)/);
  await expect(page.getByTestId('vae-kl-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('vae-collapse-warning')).toHaveCount(0);
  await screenshotView(page, 'vae-live');
});

test('a VAE with a huge β warns that its posterior collapsed', async () => {
  const { page } = app;
  await fillVae(page, 'font-vae-collapse', 1000, 12);
  await pressTrain(page);
  await waitForStatus(page, 'completed', 300_000);
  await expect(page.getByTestId('vae-collapse-warning')).toContainText('Posterior collapse: none of the 4 latent dimensions');
  await expect(page.getByTestId('vae-active-units')).toContainText('0 of 4');
  await screenshotView(page, 'vae-live-collapse');
});

test('a font denoising run ends with the error-vs-noise chart and the noisy | denoised | clean gallery', async () => {
  const { page } = app;
  await createExperiment(page);
  await openView(page, 'newRun');
  // The preset list is long and virtual: filter it to the one wanted.
  await page.getByTestId('preset-select').click();
  await page.keyboard.type('font denoising, 2 flipped');
  await page.locator('.n-base-select-option:visible', { hasText: '5x7 font denoising, 2 flipped pixels' }).first().click();
  await expect(page.getByTestId('preset-description')).toBeVisible();
  await fillNumber(page, 'training.epochs', 60);
  await expect(page.getByTestId('field-denoising-corruption-kind')).toContainText('Flip k pixels');
  await expect(page.getByTestId('field-denoising-corruption-k').locator('input')).toHaveValue('2');
  await expect(page.getByTestId('denoising-sweep-levels')).toContainText('0, 1, 2, 3, 4, 6, 8');
  await screenshotView(page, 'denoising-new-run');
  await pressTrain(page);
  await expect(page.getByTestId('denoising-pending')).toBeVisible();
  await waitForStatus(page, 'completed', 300_000);
  // Denoised and noisy-input errors at each of the 7 levels.
  await expect.poll(() => chartPoints(page, 'denoising-sweep-chart')).toBe(14);
  const gallery = page.getByTestId('denoising-gallery');
  for (const row of ['noisy', 'denoised', 'clean']) await expect(gallery.getByTestId(`denoising-row-${row}`).locator('canvas')).toHaveCount(8);
  await expect.poll(() => drawnCanvases(gallery.locator('canvas'))).toBe(24);
  await screenshotView(page, 'denoising-live');
  await chooseOption(page, 'denoising-level-select', 'flipped pixels 6');
  await screenshotView(page, 'denoising-live-level6');
});
