/**
 * Issue 13's screenshots: a live MNIST run mid-epoch with per-step points (a VAE, so its KL part
 * too), the runs table with chosen config columns at 1440 px and its CSV, a run stopped by
 * stopWhen, Compare in pt-BR, the dark theme, the UMAP map of MNIST codes, renaming, interpolation
 * ends picked by class, a sweep that partly failed, translated refusals, presets and datasets.
 * Each one is written to docs/evidence/issue13/ and opened by hand afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { REPO_ROOT } from '../e2e/support/paths.js';
import { startServer, type ServedLab } from '../e2e/support/server.js';
import { chooseOption, fillNumber, fillPreset, openView, pressTrain } from '../e2e/support/ui.js';

test.describe.configure({ mode: 'serial' });

const OUT = join(REPO_ROOT, 'docs/evidence/issue13');
const home = mkdtempSync(join(tmpdir(), 'lab-evidence-'));
let server: ServedLab;
let browser: Browser;
let page: Page;

function cli(args: string[]): void {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/latent-lab.js'), ...args], {
    env: { ...process.env, LATENT_LAB_HOME: home }, encoding: 'utf8', timeout: 300_000,
  });
  if (result.status !== 0) console.log(`latent-lab ${args.join(' ')} → ${result.status}\n${result.stderr.slice(-2000)}`);
}

/** The whole main area, the window made tall enough first (as the E2E screenshots are taken). */
async function shot(name: string, width = 1440): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  const content = page.locator('.n-layout-content .n-scrollbar-content').first();
  const height = (await content.boundingBox())?.height ?? 0;
  if (height + 120 > 900) await page.setViewportSize({ width, height: Math.min(4000, Math.ceil(height + 120)) });
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled' });
  await page.setViewportSize({ width, height: 900 });
}

test.beforeAll(async () => {
  test.setTimeout(900_000);
  const font = (name: string, learningRate: number, epochs: number) => {
    const file = join(home, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({
      name,
      dataset: { id: 'font5x7', valFraction: 0 },
      model: { kind: 'dense', encoder: [64, 2], decoder: [64, 128], activation: 'tanh', codeActivation: 'linear', outputActivation: 'sigmoid' },
      training: {
        epochs, batchSize: 32, loss: 'bce', optimizer: { name: 'adam', learningRate }, validationEvery: 1, checkpointEvery: 100,
        stopWhen: { metric: 'maxWrongPixels', atMost: 0 },
      },
    }));
    cli(['train', '--config', file, '--experiment', 'Follow']);
  };
  // A run that stops by its stopWhen target, and two that do not (another learning rate, fewer epochs).
  cli(['train', '--preset', 'font5x7-2d', '--experiment', 'Follow']);
  font('font lr 0.003', 0.003, 60);
  font('font lr 0.03', 0.03, 40);
  // MNIST codes for the latent lab's UMAP: a 784-128-784 ReLU net, 2 epochs.
  cli(['train', '--preset', 'mnist-dense-128-relu', '--epochs', '2', '--experiment', 'MNIST']);
  // A sweep with one member diverging: it reads "partly failed".
  const spec = join(home, 'diverging.json');
  writeFileSync(spec, JSON.stringify({
    name: 'lr up to 10',
    base: {
      dataset: { id: 'spiral3d', valFraction: 0.2 },
      model: { kind: 'dense', encoder: [2], activation: 'linear', outputActivation: 'linear' },
      training: { epochs: 3, batchSize: 32, loss: 'mse', optimizer: { name: 'sgd', learningRate: 0.01 } },
    },
    grid: [{ path: 'training.optimizer.learningRate', values: [0.01, 0.1, 10] }],
  }));
  cli(['sweep', '--spec', spec, '--experiment', 'Follow']);

  server = await startServer(home);
  browser = await chromium.launch(test.info().project.use.launchOptions);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('nav').waitFor();
});

test.afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
});

async function openTab(name: string): Promise<void> {
  await page.locator('[data-testid^="experiment-tab-"]', { hasText: name }).first().click();
}

test('runs table: chosen config columns at 1440 px, its CSV, the stop reason, rename', async () => {
  await openTab('Follow');
  await openView(page, 'runs');
  await page.evaluate(() => localStorage.setItem('latent-lab.runs.columns', JSON.stringify([
    'fixed:id', 'fixed:name', 'fixed:status', 'config:training.optimizer.learningRate', 'config:training.epochs',
    'metric:val:loss', 'metric:val:maxWrongPixels',
  ])));
  await page.reload();
  await page.getByTestId('nav').waitFor();
  await openTab('Follow');
  await openView(page, 'runs');
  await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(6);
  await shot('runs-table-config-columns-1440');
  const download = page.waitForEvent('download');
  await page.getByTestId('runs-export-csv').click();
  const file = await download;
  await file.saveAs(join(OUT, 'runs-table.csv'));

  // The stop reason as the status tooltip.
  await page.getByTestId('runs-table').locator('[data-testid="status-completed"]').last().hover();
  await page.waitForTimeout(500);
  await shot('run-stopped-by-stopWhen-tooltip');

  // Rename a run.
  const first = page.locator('[data-testid^="run-rename-"]').last();
  await first.click();
  await page.getByTestId('run-rename-input').locator('input').fill('font, stopped at 0 wrong pixels');
  await shot('run-rename-dialog');
  await page.getByTestId('run-rename-save').click();
  await expect(page.getByTestId('runs-table')).toContainText('font, stopped at 0 wrong pixels');
  await shot('runs-table-renamed');
});

