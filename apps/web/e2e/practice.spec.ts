/** Practice: answering a question, new numbers, the worked answer and the "show me" link. */

import AxeBuilder from '@axe-core/playwright';
import { evaluate, gradient } from '@losslab/core';
import { findQuestion } from '../src/practice';
import { expect, test, waitForBackend, waitForFrame } from './helpers';

test('answering a question: wrong, then right, with the worked answer after trying', async ({ page }) => {
  await page.goto('/?view=practice&pq=mse-point&ps=0');
  await expect(page.getByTestId('practice-prompt')).toContainText('ŷ = 4.2');
  await expect(page.getByTestId('practice-tolerance')).toContainText('±0.5%');
  await expect(page.getByTestId('practice-worked')).toHaveCount(0);
  // Keyboard only: type, Enter submits.
  await page.getByLabel('Squared error L').fill('1.4');
  await page.getByLabel('∂L/∂ŷ').fill('two');
  await page.getByLabel('∂L/∂ŷ').press('Enter');
  await expect(page.getByTestId('feedback-value')).toHaveAttribute('data-verdict', 'wrong');
  await expect(page.getByTestId('feedback-slope')).toHaveAttribute('data-verdict', 'unreadable');
  await expect(page.getByTestId('practice-result')).toContainText('0 of 2 right');
  // The worked answer appears after the first try, with core's exact values.
  await expect(page.getByTestId('practice-worked')).toContainText('2r · 1 = 2.4');
  const r = 4.2 - 3;
  await expect(page.getByTestId('exact-value')).toHaveAttribute(
    'data-value',
    String(evaluate('mse', { r: 1.2 })),
  );
  expect(Math.abs(evaluate('mse', { r }) - 1.44)).toBeLessThan(1e-12);
  await page.getByLabel('Squared error L').fill('1.44');
  await page.getByLabel('∂L/∂ŷ').fill('12/5');
  await page.getByTestId('practice-check').click();
  await expect(page.getByTestId('feedback-value')).toHaveAttribute('data-verdict', 'right');
  await expect(page.getByTestId('feedback-slope')).toHaveAttribute('data-verdict', 'right');
  await expect(page.getByTestId('practice-result')).toContainText('2 of 2 right');
});

test('a choice question and new numbers from a fresh seed', async ({ page }) => {
  await page.goto('/?view=practice&pq=quantile-direction&ps=0');
  const question = findQuestion('quantile-direction')!;
  const variant = question.make(0);
  await page.getByLabel('Loss, 2 too low').fill('1.8');
  await page.getByLabel('Loss, 2 too high').fill('0.2');
  await page.getByTestId('answer-direction-0').check();
  await page.getByTestId('practice-check').click();
  await expect(page.getByTestId('practice-result')).toContainText(`3 of 3 right`);
  expect(variant.parts.map((p) => (p.kind === 'number' ? p.value : p.correct))).toEqual([
    evaluate('quantile', { r: -2, tau: 0.9 }),
    evaluate('quantile', { r: 2, tau: 0.9 }),
    0,
  ]);

  const prompt = await page.getByTestId('practice-prompt').textContent();
  await page.getByTestId('practice-new').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('ps')).not.toBe('0');
  await expect(page.getByTestId('practice-prompt')).not.toHaveText(prompt!);
  // A fresh attempt: the answers and the worked answer are cleared.
  await expect(page.getByTestId('practice-worked')).toHaveCount(0);
  await expect(page.getByTestId('answer-under')).toHaveValue('');
  // The page shows the variant of the seed in its URL, with core's answer.
  const seed = Number(new URL(page.url()).searchParams.get('ps'));
  const fresh = question.make(seed);
  await expect(page.getByTestId('practice-prompt')).toHaveText(fresh.prompt);
  const under = fresh.parts[0]!;
  if (under.kind !== 'number') throw new Error('the first part is a number');
  await page.getByTestId('answer-under').fill(String(under.value));
  await page.getByTestId('practice-check').click();
  await expect(page.getByTestId('feedback-under')).toHaveAttribute('data-verdict', 'right');
  await expect(page.getByTestId('feedback-direction')).toHaveAttribute('data-verdict', 'missing');
});

test('“show me” opens Curves with the question’s exact state', async ({ page }) => {
  await page.goto('/?view=practice&pq=mse-point&ps=0');
  const link = page.getByTestId('show-me');
  await expect(link).toContainText('Show me in Curves');
  // A real link: the URL it points at opens the same state.
  const href = await link.getAttribute('href');
  expect(new URLSearchParams(href!.slice(1)).get('view')).toBe('curves');
  await link.click();
  await expect(page.locator('[data-view=curves][aria-current=page]')).toBeVisible();
  await expect(page.getByTestId('curve-value-canvas')).toBeVisible();
  await expect(page.getByTestId('probe-x')).toHaveText('1.2');
  await expect(page.getByTestId('probe-value-mse')).toHaveAttribute(
    'data-value',
    String(evaluate('mse', { r: 1.2 })),
  );
  await expect(page.getByTestId('probe-slope-mse')).toHaveAttribute(
    'data-value',
    String(gradient('mse', { r: 1.2 }).r),
  );
  await expect.poll(() => new URL(page.url()).searchParams.get('probe')).toBe('1.2');
  // Back to the question from the tab: it is still there.
  await page.locator('[data-view=practice]').click();
  await expect(page.getByTestId('practice-prompt')).toContainText('ŷ = 4.2');
});

test('“show me” opens the Heatmap with the question’s loss, axes and sliders', async ({ page }, testInfo) => {
  await page.goto('/?view=practice&pq=ce-logits-gradient&ps=0');
  await page.getByTestId('show-me').click();
  await expect(page.locator('[data-view=heatmap][aria-current=page]')).toBeVisible();
  await waitForBackend(page, testInfo);
  await waitForFrame(page.getByTestId('heatmap'));
  await expect(page.locator('#heatmap-loss')).toHaveValue('softmax_ce');
  await expect(page.locator('#heatmap-output')).toHaveValue('d.z1');
  await expect(page.locator('#heatmap-param-z3-value')).toHaveValue('-1');
  await expect(page.locator('.plot-message.error')).toHaveCount(0);
});

test('hostile Practice links fall back with a notice and inject nothing', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', async (dialog) => {
    dialogs++;
    await dialog.dismiss();
  });
  const hostile = new URLSearchParams({
    view: 'practice',
    pq: '<img src=x onerror=alert(1)>',
    ps: '"><svg onload=alert(2)>',
  });
  await page.goto(`/?${hostile}`);
  await expect(page.getByTestId('notices')).toContainText('unknown question');
  await expect(page.getByTestId('notices')).toContainText('not a whole number');
  await expect(page.getByTestId('practice-prompt')).toBeVisible();
  await expect(page.locator('img[src=x], svg[onload]')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('Practice is keyboard reachable and clean under axe at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/?view=practice&pq=hinge-margin&ps=0');
  // The question comes before the list on a phone.
  const prompt = (await page.getByTestId('practice-prompt').boundingBox())!;
  const list = (await page.getByRole('navigation', { name: 'Practice questions' }).boundingBox())!;
  expect(prompt.y).toBeLessThan(list.y);
  expect(prompt.x + prompt.width).toBeLessThanOrEqual(390);
  await page.getByTestId('answer-loss').focus();
  await page.keyboard.type('0');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('practice-result')).toContainText('3 of 3 right');
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
  expect(serious).toEqual([]);
});
