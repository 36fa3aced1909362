/**
 * PNG exports stand on their own: each carries a title, the legend, the values
 * of the fixed variables and hyperparameters, and the axes. The files are
 * written to the test's output folder for a person to open and look at; here
 * their size and the text drawn into them are checked (the text through a
 * spy on the 2D context's fillText, the canvases' only way to write words).
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { download, expect, pngSize, test, waitForBackend, waitForFrame } from './helpers';

/** Records every string the page draws with fillText from now on. */
async function spyOnCanvasText(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const drawn: string[] = [];
    (window as unknown as { __drawnText: string[] }).__drawnText = drawn;
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, w?: number) {
      drawn.push(String(text));
      return w === undefined ? fill.call(this, text, x, y) : fill.call(this, text, x, y, w);
    };
  });
}

const drawnText = (page: Page) =>
  page.evaluate(() => (window as unknown as { __drawnText: string[] }).__drawnText.splice(0));

test('Curves’ PNG has the title, legend, slider values, probe and both axes', async ({ page }, testInfo) => {
  await spyOnCanvasText(page);
  await page.goto(
    '/?view=curves&cf=regression&cv=r&cl=mse,huber,quantile&cp.huber.delta=1.5&cp.quantile.tau=0.9&probe=1.25&halfmse=1',
  );
  await expect(page.getByTestId('curve-value-canvas')).toBeVisible();
  await page.waitForTimeout(300);
  await drawnText(page);
  const png = await download(page, page.getByRole('button', { name: 'Export PNG' }));
  writeFileSync(testInfo.outputPath(png.name), png.data);
  const text = (await drawnText(page)).join('\n');
  expect(text).toContain('Regression losses over residual');
  for (const label of ['½ · Mean squared error (½r²)', 'Huber', 'Quantile (pinball)'])
    expect(text).toContain(label);
  expect(text).toMatch(/Huber: threshold δ = 1\.5/);
  expect(text).toMatch(/quantile τ = 0\.9|τ = 0\.9/);
  expect(text).toContain('Probe (dashed line): r = 1.25');
  expect(text).toContain('Derivative ∂/∂r');
  const size = pngSize(png.data);
  const plot = (await page.getByTestId('curve-value-canvas').boundingBox())!;
  expect(size.width).toBeGreaterThan(plot.width * 1.9);
  expect(size.height).toBeGreaterThan(plot.height + 60);
});

test('the heatmap’s PNG has the title, colour legend, fixed values and axes', async ({ page }, testInfo) => {
  await spyOnCanvasText(page);
  await page.goto('/?view=heatmap&loss=focal&res=128&p.alpha=0.4&contours=6');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  await drawnText(page);
  const png = await download(page, page.getByRole('button', { name: 'Export PNG' }));
  writeFileSync(testInfo.outputPath(png.name), png.data);
  const text = (await drawnText(page)).join('\n');
  expect(text).toContain('Focal loss — value over pt × gamma');
  expect(text).toMatch(/\+∞ \(\d+ cells\)/);
  expect(text).toContain('class weight α = 0.4');
  expect(text).toMatch(/Colour: viridis, log scale/);
  expect(text).toContain('probability of the true class p_t');
  expect(text).toContain('focusing parameter γ');
  const box = (await page.getByTestId('heatmap-canvas').boundingBox())!;
  const size = pngSize(png.data);
  expect(size.width).toBeGreaterThan(box.width + 100);
  expect(size.height).toBeGreaterThan(box.height + 100);
});

test('the surface’s PNG has the title, colour legend, fixed values and ticked axes', async ({
  page,
}, testInfo) => {
  await spyOnCanvasText(page);
  await page.goto('/?view=surface&loss=softmax_ce&res=128&p.z3=1.5');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('surface'));
  await drawnText(page);
  const png = await download(page, page.getByRole('button', { name: 'Export PNG' }));
  writeFileSync(testInfo.outputPath(png.name), png.data);
  const text = await drawnText(page);
  expect(text.join('\n')).toContain('Softmax cross-entropy — value over z1 × z2, as a surface');
  expect(text.join('\n')).toContain('logit of class 3 = 1.5');
  // The same axis labels as the overlay on screen: ticks and titles of all three axes.
  const overlay = await page.getByTestId('surface-axes-overlay').locator('text').allTextContents();
  expect(overlay.length).toBeGreaterThan(9);
  for (const label of overlay) expect(text).toContain(label);
  const box = (await page.getByTestId('surface-canvas').boundingBox())!;
  expect(pngSize(png.data).width).toBeGreaterThan(box.width);
});
