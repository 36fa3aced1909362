/**
 * High-precision reference arithmetic for the probability, multiclass,
 * distribution, embedding, segmentation and adversarial loss tests.
 *
 * Doubles are converted to Decimal exactly (mantissa · 2^exponent), never
 * through their shortest decimal string: that string differs from the double
 * by up to half an ulp, which near a cancellation (1 − p for p ≈ 1, log p near
 * p = 1) is far more than the error being measured.
 */
import Decimal from 'decimal.js';

/** 80 significant digits; an exponent range wide enough for e^(±1e4) and 1e-300². */
export const D = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_EVEN, minE: -9e15, maxE: 9e15 });
export type Dec = InstanceType<typeof D>;

const TWO = new D(2);

/** The exact value of a double (±Infinity stays infinite). */
export function exact(x: number): Dec {
  if (!Number.isFinite(x) || x === 0) return new D(x);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  const magnitude = new D(mantissa.toString()).times(TWO.pow(exponent));
  return x < 0 ? magnitude.neg() : magnitude;
}

export const MIN_NORMAL = 2.2250738585072014e-308;
const OVERFLOW = exact(Number.MAX_VALUE).plus(TWO.pow(970));

/** The double nearest a Decimal; ±Infinity at and beyond the round-to-nearest overflow threshold. */
export function toDouble(x: Dec): number {
  if (!x.isFinite()) return x.toNumber();
  if (x.abs().gte(OVERFLOW)) return x.isNeg() ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return x.toNumber();
}

/**
 * |got − ref| / max(|ref|, smallest normal double). An infinite reference
 * needs exactly that infinity; NaN expects NaN; a finite reference never
 * accepts NaN or ±Infinity.
 */
export function relativeError(got: number, ref: Dec): number {
  if (ref.isNaN()) return Number.isNaN(got) ? 0 : Number.POSITIVE_INFINITY;
  if (!ref.isFinite() || !Number.isFinite(toDouble(ref)))
    return got === toDouble(ref) ? 0 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(got)) return Number.POSITIVE_INFINITY;
  const scale = D.max(ref.abs(), exact(MIN_NORMAL));
  return exact(got).minus(ref).abs().div(scale).toNumber();
}

/** x·log y with 0·log y = 0 for every y (including 0 and ∞). */
export function xlogy(x: Dec, y: Dec): Dec {
  return x.isZero() ? new D(0) : x.times(y.ln());
}

/** log(1 + x), exact for tiny x (where 1 + x would round at any fixed precision). */
export function ln1p(x: Dec): Dec {
  if (x.abs().lt('1e-30')) return x.minus(x.pow(2).div(2)).plus(x.pow(3).div(3));
  return x.plus(1).ln();
}

/** log(1 + e^x), exact for very negative x. */
export function softplus(x: Dec): Dec {
  return x.isNeg() ? ln1p(x.exp()) : x.plus(ln1p(x.neg().exp()));
}

/** 1/(1 + e^(−x)). */
export function sigmoid(x: Dec): Dec {
  return new D(1).div(x.neg().exp().plus(1));
}

export type Vars = Readonly<Record<string, Dec>>;
export type RefFn = (vars: Vars) => Dec;

/** Where a variable may be perturbed: its closed bounds, for one-sided differences at the edges. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
}

/**
 * ∂f/∂name by a central difference with step 1e-30 of the variable's
 * magnitude (absolute at 0): at 80 digits truncation (~1e-60) and rounding
 * (~1e-50) are far below double precision. At a domain edge the difference is
 * one-sided (error ~1e-30). Not for kinks: tests state those by convention.
 */
export function partial(f: RefFn, vars: Vars, name: string, bounds: Bounds): Dec {
  const x = vars[name];
  if (x === undefined) throw new Error(`no variable ${name}`);
  const h = x.isZero() ? new D('1e-30') : x.abs().times('1e-30');
  const at = (value: Dec): Dec => f({ ...vars, [name]: value });
  const up = x.plus(h);
  const down = x.minus(h);
  const canUp = bounds.maxInclusive ? up.lte(bounds.max) : up.lt(bounds.max);
  const canDown = bounds.minInclusive ? down.gte(bounds.min) : down.gt(bounds.min);
  if (canUp && canDown) return at(up).minus(at(down)).div(h.times(2));
  if (canUp) {
    // second-order one-sided: (−3f(x) + 4f(x + h) − f(x + 2h)) / 2h
    return at(x)
      .times(-3)
      .plus(at(up).times(4))
      .minus(at(x.plus(h.times(2))))
      .div(h.times(2));
  }
  return at(x)
    .times(3)
    .minus(at(down).times(4))
    .plus(at(x.minus(h.times(2))))
    .div(h.times(2));
}

/**
 * The exact sum of doubles' exact values: at 80 digits 1e-300 + 0.5 − 0.5 would be 0 (and
 * 1 + 1e300 − 1e300 too), where the hinges that take such sums are active.
 */
export function exactSum(...xs: Dec[]): Dec {
  const saved = D.precision;
  D.set({ precision: 2400 });
  try {
    return xs.reduce((acc, x) => acc.plus(x), new D(0));
  } finally {
    D.set({ precision: saved });
  }
}
