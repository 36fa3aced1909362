/**
 * Domains written as text, as a user types them in a variable table:
 *
 *     real               any finite real (also: reals, any, R, ℝ)
 *     > 0   >= 0   ≥ 0    a half-line (also < and <=); positive, nonnegative as words
 *     [0, 1]  (0, 1]  [0, inf)  (-inf, 2)
 *     {-1, 1}            a finite set
 *     unit               [0, 1]
 *
 * `domainText` prints a domain back in this syntax (what a normalised
 * specification stores): parseDomain(domainText(d)) equals d.
 */
import { domains } from '../catalog/domain.js';
import type { Domain } from '../catalog/types.js';

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const END = `[+-]?(?:inf|∞)|${NUMBER}`;

const words: Readonly<Record<string, Domain>> = {
  real: domains.real,
  reals: domains.real,
  any: domains.real,
  r: domains.real,
  ℝ: domains.real,
  positive: domains.positive,
  nonnegative: domains.nonNegative,
  'non-negative': domains.nonNegative,
  unit: domains.unit,
};

const halfLine = new RegExp(String.raw`^(<=|>=|≤|≥|<|>)\s*(${NUMBER})$`);
const interval = new RegExp(String.raw`^([[(])\s*(${END})\s*,\s*(${END})\s*([\])])$`);
const set = new RegExp(String.raw`^\{\s*(${NUMBER}(?:\s*,\s*${NUMBER})*)\s*\}$`);

const endValue = (text: string): number => {
  const t = text.replace('∞', 'inf');
  if (t === 'inf' || t === '+inf') return Number.POSITIVE_INFINITY;
  if (t === '-inf') return Number.NEGATIVE_INFINITY;
  const x = Number(t);
  return Number.isFinite(x) ? x : Number.NaN; // 1e400 is not a way to write inf
};

/** The domain a text names, or a sentence saying what is wrong with it. */
export function parseDomain(text: string): Domain | string {
  const t = text.trim().replace(/\u2212/g, '-');
  const word = words[t.toLowerCase()];
  if (word !== undefined && Object.hasOwn(words, t.toLowerCase())) return word;
  const half = halfLine.exec(t);
  if (half) {
    const [, op, num] = half as unknown as [string, string, string];
    const a = Number(num);
    if (!Number.isFinite(a)) return `the bound ${num} is not a finite number`;
    switch (op) {
      case '>':
        return {
          kind: 'interval',
          min: a,
          max: Number.POSITIVE_INFINITY,
          minInclusive: false,
          maxInclusive: false,
        };
      case '>=':
      case '≥':
        return {
          kind: 'interval',
          min: a,
          max: Number.POSITIVE_INFINITY,
          minInclusive: true,
          maxInclusive: false,
        };
      case '<':
        return {
          kind: 'interval',
          min: Number.NEGATIVE_INFINITY,
          max: a,
          minInclusive: false,
          maxInclusive: false,
        };
      default:
        return {
          kind: 'interval',
          min: Number.NEGATIVE_INFINITY,
          max: a,
          minInclusive: false,
          maxInclusive: true,
        };
    }
  }
  const iv = interval.exec(t);
  if (iv) {
    const [, open, lo, hi, close] = iv as unknown as [string, string, string, string, string];
    const min = endValue(lo);
    const max = endValue(hi);
    if (
      Number.isNaN(min) ||
      Number.isNaN(max) ||
      min === Number.POSITIVE_INFINITY ||
      max === Number.NEGATIVE_INFINITY
    )
      return `its ends must be numbers, -inf (left) or inf (right)`;
    if (!Number.isFinite(min) && open === '[') return 'an infinite end must be open: write (-inf, …';
    if (!Number.isFinite(max) && close === ']') return 'an infinite end must be open: write …, inf)';
    if (!(min < max)) return `it is empty: ${lo} is not below ${hi}`;
    return { kind: 'interval', min, max, minInclusive: open === '[', maxInclusive: close === ']' };
  }
  const s = set.exec(t);
  if (s) {
    const values = s[1]!.split(',').map((x) => Number(x.trim()));
    if (!values.every(Number.isFinite)) return 'its values must be finite numbers';
    if (new Set(values).size !== values.length) return 'it lists a value twice';
    return { kind: 'set', values };
  }
  return 'it is not a domain; write real, > 0, >= 0, [0, 1], (0, 1], [0, inf) or {-1, 1}';
}

const num = (x: number): string =>
  x === Number.POSITIVE_INFINITY ? 'inf' : x === Number.NEGATIVE_INFINITY ? '-inf' : String(x);

/** A domain in the syntax `parseDomain` reads. */
export function domainText(d: Domain): string {
  if (d.kind === 'set') return `{${d.values.map(num).join(', ')}}`;
  if (d.min === Number.NEGATIVE_INFINITY && d.max === Number.POSITIVE_INFINITY) return 'real';
  if (d.max === Number.POSITIVE_INFINITY) return `${d.minInclusive ? '>=' : '>'} ${num(d.min)}`;
  if (d.min === Number.NEGATIVE_INFINITY) return `${d.maxInclusive ? '<=' : '<'} ${num(d.max)}`;
  return `${d.minInclusive ? '[' : '('}${num(d.min)}, ${num(d.max)}${d.maxInclusive ? ']' : ')'}`;
}

/** Is `inner` a subset of `outer`? (For the model forms: does y's domain hold every label in [0, 1]?) */
export function domainContains(outer: Domain, inner: Domain): boolean {
  if (inner.kind === 'set') return inner.values.every((x) => inDomainLoose(outer, x));
  if (outer.kind === 'set') return false;
  const lowOk =
    outer.min < inner.min || (outer.min === inner.min && (outer.minInclusive || !inner.minInclusive));
  const highOk =
    outer.max > inner.max || (outer.max === inner.max && (outer.maxInclusive || !inner.maxInclusive));
  return lowOk && highOk;
}

function inDomainLoose(d: Domain, x: number): boolean {
  if (d.kind === 'set') return d.values.includes(x);
  return (d.minInclusive ? x >= d.min : x > d.min) && (d.maxInclusive ? x <= d.max : x < d.max);
}
