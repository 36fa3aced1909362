/**
 * Reference values and partial derivatives of the probability, multiclass,
 * distribution, embedding, segmentation and adversarial losses, in 80-digit
 * Decimal: the textbook formulas and their hand-derived derivatives, with
 * the catalog's conventions (0·log 0 = 0, 0^0 = 1, p·log(p/0) = +∞, 0 at a
 * hinge's kink, an even split at crammer_singer's tie).
 *
 * Fixed precision cannot form 1 − p for p = 1e-300, so log(1 − p) is always
 * ln1p(−p); and where even 80 digits would cancel (softplus(800) − 800,
 * logsumexp(z) − z1 with z1 ahead by 800) a formula is rearranged by an exact
 * identity. Nothing here shares code with the library.
 */
import { D, type Dec, exactSum, ln1p, sigmoid, softplus, type Vars, xlogy } from './decimal.js';

const ONE = new D(1);
const ZERO = new D(0);
const HALF = new D(0.5);
const INF = new D(Number.POSITIVE_INFINITY);
const NEG_INF = new D(Number.NEGATIVE_INFINITY);

export interface Reference {
  value(vars: Vars): Dec;
  /** Partials with respect to every continuous variable (by the catalog's conventions), at finite values. */
  gradient(vars: Vars): Record<string, Dec>;
}

function get(vars: Vars, name: string): Dec {
  const x = vars[name];
  if (x === undefined) throw new Error(`reference: missing ${name}`);
  return x;
}

/** x^y with 0^0 = 1. */
function pow(x: Dec, y: Dec): Dec {
  if (y.isZero()) return ONE;
  if (x.isZero()) return y.isNeg() ? INF : ZERO;
  return x.pow(y);
}

/** c·x with 0·x = 0 for every x, ±∞ included (a coefficient that is 0 removes its term). */
function coef(c: Dec, x: Dec): Dec {
  return c.isZero() ? ZERO : c.times(x);
}

/** log(1 − x), exact for tiny x. */
const log1m = (x: Dec): Dec => ln1p(x.neg());

/** softplus(z) − y·z, as (1 − y)z + softplus(−z) for z ≥ 0 (the same number). */
function bceLogits(z: Dec, y: Dec): Dec {
  return z.isNeg() ? softplus(z).minus(y.times(z)) : ONE.minus(y).times(z).plus(softplus(z.neg()));
}

/** log(a/b) for a, b ≥ 0 given as log a and log b (−∞ for 0): +∞ for b = 0 < a, −∞ for a = 0 < b. */
function logRatio(logA: Dec, logB: Dec): Dec {
  if (!logA.isFinite() && !logB.isFinite()) return new D(Number.NaN);
  return logA.minus(logB);
}

const lnOrNegInf = (x: Dec): Dec => (x.isZero() ? NEG_INF : x.ln());

/** KL(Bern(p) ‖ Bern(q)) = p log(p/q) + (1 − p) log((1 − p)/(1 − q)). */
function klValue(p: Dec, q: Dec): Dec {
  const first = p.isZero() ? ZERO : q.isZero() ? INF : p.times(p.ln().minus(q.ln()));
  const oneMinusP = ONE.minus(p);
  const second = oneMinusP.isZero() ? ZERO : q.eq(1) ? INF : oneMinusP.times(log1m(p).minus(log1m(q)));
  return first.plus(second);
}

/** ∂/∂p KL(p‖q) = log(p/q) − log((1 − p)/(1 − q)). */
function klDp(p: Dec, q: Dec): Dec {
  if (p.isZero() && q.isZero()) return INF; // KL(h‖0) = ∞ for every h > 0
  if (p.eq(1) && q.eq(1)) return NEG_INF; // KL(1 − h‖1) = ∞
  const a = logRatio(lnOrNegInf(p), lnOrNegInf(q));
  const b = logRatio(p.eq(1) ? NEG_INF : log1m(p), q.eq(1) ? NEG_INF : log1m(q));
  return a.minus(b);
}

/** ∂/∂q KL(p‖q) = −p/q + (1 − p)/(1 − q) = (q − p)/(q(1 − q)) inside (0, 1) (exactly 0 at q = p). */
function klDq(p: Dec, q: Dec): Dec {
  if (q.gt(0) && q.lt(1)) return q.minus(p).div(q.times(ONE.minus(q)));
  return coef(p, ONE.div(q))
    .neg()
    .plus(coef(ONE.minus(p), ONE.div(ONE.minus(q))));
}

