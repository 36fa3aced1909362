/**
 * The fit lab as a user drives it: load a preset, drag a point with the
 * mouse, see the MSE fit follow (and agree with core's fitModel on the same
 * data, bit for bit), run the optimizers from a click on the landscape
 * (agreeing with core's optimize), reload and get the same view; keyboard
 * editing, CSV import with line-numbered errors, classification without a
 * finite minimizer, the surface, and hostile links.
 */
import { fitModel, optimize } from '@losslab/core';
import type { Locator, Page } from '@playwright/test';
import { download, expect, framesOf, test, waitForBackend, waitForFrame } from './helpers';

async function fitOf(page: Page, loss: string): Promise<{ w: number; b: number; value: number }> {
  const row = page.getByTestId(`fit-${loss}`);
  return {
    w: Number(await row.getAttribute('data-w')),
    b: Number(await row.getAttribute('data-b')),
    value: Number(await row.getAttribute('data-value')),
  };
}

async function pointsOf(page: Page): Promise<{ x: number[]; y: number[] }> {
  const points = JSON.parse(
    (await page.getByTestId('scatter').getAttribute('data-points')) ?? '[]',
  ) as number[][];
  return { x: points.map((p) => p[0]!), y: points.map((p) => p[1]!) };
}

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

test('drag a point: the MSE fit follows and matches core; optimizers run; a reload restores the view', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=fit&ft=regression&fd=clean&fs=7');
  await waitForBackend(page, testInfo);
  const landscape = page.getByTestId('landscape');
  await waitForFrame(landscape);
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-n', '40');
  const before = await fitOf(page, 'mse');
  expect(Number.isFinite(before.w) && Number.isFinite(before.b)).toBe(true);

  // Drag point 5 upwards with the mouse, in steps (a real drag, pointer captured).
  const point = page.locator('[data-testid=point][data-index="5"]');
  const from = await centreOf(point);
  const framesBefore = await framesOf(landscape);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let k = 1; k <= 12; k++) await page.mouse.move(from.x + k, from.y - 12 * k);
  await page.mouse.up();

  await expect.poll(async () => (await fitOf(page, 'mse')).b).not.toBe(before.b);
  const data = await pointsOf(page);
  expect(data.x.length).toBe(40);
  const exact = fitModel({ loss: 'mse', data });
  const after = await fitOf(page, 'mse');
  // The same core on the same data: the same doubles.
  expect(after.w).toBe(exact.w);
  expect(after.b).toBe(exact.b);
  expect(after.value).toBe(exact.value);
  // The dragged point went up, so the line did.
  expect(after.b + after.w * data.x[5]!).toBeGreaterThan(before.b + before.w * data.x[5]!);
  // The landscape redrew for the new data.
  await waitForFrame(landscape, framesBefore);
  await expect(page.getByTestId('minimizer-mse')).toBeVisible();

  // Click the landscape: the four optimizers start there and animate to their end.
  const box = (await landscape.boundingBox())!;
  await landscape.click({ position: { x: box.width * 0.15, y: box.height * 0.2 } });
  await expect(page.getByTestId('start-marker')).toBeVisible();
  for (const method of ['gd', 'momentum', 'nesterov', 'adam']) {
    await expect(page.getByTestId(`opt-${method}`)).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId(`path-${method}`)).toHaveAttribute('d', /L/);
  }
  const start = page.getByTestId('optimizer-start');
  await expect(start).toContainText('Start (w, b)');
  const url = new URL(page.url());
  await expect.poll(() => new URL(page.url()).searchParams.get('fo')).not.toBeNull();
  const [w0, b0] = new URL(page.url()).searchParams.get('fo')!.split(',').map(Number);
  const gd = page.getByTestId('opt-gd');
  expect(await gd.getAttribute('data-steps')).toBe('200');
  const run = optimize(
    { loss: 'mse', data },
    { method: 'gd', lr: 0.05, steps: 200, start: { w: w0!, b: b0! } },
  );
  expect(Number(await gd.getAttribute('data-final'))).toBe(run.value[run.value.length - 1]);
  // GD on MSE at this rate converges: its final loss is within a whisker of the exact minimum.
  expect(run.value[run.value.length - 1]! - exact.value).toBeLessThan(1e-3 * exact.value + 1e-9);
  expect(url.searchParams.get('fe')).toMatch(/^m5:/);

  // Reload: the same data, fits, start and runs.
  await page.waitForTimeout(400);
  const link = page.url();
  await page.reload();
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('landscape'));
  expect(await pointsOf(page)).toEqual(data);
  expect(await fitOf(page, 'mse')).toEqual(after);
  await expect(page.getByTestId('opt-gd')).toHaveAttribute('data-done', 'true');
  expect(Number(await page.getByTestId('opt-gd').getAttribute('data-final'))).toBe(run.value[200]);
  await expect(page.getByTestId('notices')).toHaveCount(0);
  await page.waitForTimeout(400);
  expect(page.url()).toBe(link);
});

