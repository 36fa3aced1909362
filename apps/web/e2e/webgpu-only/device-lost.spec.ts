/**
 * Losing the GPU device mid-session (only the WebGPU project has one to lose):
 * the app falls back to the CPU path, says why, keeps drawing, and can go
 * back to the GPU on request.
 */
import { expect, test, waitForFrame } from '../helpers';

declare global {
  interface Window {
    __devices?: GPUDevice[];
  }
}

test('a lost GPU device falls back to the CPU and the GPU can be retried', async ({ page }) => {
  // Keep a handle on every device the page opens, so the test can destroy it.
  await page.addInitScript(() => {
    const request = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
      const device = await request.call(this, descriptor);
      window.__devices = [...(window.__devices ?? []), device];
      return device;
    };
  });
  await page.goto('/?view=heatmap&loss=huber&res=128');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'webgpu');
  const plot = page.getByTestId('heatmap');
  await waitForFrame(plot);

  await page.evaluate(() => {
    for (const device of window.__devices ?? []) device.destroy();
  });
  await expect(badge).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('backend-reason')).toContainText('device was lost');
  await expect(page.getByTestId('heatmap-canvas')).toHaveAttribute('data-backend', 'cpu');
  await waitForFrame(page.getByTestId('heatmap'));
  await expect(page.locator('.plot-message.error')).toHaveCount(0);

  await page.getByRole('button', { name: 'Retry GPU' }).click();
  await expect(badge).toHaveAttribute('data-kind', 'webgpu');
  await expect(page.getByTestId('heatmap-canvas')).toHaveAttribute('data-backend', 'webgpu');
  await waitForFrame(page.getByTestId('heatmap'));
});

test('the fit lab’s landscape goes to the CPU when the device is lost, and back on retry', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const request = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
      const device = await request.call(this, descriptor);
      window.__devices = [...(window.__devices ?? []), device];
      return device;
    };
  });
  await page.goto('/?view=fit&ft=regression&fd=outliers&fs=5');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-kind', 'webgpu');
  const plot = page.getByTestId('landscape');
  await waitForFrame(plot);
  await expect(plot).toHaveAttribute('data-computed-on', 'gpu');

  await page.evaluate(() => {
    for (const device of window.__devices ?? []) device.destroy();
  });
  await expect(badge).toHaveAttribute('data-kind', 'cpu');
  await expect(page.getByTestId('backend-reason')).toContainText('device was lost');
  await expect(plot).toHaveAttribute('data-computed-on', 'cpu');
  await expect(page.getByTestId('landscape-canvas')).toHaveAttribute('data-backend', 'cpu');
  await expect(page.locator('.plot-message.error')).toHaveCount(0);

  await page.getByRole('button', { name: 'Retry GPU' }).click();
  await expect(badge).toHaveAttribute('data-kind', 'webgpu');
  await expect(plot).toHaveAttribute('data-computed-on', 'gpu');
  await expect(plot).toHaveAttribute('data-size', '1024');
});
