/**
 * Issue 12's heatmap: focal over a log p_t axis from 1e-40 (below f32's
 * smallest normal number). The GPU's f32 policy refuses the range; the app
 * computes that view on the CPU in f64, says why in the badge, and draws no
 * +∞ cell where every exact value is finite. A range f32 holds goes back to
 * the GPU.
 */
import { sweep } from '@losslab/core';
import { expect, test, waitForFrame } from '../helpers';

const FOCAL = '/?view=heatmap&loss=focal&x=pt,1e-40,1,log&y=gamma,0,5,lin&res=64&contours=0';

test('a range beyond f32 is computed on the CPU in f64, and the badge says why', async ({ page }) => {
  // Every exact value on this grid is finite (f64): the GPU used to draw 896 cells of "+∞" here.
  const exact = sweep({
    loss: 'focal',
    x: { variable: 'pt', min: 1e-40, max: 1, size: 64, scale: 'log' },
    y: { variable: 'gamma', min: 0, max: 5, size: 64 },
  });
  expect(exact.posInfCount).toBe(0);

  await page.goto(FOCAL);
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-fallback', 'f64', { timeout: 30_000 });
  await expect(badge).toHaveAttribute('data-kind', 'cpu');
  await expect(badge).toHaveText('CPU · f64 for this range');
  const reason = page.getByTestId('backend-reason');
  await expect(reason).toContainText('needs f64');
  await expect(reason).toContainText('pt = 1e-40');
  await expect(reason).toContainText("GPU's f32 range");
  await waitForFrame(page.getByTestId('heatmap'));
  await expect(page.getByText('+∞ (0 cells)')).toBeVisible();
  await expect(page.locator('.plot-message.error')).toHaveCount(0);
  // Without a retry button: the GPU is fine, only this range needs f64.
  await expect(page.getByRole('button', { name: 'Retry GPU' })).toHaveCount(0);

  // A range f32 holds: back on the GPU.
  await page.goto('/?view=heatmap&loss=focal&x=pt,1e-30,1,log&y=gamma,0,5,lin&res=64&contours=0');
  await expect(badge).toHaveAttribute('data-kind', 'webgpu', { timeout: 30_000 });
  await expect(badge).not.toHaveAttribute('data-fallback', 'f64');
  await waitForFrame(page.getByTestId('heatmap'));
});