test('keyboard: choose, move and remove points; add one; the readout reads core', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=fit&ft=regression&fd=outliers&fs=3');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('landscape'));
  const scatter = page.getByTestId('scatter');
  await scatter.focus();
  await page.keyboard.press('n');
  await expect(page.getByTestId('selected-point')).toContainText('Point 1 of 40');
  const y0 = (await pointsOf(page)).y[0]!;
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await pointsOf(page)).y[0]).toBeGreaterThan(y0);
  await page.keyboard.press('Delete');
  await expect(scatter).toHaveAttribute('data-n', '39');
  await page.keyboard.press('a');
  await expect(scatter).toHaveAttribute('data-n', '40');
  await page.getByTestId('remove-point').click();
  await expect(scatter).toHaveAttribute('data-n', '39');

  // The readout under the cursor: core's total at that (w, b).
  const landscape = page.getByTestId('landscape');
  await landscape.focus();
  await page.keyboard.press('ArrowRight');
  const total = page.getByTestId('readout-total');
  await expect(total).toHaveAttribute('data-value', /^\d/);
  // Data lines: one per point that crosses the view.
  await page.getByTestId('fit-data-lines').check();
  await expect
    .poll(async () => Number(await page.getByTestId('data-lines').getAttribute('data-count')))
    .toBeGreaterThan(10);
});

test('CSV: bad rows are named by line and nothing is imported; good rows replace the data; export reads back', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=fit');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('landscape'));
  const input = page.getByTestId('fit-csv-input');
  await input.setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('x,y,weight\n1,2,1\n2,abc,1\n\n3\n4,5,-1\n'),
  });
  const errors = page.getByTestId('csv-errors');
  await expect(errors).toContainText('Line 3: y = “abc”');
  await expect(errors).toContainText('Line 5: expected x, y, weight, found 1 field');
  await expect(errors).toContainText('Line 6: weight = “-1” is not a number ≥ 0');
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-n', '40');

  await input.setInputFiles({
    name: 'good.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('x,y,weight\n0,1,1\n1,3,1\n2,5.5,2\n3,7,1\n4,20,0.5\n'),
  });
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-n', '5');
  await expect(errors).toHaveCount(0);
  const exact = fitModel({
    loss: 'mse',
    data: { x: [0, 1, 2, 3, 4], y: [1, 3, 5.5, 7, 20], weight: [1, 1, 2, 1, 0.5] },
  });
  await expect(page.getByTestId('fit-mse')).toHaveAttribute('data-w', String(exact.w));
  const file = await download(page, page.getByRole('button', { name: 'Export data CSV' }));
  expect(file.data.toString()).toBe('x,y,weight\n0,1,1\n1,3,1\n2,5.5,2\n3,7,1\n4,20,0.5\n');
  await waitForFrame(page.getByTestId('landscape'));
  const csv = await download(page, page.getByRole('button', { name: 'Export CSV', exact: true }));
  expect(csv.data.toString().split('\n')[0]).toBe('w,b,mse total loss');
  const png = await download(page, page.getByRole('button', { name: 'Export PNG' }));
  expect(png.name).toMatch(/\.png$/);
});

test('classification: separable data has no finite minimizer until a ridge; the surface draws', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=fit&ft=classification&fd=separable&fs=2');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('landscape'));
  const logistic = page.getByTestId('fit-logistic');
  await expect(logistic).toHaveAttribute('data-status', 'no-minimizer');
  await expect(logistic).toContainText('No finite minimizer');
  await expect(page.getByTestId('fit-hinge')).toHaveAttribute('data-w', /\d/);
  await page.locator('#fit-l2-value').fill('0.05');
  await page.locator('#fit-l2-value').press('Enter');
  await expect(logistic).toHaveAttribute('data-status', 'global');
  await page.getByTestId('fit-surface').check();
  await waitForFrame(page.getByTestId('landscape'));
  await expect(page.getByTestId('landscape').locator('canvas')).toBeVisible();
  await expect(page.locator('.plot-message.error')).toHaveCount(0);
});

test('a hostile fit-lab link falls back with notices and injects nothing', async ({ page }, testInfo) => {
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs++;
    await dialog.dismiss();
  });
  const hostile = new URLSearchParams({
    view: 'fit',
    ft: 'regression',
    fd: '<img src=x onerror=alert(1)>',
    fe: 'm9999:1:2,<script>alert(2)</script>',
    fl: 'mse,<svg onload=alert(3)>,softmax_ce',
    'fh.mse.delta': '2',
    fw: 'NaN,1',
    fo: '1e400,2',
    flr: '-1',
  }).toString();
  await page.goto(`/?${hostile}`);
  await waitForBackend(page, testInfo);
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('not a regression dataset');
  await expect(notices).toContainText('ignored');
  await expect(notices).toContainText('landscape range');
  await expect(page.locator('img[src=x], svg[onload], script:text("alert")')).toHaveCount(0);
  await waitForFrame(page.getByTestId('landscape'));
  await expect(page.getByTestId('fit-mse')).toHaveAttribute('data-w', /\d/);
  expect(dialogs).toBe(0);
});
