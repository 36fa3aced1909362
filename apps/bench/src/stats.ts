/** Medians and ranges of timed samples. */
import type { Stat } from './types.js';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

export function summarize(samples: readonly number[], warmup: number, firstRunMs?: number): Stat {
  return {
    medianMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
    reps: samples.length,
    warmup,
    ...(firstRunMs !== undefined ? { firstRunMs } : {}),
  };
}

/**
 * Runs `once` for warm-up and then timed repetitions. Slow cases get fewer
 * reps (never under 3) so one case stays within `budgetMs`.
 */
export async function timeRepeated(
  once: () => Promise<number> | number,
  reps: number,
  warmup: number,
  budgetMs: number,
): Promise<Stat> {
  let first: number | undefined;
  let last = 0;
  for (let i = 0; i < Math.max(1, warmup); i++) {
    last = await once();
    first ??= last;
  }
  // The last warm-up run predicts a rep; the first one includes compilation.
  const perRep = Math.max(last, 1e-3);
  const n = Math.max(3, Math.min(reps, Math.floor(budgetMs / perRep)));
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await once());
  return summarize(samples, Math.max(1, warmup), first);
}
