/** Every view loads cleanly on both compute paths, and passes axe without serious violations. */
import AxeBuilder from '@axe-core/playwright';
import { expect, expectedBackend, test, waitForBackend, waitForFrame } from './helpers';

const views = [
  { view: 'curves', ready: '[data-testid=curve-value-canvas]' },
  { view: 'heatmap', ready: '[data-testid=heatmap][data-frames]:not([data-frames="0"])' },
  { view: 'surface', ready: '[data-testid=surface][data-frames]:not([data-frames="0"])' },
  { view: 'compare', ready: '[data-testid=compare-table] tbody tr' },
  { view: 'info', ready: '[data-testid=info] .katex' },
  { view: 'custom', ready: '[data-testid=custom-preview] .katex' },
  { view: 'fit', ready: '[data-testid=landscape][data-frames]:not([data-frames="0"])' },
  { view: 'practice', ready: '[data-testid=practice-prompt]' },
] as const;

for (const { view, ready } of views) {
  test(`${view} view loads with no console errors and no serious axe violations`, async ({
    page,
  }, testInfo) => {
    // Fully local: every request stays on the app's own origin (or is a data:/blob: URL).
    const origin = new URL(testInfo.project.use.baseURL ?? 'http://localhost').origin;
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    await page.goto(`/?view=${view}&res=128`);
    await waitForBackend(page, testInfo);
    await expect(page.locator(ready).first()).toBeVisible();
    await expect(page.locator(`[data-view=${view}][aria-current=page]`)).toBeVisible();
    await expect(page.getByTestId('notices')).toHaveCount(0);
    // No plot shows an error message instead of a picture.
    await expect(page.locator('.plot-message.error')).toHaveCount(0);

    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
    expect(foreign).toEqual([]);
  });
}

test('the badge says which path is active and why', async ({ page }, testInfo) => {
  await page.goto('/?view=heatmap&res=128');
  await waitForBackend(page, testInfo);
  const reason = page.getByTestId('backend-reason');
  if (expectedBackend(testInfo) === 'webgpu') {
    await expect(page.getByTestId('backend-badge')).toContainText('WebGPU');
    await expect(reason).toContainText('software adapter');
    await expect(page.getByTestId('heatmap-canvas')).toHaveAttribute('data-backend', 'webgpu');
  } else {
    await expect(page.getByTestId('backend-badge')).toContainText('CPU');
    await expect(reason).toContainText(/adapter|WebGPU/);
    await expect(page.getByTestId('heatmap-canvas')).toHaveAttribute('data-backend', 'cpu');
  }
  await waitForFrame(page.getByTestId('heatmap'));
  await expect(page.getByTestId('timings')).toContainText(/sweep \d/);
});

test('forcing the CPU switches the path, keeps drawing, and is kept in the URL', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=heatmap&res=128');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  await page.getByTestId('force-cpu').check();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('backend-reason')).toContainText('forced');
  await expect(page.getByTestId('heatmap-canvas')).toHaveAttribute('data-backend', 'cpu');
  await waitForFrame(page.getByTestId('heatmap'));
  await expect.poll(() => new URL(page.url()).searchParams.get('cpu')).toBe('1');
  await page.getByTestId('force-cpu').uncheck();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', expectedBackend(testInfo));
  await waitForFrame(page.getByTestId('heatmap'));
});
