/**
 * Reference definitions of the regression and margin losses in 200-digit
 * decimal arithmetic: each is the catalog's formula, rearranged only by exact
 * algebraic identities where the literal form would lose the digits we need
 * (1 + tiny at 200 digits, say). Independent of the library's trees.
 */
import { D, type Dec, type RefFn } from './decimal.js';

const ZERO = new D(0);
const ONE = new D(1);
const HALF = new D('0.5');

/** Sums a power series Σ coef(k)·x^k from k = 1 until terms drop below the working precision. */
function series(x: Dec, coef: (k: number) => Dec): Dec {
  const tiny = new D(10).pow(-D.precision - 5);
  let sum = new D(0);
  let power = x;
  for (let k = 1; k < 100000; k++) {
    const term = coef(k).times(power);
    sum = sum.plus(term);
    if (term.abs().lte(sum.abs().times(tiny))) break;
    power = power.times(x);
  }
  return sum;
}

/** log(1 + x), keeping relative precision for small |x| (1 + x would round it away). */
export function log1p(x: Dec): Dec {
  if (x.abs().lt('1e-3')) return series(x, (k) => new D(k % 2 === 1 ? 1 : -1).div(k));
  return x.plus(1).ln();
}

/** exp(x) − 1, likewise. */
export function expm1(x: Dec): Dec {
  if (x.abs().lt('1e-3')) {
    let factorial = new D(1);
    return series(x, (k) => {
      factorial = factorial.times(k);
      return new D(1).div(factorial);
    });
  }
  return x.exp().minus(1);
}

const max = (a: Dec, b: Dec): Dec => (a.gt(b) ? a : b);

function get(vars: Readonly<Record<string, Dec>>, name: string): Dec {
  const x = vars[name];
  if (x === undefined) throw new Error(`reference: missing ${name}`);
  return x;
}

/** Barron's ρ(x, α) with x = (r/c)², through expm1/log1p so that α near 0 and small x keep every digit. */
function barron(x: Dec, alpha: Dec): Dec {
  if (alpha.eq(2)) return x.div(2);
  if (alpha.isZero()) return log1p(x.div(2));
  const b = alpha.minus(2).abs();
  return b.div(alpha).times(expm1(alpha.div(2).times(log1p(x.div(b)))));
}

export const referenceLosses: Readonly<Record<string, RefFn>> = {
  mse: (v) => get(v, 'r').pow(2),
  mae: (v) => get(v, 'r').abs(),
  huber: (v) => {
    const a = get(v, 'r').abs();
    const d = get(v, 'delta');
    return a.lte(d) ? a.pow(2).div(2) : d.times(a.minus(d.div(2)));
  },
  smooth_l1: (v) => {
    const a = get(v, 'r').abs();
    const b = get(v, 'beta');
    return a.lt(b) ? a.pow(2).div(b.times(2)) : a.minus(b.div(2));
  },
  // δ²(√(1 + t²) − 1) = r²/(√(1 + t²) + 1): no cancellation for small t.
  pseudo_huber: (v) => {
    const r = get(v, 'r');
    const t = r.div(get(v, 'delta'));
    return r.pow(2).div(ONE.plus(t.pow(2)).sqrt().plus(1));
  },
  // log cosh r = |r| − log 2 + log1p(e^(−2|r|)), exact and free of overflow.
  log_cosh: (v) => {
    const a = get(v, 'r').abs();
    // log cosh a = log1p(2 sinh²(a/2)): exact for small a.
    if (a.lt(1)) return log1p(a.div(2).sinh().pow(2).times(2));
    return a.minus(new D(2).ln()).plus(log1p(a.times(-2).exp()));
  },
  quantile: (v) => {
    const r = get(v, 'r');
    const tau = get(v, 'tau');
    return max(tau.neg().times(r), ONE.minus(tau).times(r));
  },
  epsilon_insensitive: (v) => max(ZERO, get(v, 'r').abs().minus(get(v, 'epsilon'))),
  cauchy: (v) => {
    const c = get(v, 'c');
    return c
      .pow(2)
      .div(2)
      .times(log1p(get(v, 'r').div(c).pow(2)));
  },
  // (c²/6)(1 − (1 − s)³) = (c²/6)·s·(3 − 3s + s²) with s = (r/c)².
  tukey: (v) => {
    const r = get(v, 'r');
    const c = get(v, 'c');
    if (r.abs().gt(c)) return c.pow(2).div(6);
    const s = r.div(c).pow(2);
    return c
      .pow(2)
      .div(6)
      .times(s)
      .times(new D(3).minus(s.times(3)).plus(s.pow(2)));
  },
  general_robust: (v) => barron(get(v, 'r').div(get(v, 'c')).pow(2), get(v, 'alpha')),
  gaussian_nll: (v) => {
    const r = get(v, 'r');
    const variance = get(v, 'var');
    return HALF.times(variance.ln().plus(r.pow(2).div(variance)));
  },
  poisson_nll: (v) => {
    const z = get(v, 'z');
    return z.exp().minus(get(v, 'y').times(z));
  },
  zero_one: (v) => (get(v, 'm').lte(0) ? ONE : ZERO),
  hinge: (v) => max(ZERO, ONE.minus(get(v, 'm'))),
  squared_hinge: (v) => max(ZERO, ONE.minus(get(v, 'm'))).pow(2),
  logistic: (v) => {
    const m = get(v, 'm');
    // log(1 + e^(−m)) = max(−m, 0) + log1p(e^(−|m|))
    return max(m.neg(), ZERO).plus(log1p(m.abs().neg().exp()));
  },
  exponential: (v) => get(v, 'm').neg().exp(),
  modified_huber: (v) => {
    const m = get(v, 'm');
    return m.gte(-1) ? max(ZERO, ONE.minus(m)).pow(2) : m.times(-4);
  },
};