test('the run stopped by stopWhen, in its live view', async () => {
  await page.getByText('font, stopped at 0 wrong pixels').first().click();
  await expect(page.getByTestId('view-live')).toBeVisible();
  await shot('run-stopped-by-stopWhen');
});

test('a sweep whose members partly diverged reads partly failed', async () => {
  await openView(page, 'sweeps');
  await chooseOption(page, 'sweep-pick', 'lr up to 10');
  await expect(page.getByTestId('status-partial')).toBeVisible();
  await shot('sweep-partly-failed');
});

test('Compare in pt-BR, with the re-scored note', async () => {
  await openView(page, 'settings');
  await chooseOption(page, 'settings-language', 'Português');
  await openView(page, 'runs');
  for (const row of await page.getByTestId('runs-table').locator('tbody tr', { hasText: 'font' }).all()) await row.locator('.n-checkbox').click();
  await shot('runs-table-pt-BR');
  await page.getByTestId('runs-compare').click();
  await expect(page.getByTestId('view-compare')).toBeVisible();
  await page.waitForTimeout(1500);
  await shot('compare-pt-BR');
});

test('translated presets, datasets and a refusal (es)', async () => {
  await openView(page, 'settings');
  await chooseOption(page, 'settings-language', 'Español');
  await openView(page, 'datasets');
  await shot('datasets-es');
  await fillPreset(page, /Fuente 5x7 en un espacio latente/);
  await shot('new-run-preset-es');
  // A convolutional model on the 3-D spiral: the service refuses, in Spanish.
  await chooseOption(page, 'field-dataset-id', 'spiral3d');
  await chooseOption(page, 'field-model-kind', /conv/i);
  await expect(page.getByText(/Un modelo convolucional necesita muestras de imagen/)).toBeVisible({ timeout: 15_000 });
  await shot('new-run-refusal-es');
  await openView(page, 'settings');
  await chooseOption(page, 'settings-language', 'English');
});

test('UMAP of MNIST codes, and interpolation ends picked by class', async () => {
  await openTab('MNIST');
  await openView(page, 'latent');
  await page.getByTestId('latent-count').locator('input').fill('2000');
  await page.getByTestId('latent-project').click();
  await expect(page.getByTestId('latent-method')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('latent-map-umap').click();
  await expect(page.getByTestId('latent-map-progress')).toHaveCount(0, { timeout: 300_000 });
  await page.waitForTimeout(1000);
  await shot('umap-mnist-codes');
  await page.getByTestId('latent-map-pca').click();
  await chooseOption(page, 'latent-pick-a-class', '3');
  await chooseOption(page, 'latent-pick-b-class', '8');
  await page.getByTestId('latent-interpolate').click();
  await expect(page.getByTestId('latent-strip')).toHaveAttribute('data-count', '9', { timeout: 30_000 });
  await shot('interpolation-by-class');
});

test('a live MNIST VAE run mid-epoch: per-step points, its KL part, the dark theme', async () => {
  await openTab('MNIST');
  // The preset list is long (virtual scrolling): type to filter it first.
  await openView(page, 'newRun');
  await page.getByTestId('preset-select').click();
  await page.keyboard.type('VAE 784-64-16-8');
  await page.locator('.n-base-select-option:visible', { hasText: 'MNIST VAE 784-64-16-8' }).first().click();
  await expect(page.getByTestId('preset-description')).toBeVisible();
  await fillNumber(page, 'training.epochs', 2);
  await pressTrain(page);
  await expect(page.getByTestId('view-live')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('live-steps-chart').getAttribute('data-point-count')), { timeout: 120_000 }).toBeGreaterThan(40);
  await shot('live-mnist-mid-epoch-per-step');
  await chooseOption(page, 'live-steps-metric', 'KL');
  await page.getByTestId('live-steps-axis-time').click();
  await shot('live-mnist-mid-epoch-kl-part');
  await page.getByTestId('theme-toggle').click();
  await shot('dark-theme-live');
  await page.getByTestId('theme-toggle').click();
});

test('an empty state with the neutral icon', async () => {
  await page.getByTestId('experiment-new').click();
  await openView(page, 'runs');
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await shot('empty-state-neutral-icon', 1000);
});
