/**
 * High-precision references for landscape totals, in decimal.js.
 *
 * A term is the catalog's reference formula for its loss (test/reference and
 * test/reference-b: textbook formulas in Decimal, independent of the
 * library's trees) with the model substituted as the contract's table says,
 * literally: p = 1/(1 + e^(−s)) computed at the working precision, never a
 * rearrangement of the composite. Enough digits make the literal form exact:
 * at s = 800, 1 − σ(s) ≈ 1e-348 needs ~350 digits and gets 900.
 *
 * The partials of a term in s are central differences in the same arithmetic
 * (step 1e-(digits/3) relative): no derivative is derived by hand. Points on a
 * kink are avoided by the callers (their conventions are tested apart).
 */
import { D as DA, type Dec, exact } from '../reference/decimal.js';
import { referenceLosses } from '../reference/losses.js';
import { D as DB, sigmoid } from '../reference-b/decimal.js';
import { references } from '../reference-b/losses.js';

/** The contract's model-form table, transcribed. */
export const contractForms: Readonly<
  Record<string, 'residual' | 'poisson' | 'margin' | 'logit' | 'probability' | 'p_t'>
> = {
  mse: 'residual',
  mae: 'residual',
  huber: 'residual',
  smooth_l1: 'residual',
  pseudo_huber: 'residual',
  log_cosh: 'residual',
  quantile: 'residual',
  epsilon_insensitive: 'residual',
  cauchy: 'residual',
  tukey: 'residual',
  general_robust: 'residual',
  gaussian_nll: 'residual',
  poisson_nll: 'poisson',
  zero_one: 'margin',
  hinge: 'margin',
  squared_hinge: 'margin',
  logistic: 'margin',
  exponential: 'margin',
  modified_huber: 'margin',
  bce_logits: 'logit',
  focal_logits: 'logit',
  bce: 'probability',
  mse_prob: 'probability',
  focal: 'p_t',
  poly1: 'p_t',
};

/** Hyperparameter defaults from loss-catalog.md, transcribed. */
export const contractDefaults: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  huber: { delta: 1 },
  smooth_l1: { beta: 1 },
  pseudo_huber: { delta: 1 },
  quantile: { tau: 0.5 },
  epsilon_insensitive: { epsilon: 0.1 },
  cauchy: { c: 1 },
  tukey: { c: 4.685 },
  general_robust: { alpha: 1, c: 1 },
  gaussian_nll: { var: 1 },
  focal_logits: { gamma: 2, alpha: 0.25 },
  focal: { gamma: 2, alpha: 0.25 },
  poly1: { epsilon: 1 },
};

/** Runs f with both reference Decimal clones at `digits`. */
export function withDigits<T>(digits: number, f: () => T): T {
  const a = DA.precision;
  const b = DB.precision;
  DA.set({ precision: digits });
  DB.set({ precision: digits });
  try {
    return f();
  } finally {
    DA.set({ precision: a });
    DB.set({ precision: b });
  }
}

/** The per-sample term of the contract's table at s (Decimal), label y. */
export function referenceTerm(id: string, s: Dec, y: Dec, params: Readonly<Record<string, Dec>>): Dec {
  const form = contractForms[id];
  const sign = y.times(2).minus(1);
  switch (form) {
    case 'residual':
      return referenceLosses[id]!({ r: s.minus(y), ...params });
    case 'poisson':
      return referenceLosses[id]!({ z: s, y, ...params });
    case 'margin':
      return referenceLosses[id]!({ m: sign.times(s), ...params });
    case 'logit':
      return new DA(references[id]!.value({ z: s, y, ...params }));
    case 'probability':
      return new DA(references[id]!.value({ p: sigmoid(new DB(s)), y, ...params }));
    case 'p_t':
      return new DA(references[id]!.value({ pt: sigmoid(new DB(sign.times(s))), ...params }));
    default:
      throw new Error(`no model form for ${id}`);
  }
}

export interface ReferenceSpec {
  readonly loss: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly weight?: readonly number[];
  readonly reduction?: 'mean' | 'sum';
  readonly l2?: number;
}

export interface ReferenceTotal {
  readonly value: Dec;
  readonly w: Dec;
  readonly b: Dec;
  /**
   * Sensitivities to rounding (sums over terms of |∂(term)/∂(input)|·|input|,
   * reduced like the total): what u·S means for the value and each partial.
   */
  readonly sensitivity: { readonly value: number; readonly w: number; readonly b: number };
}

