/// <reference types="node" />
/**
 * The landscape benchmark: core's `landscapeRows` at 512² against a
 * hand-written JS loop of the same sum (landscape-cases.ts), for every loss
 * with a model form, at 100 and 1000 data points, in one run.
 *
 * Pairing: a round fills the whole grid on each side, block of rows by block
 * of rows (a few tens of milliseconds each), the two sides alternating per
 * block and which goes first alternating too, so load from other processes on
 * a shared machine falls on both sides alike. A round's ratio is core's time
 * over the hand-written loop's; the table gives the median of the rounds'
 * ratios (and their range) and each side's median time per grid.
 *
 *   npx tsx bench/landscape.ts [--n 100,1000] [--rounds 5,2] [--grid 512] [--loss huber,bce]
 */
import { GRID, landscapeLossIds, makeCase } from './landscape-cases.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const sizes = (flag('--n') ?? '100,1000').split(',').map(Number);
const roundsPerSize = (flag('--rounds') ?? '5,2').split(',').map(Number);
const grid = Number(flag('--grid') ?? GRID);
const ids = flag('--loss')?.split(',') ?? landscapeLossIds;
const GOAL = 1.1;

const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

console.log(
  `Landscape ${grid}² (core landscapeRows vs hand-written loop; paired ratio = median of per-round core/hand; goal ≤ ${GOAL})\n`,
);
console.log(
  '| loss | points | core ms | hand-written ms | paired ratio (min–max) | core evaluations/s | ≤ goal |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const slow: string[] = [];
sizes.forEach((n, s) => {
  const rounds = roundsPerSize[s] ?? roundsPerSize[roundsPerSize.length - 1]!;
  for (const id of ids) {
    const c = makeCase(id, n, grid);
    if (c.mismatch) {
      console.log(`| ${id} | ${n} | — | — | — | — | hand-written loop disagrees: ${c.mismatch} |`);
      continue;
    }
    const out = new Float64Array(grid * grid);
    // Rows per block: about 3·10⁶ evaluations.
    const block = Math.max(1, Math.min(grid, Math.round(3e6 / (grid * n))));
    // Warm-up: a few blocks each, so both sides are compiled and optimized.
    for (let r = 0; r < Math.min(grid, 4 * block); r += block) {
      c.core(out, r, Math.min(grid, r + block));
      c.hand(out, r, Math.min(grid, r + block));
    }
    const core: number[] = [];
    const hand: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      let tc = 0;
      let th = 0;
      for (let r = 0, k = 0; r < grid; r += block, k++) {
        const end = Math.min(grid, r + block);
        if ((k + round) % 2) {
          th += time(() => c.hand(out, r, end));
          tc += time(() => c.core(out, r, end));
        } else {
          tc += time(() => c.core(out, r, end));
          th += time(() => c.hand(out, r, end));
        }
      }
      core.push(tc);
      hand.push(th);
      ratios.push(tc / th);
    }
    const ratio = median(ratios);
    const rate = (grid * grid * n) / (median(core) / 1000);
    const ok = ratio <= GOAL;
    console.log(
      `| ${id} | ${n} | ${ms(median(core))} | ${ms(median(hand))} | **${ratio.toFixed(2)}** (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) | ${(rate / 1e6).toFixed(0)}M | ${ok ? '✓' : '✗'} |`,
    );
    if (!ok) slow.push(`${id} (${n}): ${ratio.toFixed(2)}×`);
  }
});
if (slow.length) console.log(`\nOver the goal: ${slow.join('; ')}`);
