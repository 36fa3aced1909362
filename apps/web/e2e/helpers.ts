/**
 * Shared steps of the end-to-end tests, and the `test` every spec uses: it
 * fails any test during which a page of its browser context threw an
 * uncaught error or logged a console error (in any flow, not only where a
 * test remembers to look). A test that expects a particular console error
 * names it with `test.use({ allowedErrors: [/…/] })`.
 */
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';

export { expect };

export interface ErrorGuard {
  /** Console errors and uncaught exceptions so far, one line each. */
  readonly errors: string[];
}

export const test = base.extend<{ allowedErrors: readonly RegExp[]; errorGuard: ErrorGuard }>({
  allowedErrors: [[], { option: true }],
  errorGuard: [
    async ({ context, allowedErrors }, use) => {
      const errors: string[] = [];
      // The context's events cover every page of the test, including ones it opens later.
      context.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
      });
      context.on('weberror', (webError) => {
        const error = webError.error();
        errors.push(`uncaught ${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ''}`);
      });
      await use({ errors });
      const unexpected = errors.filter((line) => !allowedErrors.some((allowed) => allowed.test(line)));
      expect(unexpected, 'uncaught page errors or console errors during the test').toEqual([]);
    },
    { auto: true },
  ],
});

/** The compute path the project under test must end up on. */
export function expectedBackend(testInfo: TestInfo): 'webgpu' | 'cpu' {
  return testInfo.project.name === 'webgpu' ? 'webgpu' : 'cpu';
}

/** Waits until the badge shows the project's compute path. */
export async function waitForBackend(page: Page, testInfo: TestInfo): Promise<void> {
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', expectedBackend(testInfo), {
    timeout: 30_000,
  });
}

/** The number of sweeps a plot has drawn. */
export async function framesOf(plot: Locator): Promise<number> {
  return Number((await plot.getAttribute('data-frames')) ?? '0');
}

/** Waits for a plot to draw more than `after` sweeps. */
export async function waitForFrame(plot: Locator, after = 0): Promise<void> {
  await expect.poll(() => framesOf(plot), { timeout: 45_000 }).toBeGreaterThan(after);
}

/**
 * RGB of screen pixels inside an element, read from a screenshot (so WebGPU
 * and Canvas 2D canvases are read the same way). Points are in CSS pixels
 * relative to the element's top-left corner.
 */
export async function pixelsAt(
  page: Page,
  element: Locator,
  points: readonly { x: number; y: number }[],
): Promise<[number, number, number][]> {
  const png = await element.screenshot();
  return page.evaluate(
    async ({ base64, points }) => {
      const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return points.map(({ x, y }) => {
        const d = ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
        return [d[0]!, d[1]!, d[2]!] as [number, number, number];
      });
    },
    { base64: png.toString('base64'), points },
  );
}

/** A hash of an element's pixels, to tell whether a picture changed. */
export async function pictureOf(element: Locator): Promise<string> {
  const png = await element.screenshot();
  const { createHash } = await import('node:crypto');
  return createHash('sha1').update(png).digest('hex');
}

/** Reads a downloaded file triggered by clicking `button`. */
export async function download(page: Page, button: Locator): Promise<{ name: string; data: Buffer }> {
  const [event] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const stream = await event.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: event.suggestedFilename(), data: Buffer.concat(chunks) };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(data: Buffer): { width: number; height: number } {
  expect(data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(data.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}
