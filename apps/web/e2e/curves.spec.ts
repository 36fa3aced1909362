/** The Curves view: probe readings, sliders, legend toggles and exports. */
import { evaluate, gradient } from '@losslab/core';
import type { Locator, Page } from '@playwright/test';
import { download, expect, pictureOf, pngSize, test } from './helpers';

test('the probe reads every curve’s exact value and derivative', async ({ page }) => {
  await page.goto('/?view=curves&cf=regression&cv=r&cl=mse,huber&probe=1.5&cp.huber.delta=0.5');
  await expect(page.getByTestId('curve-value-canvas')).toBeVisible();
  await expect(page.getByTestId('probe-value-huber')).toHaveAttribute(
    'data-value',
    String(evaluate('huber', { r: 1.5, delta: 0.5 })),
  );
  await expect(page.getByTestId('probe-slope-huber')).toHaveAttribute(
    'data-value',
    String(gradient('huber', { r: 1.5, delta: 0.5 }).r),
  );
  await expect(page.getByTestId('probe-value-mse')).toHaveAttribute('data-value', '2.25');
  await expect(page.getByTestId('probe-slope-mse')).toHaveAttribute('data-value', '3');

  // Hovering reads the curves at the cursor instead.
  const plot = page.getByTestId('curve-value');
  const box = (await plot.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
  const x = Number((await page.getByTestId('probe-x').textContent())!.replace('\u2212', '-'));
  expect(x).toBeLessThan(0);
  await expect(page.getByTestId('probe-value-mse')).toHaveAttribute(
    'data-value',
    String(evaluate('mse', { r: x })),
  );
});

test('a hyperparameter slider changes the picture and the legend hides curves', async ({ page }) => {
  await page.goto('/?view=curves&cf=regression&cv=r&cl=mse,huber');
  const canvas = page.getByTestId('curve-value-canvas');
  await expect(canvas).toBeVisible();
  const before = await pictureOf(canvas);
  await page.locator('#curves-huber-delta-range').focus();
  for (let k = 0; k < 60; k++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => pictureOf(canvas)).not.toBe(before);
  await expect.poll(() => new URL(page.url()).searchParams.get('cp.huber.delta')).not.toBeNull();

  const withHuber = await pictureOf(canvas);
  await page
    .getByRole('list', { name: /Legend/ })
    .getByLabel('Huber')
    .uncheck();
  await expect.poll(() => pictureOf(canvas)).not.toBe(withHuber);
  await expect.poll(() => new URL(page.url()).searchParams.get('ch')).toBe('huber');
});

test('CSV export holds the curves and their derivatives; PNG export holds both plots', async ({ page }) => {
  await page.goto('/?view=curves&cf=regression&cv=r&cl=mse,huber&cx=-2,2');
  await expect(page.getByTestId('curve-value-canvas')).toBeVisible();
  const csv = await download(page, page.getByRole('button', { name: 'Export CSV' }));
  const lines = csv.data.toString('utf8').trimEnd().split('\n');
  expect(lines[0]).toBe('r,mse,dmse/dr,huber,dhuber/dr');
  expect(lines.length).toBeGreaterThan(100);
  expect(lines[1]).toBe('-2,4,-4,1.5,-1');
  for (const line of lines.slice(1, 50)) {
    const [r, mse, dmse, huber, dhuber] = line.split(',').map(Number);
    expect(mse).toBe(evaluate('mse', { r: r! }));
    expect(dmse).toBe(gradient('mse', { r: r! }).r);
    expect(huber).toBe(evaluate('huber', { r: r! }));
    expect(dhuber).toBe(gradient('huber', { r: r! }).r);
  }
  const png = await download(page, page.getByRole('button', { name: 'Export PNG' }));
  const size = pngSize(png.data);
  const plot = (await page.getByTestId('curve-value-canvas').boundingBox())!;
  expect(size.width).toBeGreaterThan(plot.width * 1.9);
});

test('switching “Losses over” to groups with fewer and more curves redraws without errors', async ({
  page,
}) => {
  await page.goto('/?view=curves&cf=regression&cv=r&cl=mse,mae,huber');
  await expect(page.getByTestId('curve-value-canvas')).toBeVisible();
  const group = page.locator('#curves-group');
  // Three curves → one → two → three: the charts rebuild with each new set of series.
  for (const [key, shown] of [
    ['regression:z', ['poisson_nll']],
    ['probability:p', ['bce', 'mse_prob']],
    ['margin:m', ['zero_one', 'hinge', 'squared_hinge']],
    ['embedding:d', ['contrastive']],
  ] as const) {
    await group.selectOption(key);
    await expect(page.getByTestId('probe-table').locator('tbody tr')).toHaveCount(shown.length);
    for (const id of shown) await expect(page.getByTestId(`probe-value-${id}`)).toBeVisible();
    // Hovering exercises the linked cursors of the rebuilt charts.
    const box = (await page.getByTestId('curve-value').locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await expect(page.getByTestId('probe-table').locator('caption')).toContainText('At the cursor');
    await page.mouse.move(0, 0);
  }
});

test('with MSE drawn as ½r², sliding Huber’s δ up makes it meet MSE', async ({ page }) => {
  await page.goto('/?view=curves&cf=regression&cv=r&cl=mse,mae,huber&probe=1.5');
  await expect(page.getByTestId('curve-value-canvas')).toBeVisible();
  await expect(page.getByTestId('huber-note')).toContainText('half of MSE');
  await expect(page.getByTestId('probe-value-mse')).toHaveAttribute('data-value', '2.25');
  const canvas = page.getByTestId('curve-value-canvas');
  const before = await pictureOf(canvas);
  await page.getByTestId('half-mse').check();
  await expect(page.getByTestId('probe-value-mse')).toHaveAttribute('data-value', '1.125');
  await expect(page.getByTestId('probe-slope-mse')).toHaveAttribute('data-value', '1.5');
  await expect(page.getByRole('list', { name: /Legend/ })).toContainText('½ · Mean squared error');
  await expect(page.getByTestId('huber-note')).toContainText('Slide δ');
  await expect.poll(() => pictureOf(canvas)).not.toBe(before);
  await expect.poll(() => new URL(page.url()).searchParams.get('halfmse')).toBe('1');
  // δ to the top of its slider (10): Huber is ½r² on the whole plot, the same numbers as ½ · MSE.
  await page.locator('#curves-huber-delta-range').focus();
  await page.keyboard.press('End');
  await expect.poll(() => new URL(page.url()).searchParams.get('cp.huber.delta')).toBe('10');
  await expect(page.getByTestId('probe-value-huber')).toHaveAttribute('data-value', '1.125');
  await expect(page.getByTestId('probe-slope-huber')).toHaveAttribute('data-value', '1.5');
  // δ at the bottom (0.1): a shallow V, slope ±δ, far below.
  await page.keyboard.press('Home');
  await expect(page.getByTestId('probe-slope-huber')).toHaveAttribute('data-value', String(0.1));
});

/** Pixels of an element's screenshot in a saturated colour (a curve's stroke, not text, grid or background). */
async function colouredPixels(page: Page, element: Locator): Promise<number> {
  const png = await element.screenshot();
  return page.evaluate(async (base64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let k = 0; k < d.length; k += 4) {
      if (Math.max(d[k]!, d[k + 1]!, d[k + 2]!) - Math.min(d[k]!, d[k + 1]!, d[k + 2]!) > 80) n++;
    }
    return n;
  }, png.toString('base64'));
}

test('an x range across the whole double range (−1e308 to 1e308) draws its curves, probe and all', async ({
  page,
}) => {
  await page.goto('/?view=curves&cf=regression&cv=r&cl=mse,mae&cx=-1e308,1e308');
  const value = page.getByTestId('curve-value-canvas');
  const slope = page.getByTestId('curve-slope-canvas');
  await expect(value).toBeVisible();
  await expect(page.getByText(/is not two increasing numbers/)).toHaveCount(0);
  await expect(page.getByTestId('probe-x')).not.toContainText(/NaN|∞/);
  await expect(page.getByTestId('probe-value-mae')).toHaveAttribute('data-value', '1.5');
  // Both charts draw their curves (uPlot's own scale arithmetic overflowed here: blank charts).
  expect(await colouredPixels(page, value)).toBeGreaterThan(200);
  expect(await colouredPixels(page, slope)).toBeGreaterThan(200);
  // MSE overflows f64 (r² beyond 1.8e308) nearly everywhere here: the view says so rather than omit it silently.
  await expect(page.getByTestId('curve-infinite-mse')).toContainText(/Mean squared error.*±∞.*of 801 points/);
  await expect(page.getByTestId('curve-infinite-mae')).toHaveCount(0);
});
