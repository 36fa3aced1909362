/**
 * Fixed-arity spellings of variadic primitives for generated JS. The
 * reference `logSumExp(...xs)` allocates its rest array at every point, which
 * made softmax_ce sweeps 2× slower than a hand-written loop; these compute
 * the same thing, operation for operation, without allocating.
 */

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