/** 1 − 1/(1 + α(1/P − 1) + β(1/R − 1)) and its partials. */
function overlap(
  P: Dec,
  R: Dec,
  alpha: Dec,
  beta: Dec,
): { value: Dec; dP: Dec; dR: Dec; dAlpha: Dec; dBeta: Dec } {
  const a = ONE.div(P).minus(1);
  const b = ONE.div(R).minus(1);
  const s = alpha.times(a).plus(beta.times(b));
  const g = ONE.div(s.plus(1));
  return {
    value: s.div(s.plus(1)), // = 1 − g, without 1 − g rounding for tiny s
    dP: alpha.times(g.div(P).pow(2)).neg(),
    dR: beta.times(g.div(R).pow(2)).neg(),
    dAlpha: g.pow(2).times(a),
    dBeta: g.pow(2).times(b),
  };
}

/** σ(z) − y, as (1 − y) − σ(−z) for z ≥ 0 (1 − e^−700 would round to 1 at 80 digits). */
function sigmoidMinus(z: Dec, y: Dec): Dec {
  // Near 0 as (½ − y) + ½tanh(z/2), the same number: σ(1e-300) is ½ to 80 digits.
  if (z.abs().lt(1)) return HALF.minus(y).plus(z.div(2).tanh().div(2));
  return z.isNeg() ? sigmoid(z).minus(y) : ONE.minus(y).minus(sigmoid(z.neg()));
}

/** 1 if x > 0 else 0: the derivative of max(0, x) with 0 at the kink. */
const step = (x: Dec): Dec => (x.gt(0) ? ONE : ZERO);

const focalParts = (v: Vars) => {
  const z = get(v, 'z');
  const y = get(v, 'y');
  const alpha = get(v, 'alpha');
  const gamma = get(v, 'gamma');
  const sz = sigmoid(z);
  const smz = sigmoid(z.neg());
  // 1 − pt = σ(z)(1 − y) + σ(−z)y: the same number as 1 − [σ(z)y + σ(−z)(1 − y)].
  const u = sz.times(ONE.minus(y)).plus(smz.times(y));
  const pt = smz.times(ONE.minus(y)).plus(sz.times(y));
  // log(1 − pt) from pt when pt is small: 1 − e^−700 is 1 at 80 digits.
  const logU = pt.lt(0.5) ? ln1p(pt.neg()) : u.ln();
  const alphaT = alpha.times(y).plus(ONE.minus(alpha).times(ONE.minus(y)));
  const B = bceLogits(z, y);
  const uGamma = pow(u, gamma);
  const uGammaMinus1 = gamma.isZero() ? ZERO : gamma.times(pow(u, gamma.minus(1)));
  return { z, y, alpha, gamma, sz, smz, u, logU, alphaT, B, uGamma, uGammaMinus1 };
};

