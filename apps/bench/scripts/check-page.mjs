#!/usr/bin/env node
/**
 * Opens the bench page in headless Chromium (SwiftShader WebGPU) and uses it
 * as a person would: ticks two losses, one size (128², not a default) and
 * every backend, presses "Quick run", and checks that the results cover
 * exactly what was ticked, that the GPU rows were measured, and that the page
 * logged no errors. Saves a screenshot — a check by eye, not a timed test.
 *
 *   node scripts/check-page.mjs [screenshot.png] [--port 4184]
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = Number(portAt >= 0 ? args[portAt + 1] : (process.env.PORT ?? 5174));
const shotArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--port');
const shot = resolve(shotArg ?? join(app, 'results', 'tmp', 'page.png'));
mkdirSync(dirname(shot), { recursive: true });

const LOSSES = ['huber', 'mse'];
const SIZE = '128';

const server = await createServer({
  root: app,
  configFile: join(app, 'vite.config.ts'),
  logLevel: 'warn',
  server: { port, strictPort: true },
});
await server.listen();
const url = `http://localhost:${port}/`;
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
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  // As a user: untick every loss and size, tick ours; every backend stays ticked.
  const ticked = page.locator('input[name="loss"]:checked, input[name="size"]:checked');
  while ((await ticked.count()) > 0) await ticked.first().uncheck();
  for (const loss of LOSSES) await page.check(`input[name="loss"][value="${loss}"]`);
  await page.check(`input[name="size"][value="${SIZE}"]`);
  await page.click('#quick');
  await page.waitForFunction(
    () => document.body.dataset.state === 'done' || document.body.dataset.state === 'failed',
    null,
    { timeout: 300_000 },
  );
  const summary = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('#results > table:last-of-type tbody tr')].map((tr) => {
      const td = [...tr.querySelectorAll('td')].map((c) => c.textContent ?? '');
      return { loss: td[0], size: td[1], backend: td[2], status: tr.className, notes: td.at(-1) };
    });
    return {
      state: document.body.dataset.state,
      status: document.getElementById('status')?.textContent,
      isolation: document.getElementById('isolation')?.textContent,
      warning: document.getElementById('software-warning')?.textContent ?? null,
      rows,
      chart: Boolean(document.querySelector('#chart svg')),
    };
  });
  await page.screenshot({ path: shot, fullPage: true });
  const sizes = [...new Set(summary.rows.map((r) => r.size))];
  const losses = [...new Set(summary.rows.map((r) => r.loss))].sort();
  const notOk = summary.rows.filter((r) => r.status !== 'ok');
  const gpuOk = summary.rows.filter((r) => r.backend === 'gpu' && r.status === 'ok').length;
  if (summary.state !== 'done') problems.push(`state ${summary.state}: ${summary.status}`);
  if (sizes.join() !== `${SIZE}²`) problems.push(`sizes measured ${sizes.join(', ')}, ticked ${SIZE}²`);
  if (losses.join() !== [...LOSSES].sort().join()) problems.push(`losses measured ${losses.join(', ')}`);
  if (gpuOk !== LOSSES.length) problems.push(`${gpuOk} GPU rows measured, expected ${LOSSES.length}`);
  if (!summary.chart) problems.push('no chart');
  if (errors.length) problems.push(`page errors: ${errors.join(' | ')}`);
  console.log(
    JSON.stringify(
      { ...summary, rows: summary.rows.length, sizes, losses, notOk, errors, problems },
      null,
      1,
    ),
  );
  console.log(`screenshot: ${shot}`);
} finally {
  await browser.close();
  await server.close();
}
process.exit(problems.length ? 1 : 0);