/**
 * dℓ/ds. Central differences at the working precision; for the forms through
 * σ, the chain rule on the reference's own partial (test/reference-b, derived
 * by hand there), ∂ℓ/∂p·σ(s)σ(−s): at s = 800 the literal term has only the
 * digits beyond 1 − σ(s)'s 348 zeros, too few to difference.
 */
function slope(id: string, s: Dec, y: Dec, params: Readonly<Record<string, Dec>>, digits: number): Dec {
  const form = contractForms[id];
  if (form === 'probability' || form === 'p_t') {
    const sign = form === 'p_t' ? y.times(2).minus(1) : new DA(1);
    const z = new DB(sign.times(s));
    const p = sigmoid(z);
    const dsig = p.times(sigmoid(z.neg()));
    const grad = references[id]!.gradient(form === 'p_t' ? { pt: p, ...params } : { p, y, ...params });
    return new DA(grad[form === 'p_t' ? 'pt' : 'p']!.times(dsig).times(sign));
  }
  const f = (at: Dec): Dec => referenceTerm(id, at, y, params);
  const h = DA.max(s.abs(), 1).times(new DA(10).pow(-Math.floor(digits / 3)));
  return f(s.plus(h))
    .minus(f(s.minus(h)))
    .div(h.times(2));
}

/**
 * L(w, b) and its partials, at `digits` significant digits. With `curvature`,
 * the sensitivities include each term's second derivative times the rounding
 * of s (for ill-conditioned sums: x ~ 1e6, y ~ 1e8).
 */
export function referenceTotal(
  spec: ReferenceSpec,
  w: number,
  b: number,
  digits = 120,
  curvature = false,
): ReferenceTotal {
  return withDigits(digits, () => {
    const params: Record<string, Dec> = {};
    for (const [k, v] of Object.entries({ ...contractDefaults[spec.loss], ...spec.params }))
      params[k] = exact(v);
    const W = exact(w);
    const B = exact(b);
    const n = spec.x.length;
    const divisor = new DA(spec.reduction === 'sum' ? 1 : n);
    let value = new DA(0);
    let dw = new DA(0);
    let db = new DA(0);
    let sv = 0;
    let sw = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      const weight = exact(spec.weight?.[i] ?? 1);
      if (weight.isZero()) continue;
      const x = exact(spec.x[i]!);
      const y = exact(spec.y[i]!);
      const s = W.times(x).plus(B);
      const f0 = referenceTerm(spec.loss, s, y, params);
      const d1 = slope(spec.loss, s, y, params, digits);
      value = value.plus(weight.times(f0));
      dw = dw.plus(weight.times(d1).times(x));
      db = db.plus(weight.times(d1));
      // Rounding s = w·x + b (and r = s − y) moves it by u·ρ: ρ = |w·x| + |b| + |y|.
      const rho = W.times(x).abs().plus(B.abs()).plus(y.abs()).toNumber();
      let d2 = 0;
      if (curvature) {
        const h = DA.max(s.abs(), 1).times(new DA(10).pow(-Math.floor(digits / 4)));
        d2 = Math.abs(
          slope(spec.loss, s.plus(h), y, params, digits)
            .minus(slope(spec.loss, s.minus(h), y, params, digits))
            .div(h.times(2))
            .toNumber(),
        );
      }
      const om = weight.toNumber();
      const a1 = Math.abs(d1.toNumber());
      sv += om * (a1 * rho + Math.abs(f0.toNumber()));
      sw += om * (d2 * rho + a1) * Math.abs(x.toNumber());
      sb += om * (d2 * rho + a1);
    }
    const l2 = exact(spec.l2 ?? 0);
    const dn = divisor.toNumber();
    return {
      value: value.div(divisor).plus(l2.times(W).times(W).div(2)),
      w: dw.div(divisor).plus(l2.times(W)),
      b: db.div(divisor),
      sensitivity: {
        value: sv / dn + Math.abs(0.5 * (spec.l2 ?? 0) * w * w),
        w: sw / dn + Math.abs((spec.l2 ?? 0) * w),
        b: sb / dn,
      },
    };
  });
}
