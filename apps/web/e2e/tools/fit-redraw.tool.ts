/**
 * Fit-lab redraw times while a point is dragged: 60 pointer moves, one per
 * animation frame, then the app's timing logs — per drawn landscape its
 * compute time and the time from its start to the drawn picture
 * (window.__losslabPerf, view 'fit'), the grid side it was drawn at, and the
 * main thread's time to refit the losses (window.__losslabFitPerf). Medians
 * and maxima go to stdout and a JSON file.
 */
import { writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { waitForBackend, waitForFrame } from '../helpers';

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const CASES = [
  { name: 'regression, 40 points, MSE landscape', query: 'ft=regression&fd=outliers&fs=1' },
  { name: 'regression, 40 points, Tukey landscape', query: 'ft=regression&fd=outliers&fs=1&fk=tukey' },
  {
    name: 'classification, 60 points, focal landscape',
    query: 'ft=classification&fd=overlapping&fs=1&fk=focal',
  },
] as const;

test('fit-lab redraw times while dragging a point', async ({ page }, testInfo) => {
  const rows: Record<string, unknown>[] = [];
  for (const c of CASES) {
    await page.goto(`/?view=fit&${c.query}`);
    await waitForBackend(page, testInfo);
    const landscape = page.getByTestId('landscape');
    await waitForFrame(landscape);
    // Drags dispatched in the page, one pointer move per animation frame (no round trips to the test
    // runner between moves): two to warm up (the grid-size governor learns this loss), one measured.
    const drag = (moves: number) =>
      page.evaluate(async (count) => {
        const wrap = document.querySelector<HTMLElement>('[data-testid=scatter]')!;
        const landscape = document.querySelector<HTMLElement>('[data-testid=landscape]')!;
        const circle = wrap.querySelector('[data-index="2"]')!;
        const at = circle.getBoundingClientRect();
        const x0 = at.x + at.width / 2;
        const y0 = at.y + at.height / 2;
        const event = (type: string, x: number, y: number) =>
          new PointerEvent(type, {
            bubbles: true,
            clientX: x,
            clientY: y,
            button: 0,
            pointerId: 7,
            isPrimary: true,
          });
        const before = {
          frames: (window.__losslabPerf?.frames ?? []).length,
          fits: (window.__losslabFitPerf?.fitsMs ?? []).length,
        };
        circle.dispatchEvent(event('pointerdown', x0, y0));
        const sizes: number[] = [];
        const intervals: number[] = [];
        const start = performance.now();
        let last = start;
        for (let k = 0; k < count; k++) {
          wrap.dispatchEvent(event('pointermove', x0 + (k % 20) * 2, y0 - 40 * Math.sin(k / 9)));
          await new Promise(requestAnimationFrame);
          const now = performance.now();
          intervals.push(now - last);
          last = now;
          sizes.push(Number(landscape.dataset.size));
        }
        const dragMs = performance.now() - start;
        wrap.dispatchEvent(event('pointerup', x0, y0 - 40));
        // Let the last landscape of the drag land (before the settled refinement).
        await new Promise((r) => setTimeout(r, 150));
        return {
          frames: (window.__losslabPerf?.frames ?? []).slice(before.frames).filter((f) => f.view === 'fit'),
          fitsMs: (window.__losslabFitPerf?.fitsMs ?? []).slice(before.fits),
          sizes,
          intervals,
          dragMs,
        };
      }, moves);
    await drag(20);
    await page.waitForTimeout(1000);
    await drag(20);
    await page.waitForTimeout(1000);
    const log = await drag(60);
    const sizes = log.sizes;
    const dragMs = Math.round(log.dragMs);
    const frameMs = log.frames.map((f) => f.frameMs);
    const sweepMs = log.frames.map((f) => f.sweepMs);
    const row = {
      project: testInfo.project.name,
      backend: await page.getByTestId('backend-badge').textContent(),
      case: c.name,
      moves: 60,
      landscapesDrawn: log.frames.length,
      gridSides: [...new Set(sizes)].join(','),
      medianComputeMs: Number(quantile(sweepMs, 0.5).toFixed(1)),
      p90ComputeMs: Number(quantile(sweepMs, 0.9).toFixed(1)),
      medianRedrawMs: Number(quantile(frameMs, 0.5).toFixed(1)),
      p90RedrawMs: Number(quantile(frameMs, 0.9).toFixed(1)),
      medianInputFrameMs: Number(quantile(log.intervals, 0.5).toFixed(1)),
      medianFitsMs: Number(quantile(log.fitsMs, 0.5).toFixed(1)),
      p90FitsMs: Number(quantile(log.fitsMs, 0.9).toFixed(1)),
      dragMs,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  writeFileSync(
    `test-results/fit-redraw-${testInfo.project.name}.json`,
    `${JSON.stringify(rows, null, 2)}\n`,
  );
});
