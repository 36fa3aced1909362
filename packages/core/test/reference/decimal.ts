/**
 * High-precision reference arithmetic for the loss tests, with decimal.js.
 *
 * Values come from each loss's textbook formula written in Decimal (see
 * `losses.ts`). Partial derivatives come from one-sided differences in the
 * same arithmetic, with steps of 1e-60 of the variable's magnitude, so that
 * no gradient is ever derived by hand: the working precision grows until the
 * differences are resolved to 40 digits (a loss of size 1 moved by a step at
 * r = 1e-300 needs ~400 digits). Where the left and right slopes disagree the
 * point is a kink and the caller supplies the catalog's convention instead.
 */
import Decimal from 'decimal.js';

const BASE_PRECISION = 120;
const MAX_DIGITS = 600;

/** The reference Decimal constructor: exponent range wide enough for exp(±1e4) and beyond. */
export const D = Decimal.clone({
  precision: BASE_PRECISION,
  rounding: Decimal.ROUND_HALF_EVEN,
  minE: -9e15,
  maxE: 9e15,
});
export type Dec = InstanceType<typeof D>;

/** A reference loss: Decimal arguments by variable name, Decimal value. */
export type RefFn = (vars: Readonly<Record<string, Dec>>) => Dec;

/** Runs `f` with the reference precision raised to `digits`. */
export function withPrecision<T>(digits: number, f: () => T): T {
  const saved = D.precision;
  D.set({ precision: digits });
  try {
    return f();
  } finally {
    D.set({ precision: saved });
  }
}

/**
 * The exact value of a double as a Decimal (decimal.js's own conversion goes
 * through the shortest decimal string: 0.9999999999999999 would become
 * 1 − 1e-16, not the double 1 − 2^-53; 1.2345e200, an integer, would become
 * 12345 followed by zeros, which it is not).
 */
export function exact(x: number): Dec {
  if (!Number.isFinite(x) || x === 0 || Number.isSafeInteger(x)) return new D(x);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const mantissa = (hi & 0xfffff) * 2 ** 32 + lo + (biased === 0 ? 0 : 2 ** 52);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  // 2^e has at most ~750 significant digits; enough precision keeps the product exact.
  const value = withPrecision(800, () => new D(mantissa).times(new D(2).pow(exponent)));
  return x < 0 ? value.neg() : value;
}

/** Exact Decimal versions of a point's variables. */
export function decimals(vars: Readonly<Record<string, number>>): Record<string, Dec> {
  const out: Record<string, Dec> = {};
  for (const [k, value] of Object.entries(vars)) out[k] = exact(value);
  return out;
}

// Round-to-nearest overflows at MAX + ½ulp(MAX) = 2^1024 − 2^970.
const OVERFLOW = withPrecision(400, () => new D(2).pow(1024).minus(new D(2).pow(970)));
const MIN_NORMAL = exact(2.2250738585072014e-308);

/** The double nearest to a Decimal, ±Infinity beyond the largest double. */
export function toDouble(x: Dec): number {
  if (!x.isFinite()) return x.toNumber();
  if (x.abs().gte(OVERFLOW)) return x.isNeg() ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return x.toNumber();
}

/**
 * |got − ref| / |ref|, except 0 where got is within the reference's own
 * `uncertainty` (the differencing residue of a partial). Infinite references
 * need exactly that infinity; NaN or a wrong infinity is an infinite error.
 * References below the normal range are compared against the smallest normal
 * double (their doubles carry fewer bits).
 */
export function relativeError(got: number, ref: Dec, uncertainty: Dec = new D(0)): number {
  const expected = toDouble(ref);
  if (!Number.isFinite(expected)) return got === expected ? 0 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(got)) return Number.POSITIVE_INFINITY;
  const diff = exact(got).minus(ref).abs();
  if (diff.lte(uncertainty)) return 0;
  return diff.div(D.max(ref.abs(), MIN_NORMAL)).toNumber();
}

