/** The heatmap shows the right colours, follows sliders, reads values on hover and exports its data. */
import { axisCoordinates, evaluate, gradient, resolveSweep, sweep } from '@losslab/core';
import { colormapRgb, INFINITY_MARKER_RGB } from '../src/render/colormaps';
import {
  download,
  expect,
  pictureOf,
  pixelsAt,
  pngSize,
  test,
  waitForBackend,
  waitForFrame,
} from './helpers';

const N = 128;
const HUBER = `/?view=heatmap&loss=huber&x=r,-3,3,lin&y=delta,0.1,3,lin&res=${N}&cmap=viridis&cscale=linear&contours=0`;
const huberSpec = {
  loss: 'huber',
  x: { variable: 'r', min: -3, max: 3, size: N },
  y: { variable: 'delta', min: 0.1, max: 3, size: N },
} as const;

/** Screen position (CSS px, relative to the canvas) of a cell's centre. */
function cellCentre(box: { width: number; height: number }, i: number, j: number) {
  return { x: ((i + 0.5) / N) * box.width, y: (1 - (j + 0.5) / N) * box.height };
}

test('cells carry the colormap colour of their known value', async ({ page }, testInfo) => {
  await page.goto(HUBER);
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  const canvas = page.getByTestId('heatmap-canvas');
  const box = (await canvas.boundingBox())!;

  // The grid holds f32 values; the colour range is their finite min and max.
  const expected = sweep(huberSpec);
  const single = Float32Array.from(expected.data);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of single) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  await expect(page.getByTestId('colorbar')).toHaveAttribute('data-max', String(max));

  const cells = [
    [N - 1, N - 1],
    [0, N - 1],
    [N >> 1, N >> 1],
    [100, 20],
    [10, 64],
    [120, 5],
    [64, 127],
  ] as const;
  const colours = await pixelsAt(
    page,
    canvas,
    cells.map(([i, j]) => cellCentre(box, i, j)),
  );
  cells.forEach(([i, j], k) => {
    const value = single[j * N + i]!;
    const want = colormapRgb('viridis', (value - min) / (max - min));
    const got = colours[k]!;
    for (let c = 0; c < 3; c++) {
      expect(
        Math.abs(got[c]! - want[c]!),
        `cell (${i}, ${j}) = ${value}: got ${got}, want ${want}`,
      ).toBeLessThanOrEqual(4);
    }
  });
});

test('infinite values are marked with the infinity colour', async ({ page }, testInfo) => {
  await page.goto(`/?view=heatmap&loss=bce&x=p,0,1,lin&y=y,0,1,lin&res=${N}`);
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  const canvas = page.getByTestId('heatmap-canvas');
  const box = (await canvas.boundingBox())!;
  expect(evaluate('bce', { p: 0, y: 1 })).toBe(Number.POSITIVE_INFINITY);
  // p = 0 (left column), y = 1 (top row) is +∞.
  const [marker] = await pixelsAt(page, canvas, [cellCentre(box, 0, N - 1)]);
  expect(marker).toEqual([...INFINITY_MARKER_RGB]);
  await expect(page.locator('.legend-swatches')).toContainText(/\+∞ \([1-9]\d* cells\)/);
});

test('moving a slider re-sweeps and changes the picture', async ({ page }, testInfo) => {
  await page.goto(`/?view=heatmap&loss=softmax_ce&res=${N}`);
  await waitForBackend(page, testInfo);
  const plot = page.getByTestId('heatmap');
  await waitForFrame(plot);
  const canvas = page.getByTestId('heatmap-canvas');
  const before = await pictureOf(canvas);
  const frames = Number(await plot.getAttribute('data-frames'));
  const slider = page.locator('#heatmap-param-z3-range');
  await slider.focus();
  for (let k = 0; k < 40; k++) await page.keyboard.press('ArrowRight');
  await waitForFrame(plot, frames);
  await expect.poll(() => new URL(page.url()).searchParams.get('p.z3')).not.toBe('0');
  await expect.poll(() => pictureOf(canvas)).not.toBe(before);
});

