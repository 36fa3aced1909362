/**
 * The shared fixture in helpers.ts fails a test on any uncaught page error or
 * console error. These tests are expected to fail: if the guard stopped
 * noticing, they would pass, and Playwright reports an expected failure that
 * passed as a failure.
 */
import { test } from './helpers';

test('an uncaught exception fails the test', async ({ page }) => {
  test.fail();
  await page.goto('/?view=info');
  await page.evaluate(() => {
    setTimeout(() => {
      throw new TypeError('thrown on purpose by the error guard’s test');
    });
  });
  await page.waitForTimeout(200);
});

test('a console error fails the test', async ({ page }) => {
  test.fail();
  await page.goto('/?view=info');
  await page.evaluate(() => console.error('logged on purpose by the error guard’s test'));
  await page.waitForTimeout(200);
});

test.describe('an error the test names', () => {
  test.use({ allowedErrors: [/logged on purpose and allowed/] });
  test('is allowed', async ({ page }) => {
    await page.goto('/?view=info');
    await page.evaluate(() => console.error('logged on purpose and allowed'));
    await page.waitForTimeout(200);
  });
});
