/** Layout a first-time user tripped on: scroll position after Compare, clipped buttons, overlapping labels. */
import type { Locator } from '@playwright/test';
import { expect, test, waitForBackend, waitForFrame } from './helpers';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxesOf(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((elements) =>
    elements.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

test('opening a loss from low in the Compare table lands at the top of the new view', async ({ page }) => {
  await page.goto('/?view=compare');
  const row = page.locator('tr[data-loss=gan_nonsaturating]');
  await row.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  await row.getByRole('button', { name: /curves/i }).click();
  await expect(page.locator('[data-view=curves][aria-current=page]')).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  await expect(page.locator('#curves-title')).toBeInViewport();
  // Keyboard users continue from the new view, not from a button that no longer exists.
  await expect(page.locator('main')).toBeFocused();
});

test('the Compare table shows every “Open in” button at 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/?view=compare');
  const scroller = page.locator('.table-scroll').first();
  await expect(page.locator('[data-testid=compare-table] tbody tr').first()).toBeVisible();
  // Nothing to scroll sideways, and each Surface button lies inside the visible part of the table.
  const { scrollWidth, clientWidth } = await scroller.evaluate((e) => ({
    scrollWidth: e.scrollWidth,
    clientWidth: e.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  const visible = (await scroller.boundingBox())!;
  for (const box of await boxesOf(page.getByRole('button', { name: /surface$/i }))) {
    expect(box.x + box.width).toBeLessThanOrEqual(visible.x + visible.width + 0.5);
  }
});

test('at phone width the heatmap’s y-axis title clears its tick labels', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // A log axis with labels such as 0.5 and 0.2, and a linear one with signed labels.
  for (const query of ['loss=huber', 'loss=softmax_ce']) {
    await page.goto(`/?view=heatmap&${query}&res=128`);
    await waitForBackend(page, testInfo);
    await waitForFrame(page.getByTestId('heatmap'));
    const axis = page.getByTestId('axis-y');
    const [title] = await boxesOf(axis.locator('.axis-label'));
    const ticks = await boxesOf(axis.locator('.axis-tick'));
    expect(ticks.length).toBeGreaterThan(2);
    for (const tick of ticks) expect(overlaps(title!, tick), `${query}: title over a tick label`).toBe(false);
    // And the tick labels stay inside the page.
    for (const tick of ticks) expect(tick.x).toBeGreaterThanOrEqual(0);
  }
});