test('the hover readout shows the exact value at the cell under the pointer', async ({ page }, testInfo) => {
  await page.goto(HUBER);
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  const canvas = page.getByTestId('heatmap-canvas');
  const box = (await canvas.boundingBox())!;
  const [i, j] = [97, 41];
  const centre = cellCentre(box, i, j);
  await page.mouse.move(box.x + centre.x, box.y + centre.y);

  const resolved = resolveSweep(huberSpec);
  const r = axisCoordinates(resolved.x).coords[i]!;
  const delta = axisCoordinates(resolved.y).coords[j]!;
  const exact = evaluate('huber', { r, delta });
  await expect(page.getByTestId('readout-x')).toHaveText(String(r).replace('-', '\u2212'));
  await expect(page.getByTestId('readout-y')).toHaveText(String(delta));
  await expect(page.getByTestId('readout-exact')).toHaveAttribute('data-value', String(exact));
  await expect(page.getByTestId('readout-grid')).not.toHaveAttribute('data-value', '');
  const grid = Number(await page.getByTestId('readout-grid').getAttribute('data-value'));
  expect(Math.abs(grid - exact) / exact).toBeLessThan(1e-6);
  // The value and every partial at the same point, as Curves' probe table shows them.
  const partials = gradient('huber', { r, delta });
  await expect(page.getByTestId('readout-value')).toHaveAttribute('data-value', String(exact));
  await expect(page.getByTestId('readout-partial-r')).toHaveAttribute('data-value', String(partials.r));
  await expect(page.getByTestId('readout-partial-delta')).toHaveAttribute(
    'data-value',
    String(partials.delta),
  );
  await expect(page.getByTestId('readout-table').locator('tr[aria-current=true]')).toHaveAttribute(
    'data-output',
    'value',
  );

  // The keyboard moves the same cursor.
  await page.getByTestId('heatmap').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('readout-x')).not.toHaveText(String(r).replace('-', '\u2212'));
});

test('CSV export holds every grid point with its value; PNG export is an image of the view', async ({
  page,
}, testInfo) => {
  await page.goto(HUBER);
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));

  const csv = await download(page, page.getByRole('button', { name: 'Export CSV' }));
  expect(csv.name).toBe('losslab-huber-sweep.csv');
  const lines = csv.data.toString('utf8').trimEnd().split('\n');
  expect(lines[0]).toBe('r,delta,huber value');
  expect(lines).toHaveLength(N * N + 1);
  for (const row of [1, 500, 9000, N * N]) {
    const [r, delta, value] = lines[row]!.split(',').map(Number);
    const exact = evaluate('huber', { r: r!, delta: delta! });
    expect(value).toBe(Math.fround(value!));
    expect(Math.abs(value! - exact)).toBeLessThanOrEqual(Math.abs(exact) * 2 ** -23 + 1e-30);
  }

  const png = await download(page, page.getByRole('button', { name: 'Export PNG' }));
  expect(png.name).toBe('losslab-huber-heatmap.png');
  const size = pngSize(png.data);
  const box = (await page.getByTestId('heatmap-canvas').boundingBox())!;
  // The plot plus margins for the axes and the colorbar.
  expect(size.width).toBeGreaterThan(box.width);
  expect(size.height).toBeGreaterThan(box.height);
});

test('the surface view draws the same sweep and follows a slider', async ({ page }, testInfo) => {
  await page.goto('/?view=surface&loss=softmax_ce&res=128');
  await waitForBackend(page, testInfo);
  const plot = page.getByTestId('surface');
  await waitForFrame(plot);
  const canvas = page.getByTestId('surface-canvas');
  const before = await pictureOf(canvas);
  const frames = Number(await plot.getAttribute('data-frames'));
  await page.locator('#surface-param-z3-range').focus();
  for (let k = 0; k < 40; k++) await page.keyboard.press('ArrowLeft');
  await waitForFrame(plot, frames);
  await expect.poll(() => pictureOf(canvas)).not.toBe(before);

  // Keyboard orbit moves the camera, and the URL keeps it.
  const cam = new URL(page.url()).searchParams.get('cam');
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => new URL(page.url()).searchParams.get('cam')).not.toBe(cam);

  const png = await download(page, page.getByRole('button', { name: 'Export PNG' }));
  expect(pngSize(png.data).width).toBeGreaterThan(100);
});

test('focal over p_t × γ opens on a log colour scale; huber on a linear one', async ({ page }, testInfo) => {
  await page.goto('/?view=heatmap&loss=huber&res=128');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  await expect(page.getByTestId('colorbar')).toHaveAttribute('data-scale', 'linear');
  const frames = Number(await page.getByTestId('heatmap').getAttribute('data-frames'));
  await page.locator('#heatmap-loss').selectOption('focal');
  await waitForFrame(page.getByTestId('heatmap'), frames);
  await expect(page.locator('#heatmap-cscale')).toHaveValue('log');
  await expect(page.getByTestId('colorbar')).toHaveAttribute('data-scale', 'log');
  await expect.poll(() => new URL(page.url()).searchParams.get('cscale')).toBe('log');
  // A link without a scale gets the loss's; a link with one keeps it.
  await page.goto('/?view=heatmap&loss=focal&res=128');
  await expect(page.locator('#heatmap-cscale')).toHaveValue('log');
  await page.goto('/?view=heatmap&loss=focal&res=128&cscale=linear');
  await expect(page.locator('#heatmap-cscale')).toHaveValue('linear');
});
