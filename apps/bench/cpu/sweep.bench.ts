/**
 * `sweep` at 1024² for every loss in the catalog against a hand-written JS
 * loop of the same formula, side by side in one run (issue 2, item 7). The
 * cases, loops included, are in cases.ts.
 *
 * `pnpm --filter @losslab/bench bench:cpu` runs this and then cpu/report.ts,
 * which prints the ratio table.
 */
import { bench, describe } from 'vitest';
import { cases, SIZE } from './cases.js';

const out = new Float64Array(SIZE * SIZE);
const options = { time: 600, warmupTime: 150, warmupIterations: 3 };

for (const c of cases) {
  if (c.mismatch) console.warn(`[sweep.bench] ${c.loss.id}: ${c.mismatch}`);
  // Group name carries the axes so the report can say what was swept.
  describe(`${c.loss.id} (${c.axes.join(' × ')})`, () => {
    bench(c.axes.length === 2 ? 'sweep' : 'evaluateBatch', () => c.core(SIZE, out), options);
    if (c.hand && !c.mismatch) bench('hand-written', () => c.hand!(SIZE, out), options);
  });
}
