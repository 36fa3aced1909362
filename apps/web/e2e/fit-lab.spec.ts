/**
 * The fit lab as a user drives it: load a preset, drag a point with the
 * mouse, see the MSE fit follow (and agree with core's fitModel on the same
 * data, bit for bit), run the optimizers from a click on the landscape
 * (agreeing with core's optimize), reload and get the same view; keyboard
 * editing, CSV import with line-numbered errors, classification without a
 * finite minimizer, the surface, and hostile links.
 */
import {
  type CustomLossSpec,
  customLoss,
  fitModel,
  type LandscapeSpec,
  landscape,
  optimize,
  totalGradient,
  totalLoss,
} from '@losslab/core';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { download, expect, expectedBackend, framesOf, test, waitForBackend, waitForFrame } from './helpers';

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

/** What the landscape plot shows, read in one go (attributes of the same drawn landscape). */
async function shownLandscape(page: Page) {
  const d = await page.getByTestId('landscape').evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  return {
    computedOn: d.computedOn,
    fallback: d.fallback,
    size: Number(d.size),
    frames: Number(d.frames),
    axes: JSON.parse(d.axes ?? 'null') as { w: LandscapeSpec['w']; b: LandscapeSpec['b'] } | null,
    min: Number(d.min),
    max: Number(d.max),
    datasetBytes: d.datasetBytes === undefined ? undefined : Number(d.datasetBytes),
    datasetVersion: d.datasetVersion === undefined ? undefined : Number(d.datasetVersion),
  };
}

/** The smallest and largest finite cells of core's landscape, rounded to f32 as both paths store them. */
function coreExtremes(grid: ArrayLike<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < grid.length; k++) {
    const v = Math.fround(grid[k]!);
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * How far the shown landscape's min and max (relative) are from core's f64
 * landscape of the same loss, data and axes; Infinity while it is of other data.
 */
async function disagreement(page: Page, loss: LandscapeSpec['loss'], params?: Record<string, number>) {
  const shown = await shownLandscape(page);
  if (!shown.axes) return Number.POSITIVE_INFINITY;
  const data = await pointsOf(page);
  const exact = coreExtremes(
    landscape({ loss, data, w: shown.axes.w, b: shown.axes.b, ...(params ? { params } : {}) }).data,
  );
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  return Math.max(rel(shown.min, exact.min), rel(shown.max, exact.max));
}

/**
 * GPU vs core: the kernel sums in f32 with compensation, within 1e-5 of core's
 * f64 where a cell is well-conditioned (packages/gpu README, "Accuracy"); the
 * grid's extremes here are. The CPU path stores core's f64 rounded to f32: equal.
 */
const tolerance = (testInfo: TestInfo) => (expectedBackend(testInfo) === 'webgpu' ? 1e-5 : 0);
const where = (testInfo: TestInfo) => (expectedBackend(testInfo) === 'webgpu' ? 'gpu' : 'cpu');

test('the landscape is computed on the active path, agrees with core, and follows a dragged point', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=fit&ft=regression&fd=outliers&fs=1');
  await waitForBackend(page, testInfo);
  const plot = page.getByTestId('landscape');
  await waitForFrame(plot);
  await expect(plot).toHaveAttribute('data-computed-on', where(testInfo));
  await expect(page.getByTestId('landscape-fallback')).toHaveCount(0);
  const gpu = expectedBackend(testInfo) === 'webgpu';
  if (gpu) await expect(plot).toHaveAttribute('data-size', '1024');
  await expect.poll(() => disagreement(page, 'mse')).toBeLessThanOrEqual(tolerance(testInfo));
  const before = await shownLandscape(page);
  if (!before.axes) throw new Error('the landscape has no axes');
  if (gpu) expect(before.datasetBytes).toBe(40 * 16);

  // The readout: core's exact total and gradient, and the grid's cell under the cursor.
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.37, box.y + box.height * 0.58);
  const w = Number(await page.getByTestId('readout-w').getAttribute('data-value'));
  const b = Number(await page.getByTestId('readout-b').getAttribute('data-value'));
  const data = await pointsOf(page);
  expect(Number(await page.getByTestId('readout-total').getAttribute('data-value'))).toBe(
    totalLoss({ loss: 'mse', data }, { w, b }),
  );
  expect(Number(await page.getByTestId('readout-dw').getAttribute('data-value'))).toBe(
    totalGradient({ loss: 'mse', data }, { w, b }).w,
  );
  const cell = page.getByTestId('readout-cell');
  await expect(cell).toHaveAttribute('data-value', /\d/);
  const { w: wa, b: ba } = before.axes;
  const i = Math.floor(((w - wa.min) / (wa.max - wa.min)) * wa.size);
  const j = Math.floor(((b - ba.min) / (ba.max - ba.min)) * ba.size);
  const exactCell = Math.fround(landscape({ loss: 'mse', data, w: wa, b: ba }).data[j * wa.size + i]!);
  const shownCell = Number(await cell.getAttribute('data-value'));
  expect(Math.abs(shownCell - exactCell) / exactCell).toBeLessThanOrEqual(tolerance(testInfo));

  // Drag a point: the landscape follows, and on the GPU only that point is written to the resident dataset.
  const point = page.locator('[data-testid=point][data-index="3"]');
  const from = await centreOf(point);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(from.x, from.y - 10 * k);
  await page.mouse.up();
  await expect.poll(async () => (await pointsOf(page)).y[3]).toBeGreaterThan(data.y[3]!);
  await waitForFrame(plot, before.frames);
  await expect.poll(() => disagreement(page, 'mse')).toBeLessThanOrEqual(tolerance(testInfo));
  const after = await shownLandscape(page);
  expect(after.computedOn).toBe(where(testInfo));
  expect(after.min).not.toBe(before.min);
  if (gpu) {
    const written = after.datasetBytes! - before.datasetBytes!;
    // Each landscape after a move wrote the moved point (16 bytes), never the whole dataset again.
    expect(written).toBeGreaterThanOrEqual(16);
    expect(written % 16).toBe(0);
    expect(written / 16).toBeLessThanOrEqual(after.frames - before.frames);
    expect(after.datasetVersion! - before.datasetVersion!).toBe(written / 16);
  }
});