export const references: Record<string, Reference> = {
  bce: {
    value: (v) =>
      xlogy(get(v, 'y'), get(v, 'p'))
        .plus(coef(ONE.minus(get(v, 'y')), log1m(get(v, 'p'))))
        .neg(),
    gradient: (v) => {
      const p = get(v, 'p');
      const y = get(v, 'y');
      // (p − y)/(p(1 − p)) inside (0, 1): exactly 0 at p = y, where the two-term form leaves 1e-80 of noise.
      const inside = p.gt(0) && p.lt(1);
      return {
        p: inside
          ? p.minus(y).div(p.times(ONE.minus(p)))
          : coef(y, ONE.div(p))
              .neg()
              .plus(coef(ONE.minus(y), ONE.div(ONE.minus(p)))),
        y: (p.eq(1) ? NEG_INF : log1m(p)).minus(lnOrNegInf(p)),
      };
    },
  },
  bce_logits: {
    value: (v) => bceLogits(get(v, 'z'), get(v, 'y')),
    gradient: (v) => ({ z: sigmoidMinus(get(v, 'z'), get(v, 'y')), y: get(v, 'z').neg() }),
  },
  mse_prob: {
    value: (v) => get(v, 'p').minus(get(v, 'y')).pow(2),
    gradient: (v) => {
      const r = get(v, 'p').minus(get(v, 'y'));
      return { p: r.times(2), y: r.times(-2) };
    },
  },
  focal: {
    value: (v) => {
      const pt = get(v, 'pt');
      return pow(ONE.minus(pt), get(v, 'gamma'))
        .times(xlogy(get(v, 'alpha'), pt))
        .neg();
    },
    gradient: (v) => {
      const pt = get(v, 'pt');
      const gamma = get(v, 'gamma');
      const alpha = get(v, 'alpha');
      if (pt.eq(1)) return { pt: gamma.isZero() ? alpha.neg() : ZERO, gamma: ZERO, alpha: ZERO };
      const w = pow(ONE.minus(pt), gamma);
      const logPt = lnOrNegInf(pt);
      const dw = gamma.isZero() ? ZERO : gamma.times(pow(ONE.minus(pt), gamma.minus(1))).neg();
      return {
        pt: coef(alpha, coef(dw, logPt).plus(w.div(pt))).neg(),
        gamma: coef(alpha, w.times(log1m(pt)).times(logPt)).neg(),
        alpha: w.times(logPt).neg(),
      };
    },
  },
  focal_logits: {
    value: (v) => {
      const f = focalParts(v);
      return f.alphaT.times(f.uGamma).times(f.B);
    },
    gradient: (v) => {
      const f = focalParts(v);
      const uz = f.sz.times(f.smz).times(ONE.minus(f.y.times(2)));
      const uy = f.smz.minus(f.sz);
      const dz = f.alphaT.times(
        f.uGammaMinus1
          .times(uz)
          .times(f.B)
          .plus(f.uGamma.times(sigmoidMinus(f.z, f.y))),
      );
      const dy = f.alpha
        .times(2)
        .minus(1)
        .times(f.uGamma)
        .times(f.B)
        .plus(f.alphaT.times(f.uGammaMinus1.times(uy).times(f.B).plus(f.uGamma.times(f.z.neg()))));
      return {
        z: dz,
        y: dy,
        gamma: f.alphaT.times(f.uGamma).times(f.logU).times(f.B),
        alpha: f.y.times(2).minus(1).times(f.uGamma).times(f.B),
      };
    },
  },
  poly1: {
    value: (v) => {
      const pt = get(v, 'pt');
      return pt
        .ln()
        .neg()
        .plus(get(v, 'epsilon').times(ONE.minus(pt)));
    },
    gradient: (v) => ({
      pt: ONE.div(get(v, 'pt')).neg().minus(get(v, 'epsilon')),
      epsilon: ONE.minus(get(v, 'pt')),
    }),
  },
  softmax_ce: {
    value: (v) => {
      const [z1, z2, z3] = [get(v, 'z1'), get(v, 'z2'), get(v, 'z3')];
      const s = get(v, 'smoothing');
      // −Σqₖzₖ + z1 = s·z1 − (s/3)Σzₖ, and logsumexp(z) − z1 = (M − z1) + log Σ e^(zₖ − M) for the
      // largest M; when z1 is the largest, log1p of the other two (exact for e^−800).
      const top = D.max(z1, z2, z3);
      const lseMinusZ1 = top.eq(z1)
        ? ln1p(z2.minus(z1).exp().plus(z3.minus(z1).exp()))
        : top.minus(z1).plus([z1, z2, z3].reduce((acc, z) => acc.plus(z.minus(top).exp()), ZERO).ln());
      return lseMinusZ1.plus(s.times(z1)).minus(s.div(3).times(z1.plus(z2).plus(z3)));
    },
    gradient: (v) => {
      const [z1, z2, z3] = [get(v, 'z1'), get(v, 'z2'), get(v, 'z3')];
      const s = get(v, 'smoothing');
      const top = D.max(z1, z2, z3);
      const [e1, e2, e3] = [z1, z2, z3].map((z) => z.minus(top).exp()) as [Dec, Dec, Dec];
      const total = e1.plus(e2).plus(e3);
      const p2 = e2.div(total);
      const p3 = e3.div(total);
      const third = s.div(3);
      return {
        // p1 − q1 = −(p2 + p3) + 2s/3
        z1: p2.plus(p3).neg().plus(third.times(2)),
        z2: p2.minus(third),
        z3: p3.minus(third),
        smoothing: z1.minus(z1.plus(z2).plus(z3).div(3)),
      };
    },
  },
  multiclass_hinge: {
    value: (v) => {
      const z1 = get(v, 'z1');
      const term = (zj: Dec) => D.max(0, exactSum(ONE, zj, z1.neg()));
      return term(get(v, 'z2')).plus(term(get(v, 'z3')));
    },
    gradient: (v) => {
      const z1 = get(v, 'z1');
      const a2 = step(exactSum(ONE, get(v, 'z2'), z1.neg()));
      const a3 = step(exactSum(ONE, get(v, 'z3'), z1.neg()));
      return { z1: a2.plus(a3).neg(), z2: a2, z3: a3 };
    },
  },
  crammer_singer: {
    value: (v) => D.max(0, exactSum(ONE, D.max(get(v, 'z2'), get(v, 'z3')), get(v, 'z1').neg())),
    gradient: (v) => {
      const [z1, z2, z3] = [get(v, 'z1'), get(v, 'z2'), get(v, 'z3')];
      const active = step(exactSum(ONE, D.max(z2, z3), z1.neg()));
      const share2 = z2.gt(z3) ? ONE : z2.eq(z3) ? HALF : ZERO;
      return { z1: active.neg(), z2: active.times(share2), z3: active.times(ONE.minus(share2)) };
    },
  },
  kl_bernoulli: {
    value: (v) => klValue(get(v, 'p'), get(v, 'q')),
    gradient: (v) => ({ p: klDp(get(v, 'p'), get(v, 'q')), q: klDq(get(v, 'p'), get(v, 'q')) }),
  },
  js_bernoulli: {
    value: (v) => {
      const p = get(v, 'p');
      const q = get(v, 'q');
      if (p.eq(q)) return ZERO; // exactly, where m = (p + q)/2 could round at 80 digits
      const m = p.plus(q).div(2);
      return klValue(p, m).plus(klValue(q, m)).div(2);
    },
    gradient: (v) => {
      const p = get(v, 'p');
      const q = get(v, 'q');
      // The m-derivatives of the two KL terms cancel: ∂p JS = ½ ∂p KL(p‖m) with m held fixed.
      const half = (a: Dec, b: Dec): Dec => {
        if (a.eq(b) && (a.isZero() || a.eq(1)))
          return new D(2)
            .ln()
            .div(2)
            .times(a.isZero() ? 1 : -1);
        if (a.eq(b)) return ZERO;
        return klDp(a, a.plus(b).div(2)).div(2);
      };
      return { p: half(p, q), q: half(q, p) };
    },
  },
  kl_gaussian: {
    value: (v) => {
      const mu = get(v, 'mu');
      const sigma = get(v, 'sigma');
      return mu.pow(2).plus(sigma.pow(2)).minus(1).div(2).minus(sigma.ln());
    },
    gradient: (v) => ({ mu: get(v, 'mu'), sigma: get(v, 'sigma').minus(ONE.div(get(v, 'sigma'))) }),
  },
  contrastive: {
    value: (v) => {
      const d = get(v, 'd');
      const y = get(v, 'y');
      const gap = D.max(0, get(v, 'margin').minus(d));
      return y
        .times(d.pow(2))
        .plus(ONE.minus(y).times(gap.pow(2)))
        .div(2);
    },
    gradient: (v) => {
      const d = get(v, 'd');
      const y = get(v, 'y');
      const gap = D.max(0, get(v, 'margin').minus(d));
      return {
        d: y.times(d).minus(ONE.minus(y).times(gap)),
        y: d.pow(2).minus(gap.pow(2)).div(2),
        margin: ONE.minus(y).times(gap),
      };
    },
  },
  triplet: {
    value: (v) => D.max(0, exactSum(get(v, 'dap'), get(v, 'dan').neg(), get(v, 'margin'))),
    gradient: (v) => {
      const a = step(exactSum(get(v, 'dap'), get(v, 'dan').neg(), get(v, 'margin')));
      return { dap: a, dan: a.neg(), margin: a };
    },
  },
  cosine_embedding: {
    value: (v) =>
      get(v, 'y').eq(1) ? ONE.minus(get(v, 'cos')) : D.max(0, get(v, 'cos').minus(get(v, 'margin'))),
    gradient: (v) => {
      if (get(v, 'y').eq(1)) return { cos: ONE.neg(), margin: ZERO };
      const a = step(get(v, 'cos').minus(get(v, 'margin')));
      return { cos: a, margin: a.neg() };
    },
  },
  dice: {
    value: (v) => {
      const P = get(v, 'precision');
      const R = get(v, 'recall');
      return ONE.minus(P.times(R).times(2).div(P.plus(R)));
    },
    gradient: (v) => {
      const o = overlap(get(v, 'precision'), get(v, 'recall'), HALF, HALF);
      return { precision: o.dP, recall: o.dR };
    },
  },
  jaccard: {
    value: (v) => {
      const P = get(v, 'precision');
      const R = get(v, 'recall');
      return ONE.minus(P.times(R).div(P.plus(R).minus(P.times(R))));
    },
    gradient: (v) => {
      const o = overlap(get(v, 'precision'), get(v, 'recall'), ONE, ONE);
      return { precision: o.dP, recall: o.dR };
    },
  },
  tversky: {
    value: (v) => overlap(get(v, 'precision'), get(v, 'recall'), get(v, 'alpha'), get(v, 'beta')).value,
    gradient: (v) => {
      const o = overlap(get(v, 'precision'), get(v, 'recall'), get(v, 'alpha'), get(v, 'beta'));
      return { precision: o.dP, recall: o.dR, alpha: o.dAlpha, beta: o.dBeta };
    },
  },
  gan_minimax: {
    value: (v) => (get(v, 'd').eq(1) ? NEG_INF : log1m(get(v, 'd'))),
    gradient: (v) => ({ d: ONE.div(ONE.minus(get(v, 'd'))).neg() }),
  },
  gan_nonsaturating: {
    value: (v) => lnOrNegInf(get(v, 'd')).neg(),
    gradient: (v) => ({ d: ONE.div(get(v, 'd')).neg() }),
  },
};
