/**
 * The engine in headless Chromium (WebGPU on SwiftShader): the page in
 * test/browser/page.ts is bundled with esbuild, served from localhost and
 * checks every loss output against core inside the browser. Skips, loudly,
 * only when there is no Chromium or Chromium offers no WebGPU adapter.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(executablePath);
if (!hasChromium) {
  console.warn(
    `\n!!! NO CHROMIUM at ${executablePath}: the headless-browser WebGPU test is SKIPPED (set CHROMIUM_PATH).\n`,
  );
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

describe.skipIf(!hasChromium)('the engine in headless Chromium', () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it('sweeps and batch-evaluates every loss like core', async () => {
    const bundle = await build({
      entryPoints: [here('./browser/page.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      alias: { '@losslab/core': here('../../core/src/index.ts') },
      logLevel: 'warning',
    });
    const script = bundle.outputFiles[0]!.text;
    server = createServer((req, res) => {
      if (req.url === '/page.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            '<!doctype html><meta charset="utf-8"><title>losslab gpu</title><script type="module" src="/page.js"></script>',
          );
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--enable-features=Vulkan',
        '--use-vulkan=swiftshader',
        '--use-angle=swiftshader',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://localhost:${port}/`);
      await page.waitForFunction(
        () => (window as { __losslab?: unknown }).__losslab !== undefined,
        undefined,
        {
          timeout: 100_000,
        },
      );
      const result = await page.evaluate(
        () => (window as unknown as { __losslab: Record<string, unknown> }).__losslab,
      );
      if (result.status === 'no-adapter') {
        console.warn(
          `\n!!! Chromium offers no WebGPU adapter (${String(result.error)}): browser check SKIPPED.\n`,
        );
        return;
      }
      expect(errors).toEqual([]);
      expect(result.status, String(result.error)).toBe('ok');
      console.log(
        `Chromium WebGPU on ${String(result.adapter)}: ${String(result.outputs)} loss outputs checked`,
      );
      // Plot-range points: well-conditioned, so a few ulp (the accuracy suite holds the hard points).
      expect((result.worst as { rel: number }).rel, JSON.stringify(result.worst)).toBeLessThan(64 * 2 ** -24);
      expect(result.sweepMaxRel).toBeLessThan(8 * 2 ** -24);
      expect(result.statsMatch).toBe(true);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