test('data outside f32 sends the GPU path’s landscape to the CPU, which says why', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=fit&ft=regression&fd=clean&fs=2');
  await waitForBackend(page, testInfo);
  const plot = page.getByTestId('landscape');
  await waitForFrame(plot);
  await expect(plot).toHaveAttribute('data-computed-on', where(testInfo));
  const input = page.getByTestId('fit-csv-input');
  // 1e-40 is a subnormal in f32: core computes it in f64, the GPU's input policy refuses it.
  await input.setInputFiles({
    name: 'tiny.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('x,y\n1e-40,1\n1,3\n2,5.5\n3,7\n4,9.5\n'),
  });
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-n', '5');
  await expect(plot).toHaveAttribute('data-computed-on', 'cpu');
  await expect.poll(() => disagreement(page, 'mse')).toBe(0);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-kind', expectedBackend(testInfo));
  const note = page.getByTestId('landscape-fallback');
  if (expectedBackend(testInfo) === 'webgpu') {
    await expect(plot).toHaveAttribute('data-fallback', /f32/);
    await expect(note).toContainText('Landscape on the CPU: the GPU computes in f32 and refused this input');
    await expect(note).toContainText('column x, index 0: x = 1e-40');
    await expect(page.getByTestId('landscape-size')).toContainText('on the CPU');
  } else {
    await expect(note).toHaveCount(0);
  }
  await expect(page.locator('.plot-message.error')).toHaveCount(0);

  // Back in range: back on the GPU (on that path).
  await input.setInputFiles({
    name: 'fine.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('x,y\n0.5,1\n1,3\n2,5.5\n3,7\n4,9.5\n'),
  });
  await expect(plot).toHaveAttribute('data-computed-on', where(testInfo));
  await expect(note).toHaveCount(0);
  await expect.poll(() => disagreement(page, 'mse')).toBeLessThanOrEqual(tolerance(testInfo));
});

test('a custom loss with a model form draws its landscape on either path', async ({ page }, testInfo) => {
  const spec: CustomLossSpec = {
    id: 'my_cauchy',
    formula: '0.5 * c^2 * log(1 + (r/c)^2)',
    variables: [
      { name: 'r', role: 'data', domain: 'real', range: [-5, 5] },
      { name: 'c', role: 'hyperparameter', default: 1, domain: '> 0', range: [0.1, 10], scale: 'log' },
    ],
    form: 'residual',
  };
  const query = new URLSearchParams({
    view: 'fit',
    ft: 'regression',
    fd: 'outliers',
    fs: '4',
    custom: JSON.stringify(spec),
    fl: 'mse,my_cauchy',
    fk: 'my_cauchy',
  });
  await page.goto(`/?${query}`);
  await waitForBackend(page, testInfo);
  const plot = page.getByTestId('landscape');
  await waitForFrame(plot);
  await expect(page.getByTestId('fit-my_cauchy')).toHaveAttribute('data-w', /\d/);
  await expect(plot).toHaveAttribute('data-computed-on', where(testInfo));
  await expect(page.getByTestId('landscape-fallback')).toHaveCount(0);
  await expect
    .poll(() => disagreement(page, customLoss(spec), { c: 1 }))
    .toBeLessThanOrEqual(tolerance(testInfo));
});

test('the surface draws the landscape and reads a grid point under the pointer', async ({
  page,
}, testInfo) => {
  await page.goto('/?view=fit&ft=regression&fd=outliers&fs=1&fk=huber');
  await waitForBackend(page, testInfo);
  await page.getByTestId('fit-surface').check();
  const plot = page.getByTestId('landscape');
  await waitForFrame(plot);
  await expect(plot).toHaveAttribute('data-computed-on', where(testInfo));
  const shown = await shownLandscape(page);
  if (expectedBackend(testInfo) === 'webgpu') expect(shown.size).toBe(512);
  else expect(shown.size).toBeLessThanOrEqual(256);
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.55);
  await page.mouse.move(box.x + box.width * 0.5 + 2, box.y + box.height * 0.55);
  const cell = page.getByTestId('readout-cell');
  await expect(cell).toHaveAttribute('data-value', /\d/);
  // The readout is at a grid point: the cell's f32 value is core's total there.
  const w = Number(await page.getByTestId('readout-w').getAttribute('data-value'));
  const b = Number(await page.getByTestId('readout-b').getAttribute('data-value'));
  const data = await pointsOf(page);
  const exact = totalLoss({ loss: 'huber', data }, { w, b });
  expect(Number(await page.getByTestId('readout-total').getAttribute('data-value'))).toBe(exact);
  const grid = Number(await cell.getAttribute('data-value'));
  expect(Math.abs(grid - exact) / exact).toBeLessThanOrEqual(Math.max(tolerance(testInfo), 2 ** -23));
});