export type Partial =
  | {
      readonly kind: 'smooth';
      readonly value: Dec;
      /** How far off `value` may be: rounding in the differences, or the residue at a C¹ point. */
      readonly uncertainty: Dec;
    }
  | { readonly kind: 'kink'; readonly left: Dec; readonly right: Dec }
  /**
   * A partial so small next to f that no affordable precision resolves it
   * (f flat to 560 digits): only a bound on its size is known.
   */
  | { readonly kind: 'negligible'; readonly bound: Dec };

interface Slopes {
  readonly left: Dec;
  readonly right: Dec;
  readonly gap: Dec;
  /** False when a step moved f by less than 1e40 units in the last digit. */
  readonly resolved: boolean;
  /** What an unresolved step says about the slope: |f'| is below this. */
  readonly bound: Dec;
  /** The slopes' rounding error at this precision. */
  readonly rounding: Dec;
}

function slopes(at: (value: Dec) => Dec, x: Dec, relStep: string, digits: number): Slopes {
  return withPrecision(digits, () => {
    const h = x.isZero() ? new D(relStep) : x.abs().times(relStep);
    const f0 = at(x);
    const up = at(x.plus(h));
    const down = at(x.minus(h));
    const size = D.max(f0.abs(), up.abs(), down.abs());
    const noise = size.times(new D(10).pow(40 - digits));
    const dUp = up.minus(f0);
    const dDown = f0.minus(down);
    // A zero difference is only trusted once the precision is high: at 120 digits 1 − 1e-300 is 1.
    const ok = (d: Dec): boolean => d.abs().gt(noise) || (d.isZero() && digits >= MAX_DIGITS);
    const resolved = ok(dUp) && ok(dDown);
    const right = dUp.div(h);
    const left = dDown.div(h);
    const rounding = size.times(new D(10).pow(5 - digits)).div(h);
    return { left, right, gap: right.minus(left).abs(), resolved, bound: noise.div(h), rounding };
  });
}

/**
 * ∂f/∂name at a point. Steps of 1e-60 relative (absolute at 0); where the two
 * slopes differ, steps of 1e-90 decide: at a smooth point (a stationary one,
 * say) the gap shrinks with the step, at a kink it stays.
 */
export function partial(f: RefFn, vars: Readonly<Record<string, Dec>>, name: string): Partial {
  const x = vars[name];
  if (x === undefined) throw new Error(`no variable ${name}`);
  const at = (value: Dec): Dec => f({ ...vars, [name]: value });
  const measure = (relStep: string, extra: number): Slopes => {
    // A step that moves f by less than the working precision cannot resolve: add digits until
    // it does, up to 600 (decimal.js slows down a lot beyond, and stops at ~1000).
    let s = slopes(at, x, relStep, BASE_PRECISION + extra);
    for (const digits of [300, MAX_DIGITS]) {
      if (s.resolved) break;
      s = slopes(at, x, relStep, digits);
    }
    return s;
  };
  const mean = (s: Slopes): Dec => s.left.plus(s.right).div(2);
  // The mean of the slopes is off by at most their gap (a jump in f'' at a C¹ point).
  const uncertainty = (s: Slopes): Dec => D.max(s.rounding, s.gap);
  const coarse = measure('1e-60', 0);
  if (!coarse.resolved) return { kind: 'negligible', bound: coarse.bound };
  if (coarse.gap.lte(D.max(coarse.left.abs(), coarse.right.abs()).times('1e-30'))) {
    return { kind: 'smooth', value: mean(coarse), uncertainty: uncertainty(coarse) };
  }
  const fine = measure('1e-90', 30);
  if (fine.gap.lte(coarse.gap.times('1e-20'))) {
    return { kind: 'smooth', value: mean(fine), uncertainty: uncertainty(fine) };
  }
  return { kind: 'kink', left: fine.left, right: fine.right };
}
