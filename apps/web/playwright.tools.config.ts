/**
 * Tools that drive the app without asserting much: screenshots of every view
 * (both projects, desktop and phone, light and dark) and slider-drag frame
 * timings. Run with `pnpm exec playwright test -c playwright.tools.config.ts`.
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: './e2e/tools',
  testMatch: '*.tool.ts',
  timeout: 600_000,
  outputDir: 'test-results/tools',
});
