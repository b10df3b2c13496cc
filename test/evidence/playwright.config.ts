/**
 * The screenshots behind docs/evidence/issue13 (not part of the test suite): the real app in
 * browser mode, as the E2E specs drive it, with runs trained through the CLI beforehand.
 *
 *   npx playwright test -c test/evidence/playwright.config.ts
 */
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.js';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.capture.ts',
  outputDir: '../../test-results/evidence',
  globalSetup: undefined,
  timeout: 600_000,
  reporter: [['list']],
});
