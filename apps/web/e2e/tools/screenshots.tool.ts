/** Screenshots of every view for review: desktop and phone widths, light and dark themes. */
import { mkdirSync } from 'node:fs';
import { test } from '@playwright/test';
import { waitForBackend, waitForFrame } from '../helpers';

const VIEWS = [
  ['curves', '&cf=regression&cv=r&cl=mse,huber'],
  ['heatmap', '&loss=huber&contours=8'],
  ['surface', '&loss=huber'],
  ['compare', ''],
  ['info', '&loss=huber'],
  ['custom', ''],
  ['practice', '&pq=mse-point&ps=0'],
  ['fit', '&ft=regression&fd=outliers&fs=1&fk=huber&flines=1&fo=-0.5,8'],
] as const;
const SIZES = [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

test('README screenshot', async ({ page }, testInfo) => {
  const dir = process.env.LOSSLAB_SHOTS ?? 'test-results/screenshots';
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 1040 });
  await page.goto('/?view=heatmap&loss=focal&res=1024&contours=10&cscale=log&theme=light');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  const box = (await page.getByTestId('heatmap-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.35);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${dir}/readme-${testInfo.project.name}.png` });
});

test('README screenshot of the fit lab', async ({ page }, testInfo) => {
  const dir = process.env.LOSSLAB_SHOTS ?? 'test-results/screenshots';
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('/?view=fit&ft=regression&fd=outliers&fs=1&fk=huber&flines=1&fo=-0.5,8&theme=light');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('landscape'));
  await page.getByTestId('opt-adam').and(page.locator('[data-done=true]')).waitFor();
  // Let the landscape settle to its finer grid.
  await page.waitForTimeout(1500);
  const box = (await page.getByTestId('landscape').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.55);
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${dir}/readme-fit-${testInfo.project.name}.png` });
});

test('screenshots', async ({ browser }, testInfo) => {
  const dir = process.env.LOSSLAB_SHOTS ?? 'test-results/screenshots';
  mkdirSync(dir, { recursive: true });
  for (const [sizeName, viewport] of SIZES) {
    for (const theme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
      for (const [view, extra] of VIEWS) {
        await page.goto(`/?view=${view}&theme=${theme}${extra}`);
        await waitForBackend(page, testInfo);
        if (view === 'heatmap' || view === 'surface') await waitForFrame(page.getByTestId(view));
        if (view === 'fit') await waitForFrame(page.getByTestId('landscape'));
        await page.waitForTimeout(500);
        await page.screenshot({
          path: `${dir}/${testInfo.project.name}-${view}-${sizeName}-${theme}.png`,
          fullPage: true,
        });
      }
      await page.close();
    }
  }
});

test('README screenshot of the Your loss editor', async ({ page }, testInfo) => {
  const dir = process.env.LOSSLAB_SHOTS ?? 'test-results/screenshots';
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 1000 });
  // One loss added (its Curves next to the catalog's), and the editor on a textbook formula.
  await page.goto('/?view=custom&theme=light');
  await waitForBackend(page, testInfo);
  await page.getByRole('button', { name: 'Smoothed hinge', exact: true }).click();
  await page.getByTestId('custom-save').click();
  await page.getByRole('button', { name: 'Cauchy, textbook form', exact: true }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${dir}/custom-loss-${testInfo.project.name}.png` });
  // The same editor with an error in the formula, underlined where it is.
  await page.locator('#custom-formula').fill('0.5 * c^2 * lg(1 + (r/c)^2)');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/custom-loss-error-${testInfo.project.name}.png` });
});
