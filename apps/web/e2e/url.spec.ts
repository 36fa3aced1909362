/** Links reproduce the view; hostile links fall back to defaults with a notice and inject nothing. */
import { expect, test, waitForBackend, waitForFrame } from './helpers';

test('the URL round-trips the full state', async ({ page, context }, testInfo) => {
  await page.goto('/?view=heatmap&loss=softmax_ce&res=128');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  await page.locator('#heatmap-cmap').selectOption('magma');
  await page.locator('#heatmap-cscale').selectOption('log');
  await page.locator('#heatmap-output').selectOption('d.z2');
  await page.locator('#heatmap-param-smoothing-range').focus();
  for (let k = 0; k < 30; k++) await page.keyboard.press('ArrowRight');
  await page.locator('#heatmap-y-max').fill('4');
  await page.locator('#heatmap-y-max').press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('y')).toBe('z2,-5,4,lin');
  await expect.poll(() => new URL(page.url()).searchParams.get('p.smoothing')).not.toBe('0');
  await page.waitForTimeout(400);
  const link = page.url();

  const copy = await context.newPage();
  await copy.goto(link);
  await waitForBackend(copy, testInfo);
  await waitForFrame(copy.getByTestId('heatmap'));
  await expect(copy.locator('#heatmap-cmap')).toHaveValue('magma');
  await expect(copy.locator('#heatmap-cscale')).toHaveValue('log');
  await expect(copy.locator('#heatmap-output')).toHaveValue('d.z2');
  await expect(copy.locator('#heatmap-y-max')).toHaveValue('4');
  const smoothing = new URL(link).searchParams.get('p.smoothing')!;
  await expect(copy.locator('#heatmap-param-smoothing-value')).toHaveValue(smoothing);
  await copy.waitForTimeout(400);
  expect(copy.url()).toBe(link);
  await expect(copy.getByTestId('notices')).toHaveCount(0);
});

test('a garbage URL shows the defaults and a notice, and injects no markup', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs++;
    await dialog.dismiss();
  });
  const hostile = new URLSearchParams({
    view: '<img src=x onerror=alert(1)>',
    loss: '<script>alert(2)</script>',
    'p.delta': 'NaN',
    cmap: 'javascript:alert(3)',
    cam: '1,2,3',
    zzz: '"><svg onload=alert(4)>',
  }).toString();
  await page.goto(`/?${hostile}`);
  const notices = page.getByTestId('notices');
  await expect(notices).toBeVisible();
  await expect(notices).toContainText('Unknown view');
  await expect(notices).toContainText('Unknown loss');
  await expect(notices).toContainText('<img src=x');
  // The defaults: the Curves view of the default loss family.
  await expect(page.locator('[data-view=curves][aria-current=page]')).toBeVisible();
  await expect(page.getByTestId('curve-value-canvas')).toBeVisible();
  await expect(page.locator('img[src=x], svg[onload], script:text("alert")')).toHaveCount(0);
  expect(dialogs).toBe(0);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices).toHaveCount(0);
  // The address bar now holds the cleaned state.
  await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('curves');
});

test('compare rows open their loss in the other views', async ({ page }, testInfo) => {
  await page.goto('/?view=compare');
  await page
    .locator('tr[data-loss=softmax_ce]')
    .getByRole('button', { name: /heatmap/i })
    .click();
  await expect(page.locator('[data-view=heatmap][aria-current=page]')).toBeVisible();
  await expect(page.locator('#heatmap-loss')).toHaveValue('softmax_ce');
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  await page.locator('[data-view=compare]').click();
  await page.locator('[data-testid=compare-table] thead').getByRole('button', { name: 'Loss' }).click();
  await expect(page.locator('th[aria-sort=ascending]')).toContainText('Loss');
  await page.locator('tr[data-loss=huber]').getByRole('button', { name: 'Huber', exact: true }).click();
  await expect(page.getByTestId('info')).toContainText('SmoothL1');
});
