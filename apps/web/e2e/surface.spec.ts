/** The surface's box has ticked, titled axes, and the readout reads the point under the pointer. */
import { evaluate, gradient } from '@losslab/core';
import { axisTicks } from '../src/lib/ticks';
import { expect, test, waitForBackend, waitForFrame } from './helpers';

const fromDisplay = (text: string) => Number(text.replace('\u2212', '-'));

test('the 3D box carries tick labels and titles for both variables and the height', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=surface&loss=huber&res=128&cscale=linear');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('surface'));
  const overlay = page.getByTestId('surface-axes-overlay');
  const labels = (axis: string, kind: string) =>
    overlay.locator(`text.${kind}[data-axis=${axis}]`).allTextContents();
  expect(await labels('x', 'tick')).toEqual(axisTicks(-3, 3, 'linear').map((t) => t.label));
  expect(await labels('y', 'tick')).toEqual(axisTicks(0.1, 10, 'log').map((t) => t.label));
  expect((await labels('z', 'tick')).length).toBeGreaterThan(2);
  expect(await labels('x', 'title')).toEqual(['r']);
  expect(await labels('y', 'title')).toEqual(['delta (log)']);
  expect(await labels('z', 'title')).toEqual(['value']);
  // Turning the camera moves the labels with the box.
  const before = await overlay.locator('text[data-axis=x]').first().getAttribute('x');
  await page.getByTestId('surface-canvas').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => overlay.locator('text[data-axis=x]').first().getAttribute('x')).not.toBe(before);
});

test('hovering the surface reads the value and every partial at the point under the pointer', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=surface&loss=huber&res=128');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('surface'));
  await expect(page.getByTestId('readout')).toContainText('Hover over the surface');
  const box = (await page.getByTestId('surface-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.55);
  await expect(page.getByTestId('surface-marker')).toBeVisible();
  const r = fromDisplay((await page.getByTestId('readout-x').textContent())!);
  const delta = fromDisplay((await page.getByTestId('readout-y').textContent())!);
  expect(r).toBeGreaterThanOrEqual(-3);
  expect(r).toBeLessThanOrEqual(3);
  expect(delta).toBeGreaterThanOrEqual(0.1);
  expect(delta).toBeLessThanOrEqual(10);
  const partials = gradient('huber', { r, delta });
  await expect(page.getByTestId('readout-value')).toHaveAttribute(
    'data-value',
    String(evaluate('huber', { r, delta })),
  );
  await expect(page.getByTestId('readout-partial-r')).toHaveAttribute('data-value', String(partials.r));
  await expect(page.getByTestId('readout-partial-delta')).toHaveAttribute(
    'data-value',
    String(partials.delta),
  );
  // The marker sits where the pointer is (within a mesh cell).
  const marker = (await page.getByTestId('surface-marker').boundingBox())!;
  expect(Math.abs(marker.x + marker.width / 2 - (box.x + box.width * 0.5))).toBeLessThan(12);
  expect(Math.abs(marker.y + marker.height / 2 - (box.y + box.height * 0.55))).toBeLessThan(12);
  // Off the surface (the canvas's top-left corner is empty sky), the readout clears.
  await page.mouse.move(box.x + 4, box.y + 4);
  await expect(page.getByTestId('surface-marker')).toHaveCount(0);
  await expect(page.getByTestId('readout')).toContainText('Hover over the surface');
});
