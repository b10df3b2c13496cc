/**
 * Remote workers in the workbench: `latent-lab serve` follows a real redis-server (LATENT_LAB_QUEUE),
 * a real `latent-lab worker` joins it; the Workers view shows it, and a run sent to the queue is
 * trained there and shown with its worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startRedis, startWorker, type Proc, type RedisServer } from '../unit/main/services/queue/redis-support.js';
import { useLabApp } from './support/app.js';
import { createExperiment, fillNumber, openView, screenshotView, startPreset, waitForStatus } from './support/ui.js';

test.describe.configure({ mode: 'serial' });
let redis: RedisServer;
let worker: Proc;
let workerHome: string;
// Before the app starts (hooks run in the order they are registered): its server reads the variable.
test.beforeAll(async () => {
  redis = await startRedis();
  process.env.LATENT_LAB_QUEUE = redis.url;
  workerHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-e2e-worker-'));
  worker = startWorker(redis.url, 'e2e-worker', workerHome);
  await worker.waitFor(/joined the queue/);
});
const app = useLabApp();
test.afterAll(async () => {
  delete process.env.LATENT_LAB_QUEUE;
  await worker.kill();
  await redis.kill();
  fs.rmSync(workerHome, { recursive: true, force: true });
});

test('the Workers view shows the queue and the idle worker with its backend', async () => {
  const { page } = app;
  const view = await openView(page, 'workers');
  await expect(view.getByTestId('workers-queue')).toHaveText(`redis://127.0.0.1:${redis.port}`);
  const row = page.getByTestId('worker-e2e-worker');
  await expect(row).toContainText('idle');
  await expect(row).toContainText('wasm');
  await expect(row).toContainText(os.hostname());
  expect(app.pageErrors).toEqual([]);
});

test('a single run sent to the queue trains on the worker; the view says where it ran', async () => {
  const { page } = app;
  await openView(page, 'settings');
  await page.getByTestId('settings-queue-single-runs').click();
  await expect(page.getByTestId('settings-queue').locator('input')).toHaveValue(redis.url);
  await createExperiment(page);
  await startPreset(page, /3-D spiral to a 2-D linear code/, () => fillNumber(page, 'training.epochs', 5));
  await waitForStatus(page, 'completed');
  await openView(page, 'workers');
  const member = page.locator('[data-testid^="member-"]').first();
  await expect(member).toContainText('e2e-worker');
  await expect(member).toContainText('5/5');
  await expect(page.getByTestId('worker-e2e-worker')).toContainText(/idle/);
  await screenshotView(page, 'workers');
  expect(worker.output()).toMatch(/attempt 1\): completed/);
  expect(app.pageErrors).toEqual([]);
});
