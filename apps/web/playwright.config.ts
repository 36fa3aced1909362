/**
 * End-to-end tests in Debian's headless Chromium, twice: with WebGPU on
 * SwiftShader (a software Vulkan adapter) and with WebGPU unavailable, so
 * both compute paths are exercised. Never downloads a browser.
 */
import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.LOSSLAB_E2E_PORT ?? 4173);

/** Flags both projects share: SwiftShader for GL and Vulkan, and no background traffic. */
const commonArgs = [
  '--no-sandbox',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Two cores are shared with other work: one browser at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : [['list']],
  // Subfolders, so one run's cleanup never deletes the other's screenshots and timings.
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    acceptDownloads: true,
    trace: 'off',
  },
  projects: [
    {
      name: 'webgpu',
      // e2e/webgpu-only: behaviour that needs a GPU device (losing it, for one).
      use: { launchOptions: { executablePath: chromium, args: ['--enable-unsafe-webgpu', ...commonArgs] } },
    },
    {
      // Without --enable-unsafe-webgpu, navigator.gpu exists on Linux but yields no adapter.
      name: 'cpu',
      testIgnore: 'webgpu-only/**',
      use: { launchOptions: { executablePath: chromium, args: commonArgs } },
    },
  ],
  webServer: {
    // The package's own vite binary, not `pnpm exec`: pnpm may try the network to check its own version.
    command: process.env.LOSSLAB_E2E_DEV
      ? `./node_modules/.bin/vite --port ${port} --strictPort`
      : `./node_modules/.bin/vite build && ./node_modules/.bin/vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
