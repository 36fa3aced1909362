#!/usr/bin/env node
/**
 * Opens the bench page in headless Chromium (SwiftShader WebGPU), runs the
 * quick benchmark there and saves a screenshot — a check by eye that the
 * page works, not a timed test.
 *
 *   node scripts/check-page.mjs [screenshot.png]
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shot = resolve(process.argv[2] ?? join(app, 'results', 'tmp', 'page.png'));
mkdirSync(dirname(shot), { recursive: true });

const server = await createServer({
  root: app,
  configFile: join(app, 'vite.config.ts'),
  logLevel: 'warn',
  server: { port: 5174 },
});
await server.listen();
const url = `http://localhost:${server.config.server.port}/?run=quick`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--enable-features=Vulkan',
    '--use-vulkan=swiftshader',
    '--use-angle=swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(
    () => document.body.dataset.state === 'done' || document.body.dataset.state === 'failed',
    null,
    {
      timeout: 300_000,
    },
  );
  const state = await page.evaluate(() => document.body.dataset.state);
  const summary = await page.evaluate(() => ({
    status: document.getElementById('status')?.textContent,
    isolation: document.getElementById('isolation')?.textContent,
    warning: document.getElementById('software-warning')?.textContent ?? null,
    rows: document.querySelectorAll('#results tbody tr').length,
    ok: document.querySelectorAll('#results tr.ok').length,
    skipped: [...document.querySelectorAll('#results tr.skipped td:last-child')]
      .map((td) => td.textContent)
      .slice(0, 5),
    chart: Boolean(document.querySelector('#chart svg')),
  }));
  await page.screenshot({ path: shot, fullPage: true });
  console.log(JSON.stringify({ state, ...summary, errors }, null, 1));
  console.log(`screenshot: ${shot}`);
  failed = state !== 'done' || summary.ok === 0;
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
