/**
 * Slider-drag frame times: 60 input events on a heatmap slider, one per
 * animation frame (a drag at display rate), then the app's own timing log
 * (window.__losslabPerf): per drawn frame, the sweep time and the time from
 * the sweep's start to the drawn picture. Medians go to stdout and a JSON file.
 */
import { writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { waitForBackend, waitForFrame } from '../helpers';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0
    ? Number.NaN
    : sorted.length % 2
      ? sorted[mid]!
      : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const CASES = [
  { loss: 'softmax_ce', slider: 'z3', res: 256 },
  { loss: 'softmax_ce', slider: 'z3', res: 512 },
  { loss: 'softmax_ce', slider: 'z3', res: 1024 },
] as const;

test('slider-drag frame times', async ({ page }, testInfo) => {
  const rows: Record<string, unknown>[] = [];
  for (const c of CASES) {
    await page.goto(`/?view=heatmap&loss=${c.loss}&res=${c.res}`);
    await waitForBackend(page, testInfo);
    await waitForFrame(page.getByTestId('heatmap'));
    await page.waitForTimeout(500);
    const result = await page.evaluate(async (sliderId) => {
      const slider = document.getElementById(sliderId) as HTMLInputElement;
      const log = () => window.__losslabPerf?.frames ?? [];
      const before = log().length;
      const start = performance.now();
      for (let k = 0; k < 60; k++) {
        slider.value = String(200 + k * 10);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise(requestAnimationFrame);
      }
      const inputMs = performance.now() - start;
      // Let the last sweep land.
      const deadline = performance.now() + 30_000;
      let last = log().length;
      for (;;) {
        await new Promise((r) => setTimeout(r, 300));
        if (log().length === last || performance.now() > deadline) break;
        last = log().length;
      }
      const frames = log().slice(before);
      const end = frames.length > 0 ? frames[frames.length - 1]!.at : performance.now();
      return {
        frames: frames.map((f) => ({ sweepMs: f.sweepMs, frameMs: f.frameMs })),
        elapsedMs: end - start,
        inputMs,
      };
    }, `heatmap-param-${c.slider}-range`);
    const backend = await page.getByTestId('backend-badge').textContent();
    const row = {
      project: testInfo.project.name,
      backend,
      loss: c.loss,
      grid: `${c.res}²`,
      inputs: 60,
      framesDrawn: result.frames.length,
      medianSweepMs: Number(median(result.frames.map((f) => f.sweepMs)).toFixed(2)),
      medianFrameMs: Number(median(result.frames.map((f) => f.frameMs)).toFixed(2)),
      framesPerSecond: Number(((result.frames.length / result.elapsedMs) * 1000).toFixed(1)),
      inputLoopMs: Math.round(result.inputMs),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  writeFileSync(
    `test-results/frame-times-${testInfo.project.name}.json`,
    `${JSON.stringify(rows, null, 2)}\n`,
  );
});
