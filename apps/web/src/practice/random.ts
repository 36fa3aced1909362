/**
 * Seeded numbers for Practice variants: the same seed gives the same
 * question everywhere (a shared link, a test), a new seed fresh numbers.
 * mulberry32 by Tommy Ettinger: six lines, so no dependency (pure-rand is in
 * the lockfile through fast-check, but only as a test tool of core's).
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** A uniform number in [min, max] rounded to `decimals` decimals. */
  decimal(min: number, max: number, decimals: number): number;
  /** One of the items. */
  pick<T>(items: readonly T[]): T;
}

/** The largest seed (seeds are 31-bit, so they print and parse as plain integers). */
export const MAX_SEED = 0x7fffffff;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const round = (x: number, decimals: number) => Number(x.toFixed(decimals));
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    decimal: (min, max, decimals) => round(min + next() * (max - min), decimals),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** A fresh seed from the browser's (or Node's) cryptographic generator; never 0, the textbook numbers. */
export function freshSeed(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return (word[0]! % MAX_SEED) + 1;
}
