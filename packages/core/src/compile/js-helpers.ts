/**
 * Fixed-arity spellings of variadic primitives for generated JS. The
 * reference `logSumExp(...xs)` allocates its rest array at every point, which
 * made softmax_ce sweeps 2× slower than a hand-written loop; these compute
 * the same thing, operation for operation, without allocating.
 */
import { expmulOne, expmulWeights } from '../expr/primitives.js';

const MIN_NORMAL = 2.2250738585072014e-308;
const MAX = Number.MAX_VALUE;

/** w·eᵃ: `cpuPrimitives.expmul` with one weight. */
export const expmul2 = expmulOne;

// w₁·…·wₙ·eᵃ as `cpuPrimitives.expmul`, operation for operation: where every partial product,
// eᵃ and the whole product are normal (their smallest and largest magnitudes: a NaN fails both),
// the plain product, the reference's fast path inline (a call per check cost as much as the
// exponential); else the reference itself (the array only there).

export function expmul3(a: number, w1: number, w2: number): number {
  const p = w1 * w2;
  const e = Math.exp(a);
  const q = p * e;
  return Math.min(Math.abs(w1), Math.abs(p), e, Math.abs(q)) >= MIN_NORMAL &&
    Math.max(Math.abs(w1), Math.abs(p), e, Math.abs(q)) <= MAX
    ? q
    : expmulWeights(a, [w1, w2]);
}

export function expmul4(a: number, w1: number, w2: number, w3: number): number {
  const p2 = w1 * w2;
  const p = p2 * w3;
  const e = Math.exp(a);
  const q = p * e;
  return Math.min(Math.abs(w1), Math.abs(p2), Math.abs(p), e, Math.abs(q)) >= MIN_NORMAL &&
    Math.max(Math.abs(w1), Math.abs(p2), Math.abs(p), e, Math.abs(q)) <= MAX
    ? q
    : expmulWeights(a, [w1, w2, w3]);
}

export function expmul5(a: number, w1: number, w2: number, w3: number, w4: number): number {
  const p2 = w1 * w2;
  const p3 = p2 * w3;
  const p = p3 * w4;
  const e = Math.exp(a);
  const q = p * e;
  return Math.min(Math.abs(w1), Math.abs(p2), Math.abs(p3), Math.abs(p), e, Math.abs(q)) >= MIN_NORMAL &&
    Math.max(Math.abs(w1), Math.abs(p2), Math.abs(p3), Math.abs(p), e, Math.abs(q)) <= MAX
    ? q
    : expmulWeights(a, [w1, w2, w3, w4]);
}

export function expmul6(a: number, w1: number, w2: number, w3: number, w4: number, w5: number): number {
  const p2 = w1 * w2;
  const p3 = p2 * w3;
  const p4 = p3 * w4;
  const p = p4 * w5;
  const e = Math.exp(a);
  const q = p * e;
  return Math.min(Math.abs(w1), Math.abs(p2), Math.abs(p3), Math.abs(p4), Math.abs(p), e, Math.abs(q)) >=
    MIN_NORMAL &&
    Math.max(Math.abs(w1), Math.abs(p2), Math.abs(p3), Math.abs(p4), Math.abs(p), e, Math.abs(q)) <= MAX
    ? q
    : expmulWeights(a, [w1, w2, w3, w4, w5]);
}

export function expmul7(
  a: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  w5: number,
  w6: number,
): number {
  const p2 = w1 * w2;
  const p3 = p2 * w3;
  const p4 = p3 * w4;
  const p5 = p4 * w5;
  const p = p5 * w6;
  const e = Math.exp(a);
  const q = p * e;
  return Math.min(
    Math.abs(w1),
    Math.abs(p2),
    Math.abs(p3),
    Math.abs(p4),
    Math.abs(p5),
    Math.abs(p),
    e,
    Math.abs(q),
  ) >= MIN_NORMAL &&
    Math.max(
      Math.abs(w1),
      Math.abs(p2),
      Math.abs(p3),
      Math.abs(p4),
      Math.abs(p5),
      Math.abs(p),
      e,
      Math.abs(q),
    ) <= MAX
    ? q
    : expmulWeights(a, [w1, w2, w3, w4, w5, w6]);
}

export function expmul8(
  a: number,
  w1: number,
  w2: number,
  w3: number,
  w4: number,
  w5: number,
  w6: number,
  w7: number,
): number {
  const p2 = w1 * w2;
  const p3 = p2 * w3;
  const p4 = p3 * w4;
  const p5 = p4 * w5;
  const p6 = p5 * w6;
  const p = p6 * w7;
  const e = Math.exp(a);
  const q = p * e;
  return Math.min(
    Math.abs(w1),
    Math.abs(p2),
    Math.abs(p3),
    Math.abs(p4),
    Math.abs(p5),
    Math.abs(p6),
    Math.abs(p),
    e,
    Math.abs(q),
  ) >= MIN_NORMAL &&
    Math.max(
      Math.abs(w1),
      Math.abs(p2),
      Math.abs(p3),
      Math.abs(p4),
      Math.abs(p5),
      Math.abs(p6),
      Math.abs(p),
      e,
      Math.abs(q),
    ) <= MAX
    ? q
    : expmulWeights(a, [w1, w2, w3, w4, w5, w6, w7]);
}

/** m + log1p(Σ_{others} e^(x − m)), m the first largest: as `cpuPrimitives.logSumExp`. */
export function logSumExp2(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Math.max would let a NaN win; the reference skips it
  const top = b > a ? b : a;
  if (top === Number.NEGATIVE_INFINITY || top === Number.POSITIVE_INFINITY) return top;
  const rest = b > a ? Math.exp(a - top) : Math.exp(b - top);
  return top + Math.log1p(rest);
}

export function logSumExp3(a: number, b: number, c: number): number {
  let top = a;
  let which = 0;
  if (b > top) {
    top = b;
    which = 1;
  }
  if (c > top) {
    top = c;
    which = 2;
  }
  if (top === Number.NEGATIVE_INFINITY || top === Number.POSITIVE_INFINITY) return top;
  const s =
    which === 0
      ? Math.exp(b - top) + Math.exp(c - top)
      : which === 1
        ? Math.exp(a - top) + Math.exp(c - top)
        : Math.exp(a - top) + Math.exp(b - top);
  return top + Math.log1p(s);
}
