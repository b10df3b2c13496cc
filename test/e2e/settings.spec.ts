/**
 * Settings: which compute backends this machine can load (and why not the others), the memory
 * limit of a run (0 = 75% of this machine, shown as a figure), and the UI language switching the
 * text everywhere.
 */
import os from 'node:os';
import { expect, test } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { chooseOption, openView, screenshotView } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();

test('the backend list shows wasm available and tensorflow unavailable with its reason', async () => {
  const { page } = app;
  await openView(page, 'settings');
  const wasm = page.getByTestId('settings-backend-wasm');
  await expect(wasm).toContainText('@tensorflow/tfjs-backend-wasm');
  await expect(wasm).toContainText('available');
  await expect(wasm).not.toContainText('not available');
  // tfjs-node and tfjs-node-gpu cannot be installed here (no libtensorflow).
  const tensorflow = page.getByTestId('settings-backend-tensorflow');
  await expect(tensorflow.first()).toBeVisible();
  for (const row of await tensorflow.all()) {
    await expect(row).toContainText('not available');
    await expect(row).toContainText(/@tensorflow\/tfjs-node/);
    await expect(row.locator('.reason')).not.toBeEmpty();
  }
  // Unavailable backends cannot be chosen.
  await page.getByTestId('settings-backend').click();
  await expect(page.locator('.n-base-select-option--disabled:visible', { hasText: 'tensorflow' }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-data-dir').locator('input')).toHaveValue(app.home);
  // The default concurrency (0) means one run per core: said in words, not shown as "0".
  const concurrency = page.getByTestId('settings-concurrency').locator('input');
  await expect(concurrency).toHaveValue('');
  await expect(concurrency).toHaveAttribute('placeholder', 'Automatic (one per CPU core)');
  await screenshotView(page, 'settings');
});

test('the memory limit: empty means 75% of this machine, with the figure; a value is saved, kept after a reload, and cleared back to automatic', async () => {
  const { page } = app;
  await openView(page, 'settings');
  const gb = (mb: number): string => `${(mb / 1024).toFixed(1)} GB`;
  const totalMb = Math.floor(os.totalmem() / 2 ** 20);
  const input = page.getByTestId('settings-memory-limit').locator('input');
  const hint = page.getByTestId('settings-memory-limit-hint');
  await expect(input).toHaveValue('');
  await expect(input).toHaveAttribute('placeholder', 'Automatic (75% of this machine)');
  await expect(hint).toHaveText(`Automatic: ${gb(Math.floor((os.totalmem() * 0.75) / 2 ** 20))}, 75% of this machine's ${gb(totalMb)}. A run estimated above it is refused; one that grows past it is stopped.`);
  await input.fill('2048');
  await input.blur();
  await expect(hint).toHaveText(`A run may use up to 2.0 GB (this machine has ${gb(totalMb)}); clear the field for 75% of it.`);
  await screenshotView(page, 'settings-memory-limit');
  await page.reload();
  await openView(page, 'settings');
  await expect(input).toHaveValue('2048');
  // Cleared: back to 0, the automatic limit.
  await input.fill('');
  await input.blur();
  await expect(hint).toContainText('Automatic: ');
  await page.reload();
  await openView(page, 'settings');
  await expect(input).toHaveValue('');
});

test('switching the language to Português (Brasil) changes the UI text, and it stays after a reload', async () => {
  const { page } = app;
  await expect(page.getByTestId('nav-datasets')).toHaveText('Datasets');
  await chooseOption(page, 'settings-language', 'Português (Brasil)');
  await expect(page.getByTestId('nav-datasets')).toHaveText('Conjuntos de dados');
  await expect(page.getByTestId('nav-settings')).toHaveText('Configurações');
  await expect(page.getByTestId('view-settings')).toContainText('Backend de computação');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await screenshotView(page, 'settings-pt-BR');

  await page.reload();
  await expect(page.getByTestId('nav-settings')).toHaveText('Configurações');
  await openView(page, 'settings');
  await chooseOption(page, 'settings-language', 'English');
  await expect(page.getByTestId('nav-settings')).toHaveText('Settings');
});
