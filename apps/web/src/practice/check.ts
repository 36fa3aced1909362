/** Reading a typed answer and checking it against the exact one. */
import type { Tolerance } from './types';

/** The default tolerance: 0.5% of the exact value; an exact 0 needs 0 (to a millionth). */
export const STANDARD_TOLERANCE: Tolerance = { abs: 1e-6, rel: 5e-3 };

/**
 * A number as people type it: decimals, exponents, the Unicode minus, a
 * leading "+", thousands separators never; or a fraction "a/b". Undefined
 * when it is not one of those.
 */
export function parseAnswer(text: string): number | undefined {
  const clean = text.trim().replace(/\u2212/g, '-');
  const plain = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
  if (plain.test(clean)) {
    const value = Number(clean);
    return Number.isFinite(value) ? value : undefined;
  }
  const fraction = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*\/\s*(\d+\.?\d*|\.\d+)$/.exec(clean);
  if (fraction) {
    const value = Number(fraction[1]) / Number(fraction[2]);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

export function withinTolerance(answer: number, exact: number, tolerance: Tolerance): boolean {
  return Math.abs(answer - exact) <= Math.max(tolerance.abs, tolerance.rel * Math.abs(exact));
}

/** The tolerance in words, for the question's instructions. */
export function describeTolerance(tolerance: Tolerance): string {
  const percent = `${Number((tolerance.rel * 100).toPrecision(3))}%`;
  return `within ±${percent} of the exact value (an answer of 0 within ±${tolerance.abs})`;
}
