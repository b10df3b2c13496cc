/**
 * Resume (issue 12) in the window: a run cancelled in the middle of training shows a Resume button
 * (runs table and live view) whose tooltip names the checkpoint it continues from; pressing it
 * continues the same run to its planned epochs, its curve without a gap.
 */
import { expect, test } from '@playwright/test';
import { useLabApp } from './support/app.js';
import { createExperiment, fillNumber, openView, screenshotView, startPreset, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
const app = useLabApp();

const PRESET = '5x7 font in a 2-D latent space';
// Long enough that the run is still training when the cancel lands (the font trains ~60 epochs/s here, 1000
// epochs in ~17 s; CI's machine may be faster).
const EPOCHS = 1500;

test('a cancelled run resumes from its checkpoint and completes in the same run', async () => {
  const { page } = app;
  await createExperiment(page);
  await startPreset(page, PRESET, async () => {
    await fillNumber(page, 'training.epochs', EPOCHS);
    await fillNumber(page, 'training.checkpointEvery', 5);
    // The preset stops at 0 wrong pixels: off, so that the run is still training when it is cancelled.
    await page.getByTestId('field-training-stopWhen').click();
  });
  // Let it train a few checkpoints' worth, then cancel it.
  await expect(page.getByTestId('live-epoch')).toHaveText(new RegExp(`Epoch (1[2-9]|[2-9]\\d|\\d{3}) of ${EPOCHS}`), { timeout: 90_000 });
  // The live header re-renders with every batch of epochs (stores/runs.ts applies them 5 times a second): a click
  // can land on a button being replaced, so click (without waiting for the buttons to hold still) until the
  // confirmation is open, then confirm.
  const confirm = page.locator('.n-popconfirm');
  await expect(async () => {
    if (!(await confirm.isVisible())) await page.getByTestId('live-cancel').click({ force: true, timeout: 2_000 });
    await expect(confirm).toBeVisible({ timeout: 1_500 });
  }).toPass({ timeout: 30_000 });
  await confirm.getByRole('button').last().dispatchEvent('click');
  await waitForStatus(page, 'cancelled');

  const resume = page.getByTestId('run-resume-1');
  await expect(resume).toBeEnabled();
  await expect(page.getByTestId('run-resume-wrap-1')).toHaveAttribute('title', /Continue from the checkpoint of epoch \d+/);
  await screenshotView(page, 'resume-live-cancelled');

  await openView(page, 'runs');
  await expect(page.getByTestId('run-resume-1')).toBeVisible();
  await page.getByTestId('run-resume-1').hover();
  await screenshotView(page, 'resume-runs-table');

  await page.getByTestId('run-resume-1').click();
  await expect(page.getByTestId('view-live')).toBeVisible();
  await waitForStatus(page, 'completed', 120_000);
  await expect(page.getByTestId('live-epoch')).toHaveText(`Epoch ${EPOCHS} of ${EPOCHS}`);
  await expect(page.getByTestId('run-resume-1')).toHaveCount(0);
  await screenshotView(page, 'resume-live-completed');
  expect(app.pageErrors).toEqual([]);
});
