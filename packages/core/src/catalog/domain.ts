/** Domains of loss variables: constructors, membership and the text errors quote. */
import type { Domain } from './types.js';

const interval = (min: number, max: number, minInclusive: boolean, maxInclusive: boolean): Domain => ({
  kind: 'interval',
  min,
  max,
  minInclusive: minInclusive && Number.isFinite(min),
  maxInclusive: maxInclusive && Number.isFinite(max),
});

export const domains = {
  real: interval(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, false, false),
  positive: interval(0, Number.POSITIVE_INFINITY, false, false),
  nonNegative: interval(0, Number.POSITIVE_INFINITY, true, false),
  unit: interval(0, 1, true, true),
  /** [a, b] */
  closed: (a: number, b: number): Domain => interval(a, b, true, true),
  /** [a, b) */
  closedOpen: (a: number, b: number): Domain => interval(a, b, true, false),
  /** (a, b] */
  openClosed: (a: number, b: number): Domain => interval(a, b, false, true),
  /** [a, ∞) */
  atLeast: (a: number): Domain => interval(a, Number.POSITIVE_INFINITY, true, false),
  set: (...values: number[]): Domain => ({ kind: 'set', values }),
} as const;

/** Finite and inside the domain (NaN and ±Infinity never are). */
export function inDomain(d: Domain, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  if (d.kind === 'set') return d.values.includes(x);
  const aboveMin = d.minInclusive ? x >= d.min : x > d.min;
  const belowMax = d.maxInclusive ? x <= d.max : x < d.max;
  return aboveMin && belowMax;
}

export function isContinuous(d: Domain): boolean {
  return d.kind === 'interval';
}

const num = (x: number): string =>
  x === Number.POSITIVE_INFINITY ? '∞' : x === Number.NEGATIVE_INFINITY ? '−∞' : String(x);

/** "any finite real", "(0, ∞)", "[0, 1]", "{−1, 1}". */
export function formatDomain(d: Domain): string {
  if (d.kind === 'set') return `{${d.values.map(num).join(', ')}}`;
  if (d.min === Number.NEGATIVE_INFINITY && d.max === Number.POSITIVE_INFINITY) return 'any finite real';
  return `${d.minInclusive ? '[' : '('}${num(d.min)}, ${num(d.max)}${d.maxInclusive ? ']' : ')'}`;
}
