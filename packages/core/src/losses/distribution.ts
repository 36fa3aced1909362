/**
 * Divergences between distributions.
 *
 * The Bernoulli divergences are sums of "bd0" terms (Loader's saddle-point
 * deviance), a·log(a/b) − (a − b), each ≥ 0: KL(p‖q) = bd0(p, q) +
 * bd0(1 − p, 1 − q), the ±(p − q) parts cancelling exactly on paper. Written
 * the textbook way, KL with p ≈ q is a difference of two first-order terms
 * that cancel to a second-order result; as bd0 terms nothing cancels.
 */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import {
  add,
  and,
  div,
  eq,
  ge,
  isInfinite,
  le,
  log,
  log1pmx,
  lt,
  mul,
  NEG_INF,
  neg,
  not,
  POS_INF,
  select,
  sub,
  v,
  withGrad,
  xlogy,
  ZERO,
} from '../expr/build.js';
import type { Expr } from '../expr/nodes.js';
import { data } from './vars.js';

/** The smallest normal double: below it 1/a overflows. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * a·log(a/b) − (a − b) for a, b ≥ 0, with the difference a − b passed in
 * (callers have it exactly, e.g. q − p for a = 1 − p, b = 1 − q).
 *
 * - b within [a/2, 2a] (a normal): −a·log1pmx((b − a)/a). The argument is in
 *   [−½, 1], where log1pmx is exact and well conditioned, and its derivatives
 *   are products (no cancellation either).
 * - otherwise: a·log(a/b) − (a − b), which cancels by at most a factor ~5
 *   here. log(a/b) is the log of the quotient while a/b and the partials
 *   through it (a/b², which the quotient rule forms) stay finite, else
 *   log a − log b, which then cancels by at most |log a|/|log(a/b)| ≲ 1100.
 *   At b = 0 the term is xlogy(a, ∞): 0 for a = 0, +∞ otherwise, with
 *   ∂a = +∞ (a·log(a/0) jumps to +∞ as soon as a > 0) — for callers whose b
 *   does not move with a.
 */
function bd0(a: Expr, b: Expr, aMinusB: Expr): Expr {
  const near = and(ge(a, MIN_NORMAL), and(ge(b, mul(0.5, a)), le(b, mul(2, a))));
  const nearForm = neg(mul(a, log1pmx(div(neg(aMinusB), a))));
  const ratio = div(a, b);
  // A quotient below 1e-150 may be subnormal, where it has lost bits (5e-324/0.9 is
  // 5e-324): then the logs' difference, which cancels by at most 2.2× there. So where the
  // quotient rule's a/b² overflows: never in f64 inside these bounds (at most 1e300), but in
  // f32 (the GPU computes this tree) from b ≈ 1e-19, where ∂b would be −∞ for a finite −a/b.
  const quotientIsSafe = and(
    and(and(ge(b, 1e-150), lt(ratio, 1e150)), ge(ratio, 1e-150)),
    not(isInfinite(div(ratio, b))),
  );
  const aLogRatio = select(
    eq(b, 0),
    xlogy(a, POS_INF),
    select(quotientIsSafe, xlogy(a, ratio), sub(xlogy(a, a), xlogy(a, b))),
  );
  return select(near, nearForm, sub(aLogRatio, aMinusB));
}

const p = v('p');
const q = v('q');

/** KL(Bern(p) ‖ Bern(q)) = bd0(p, q) + bd0(1 − p, 1 − q). */
function klBernoulliExpr(pp: Expr, qq: Expr, pMinusQ: Expr, oneMinusP: Expr, oneMinusQ: Expr): Expr {
  return add(bd0(pp, qq, pMinusQ), bd0(oneMinusP, oneMinusQ, neg(pMinusQ)));
}

const probVar = (name: string, label: string) => data(name, name, label, domains.unit, { min: 0, max: 1 });

export const klBernoulli = defineLoss({
  id: 'kl_bernoulli',
  name: 'KL divergence (Bernoulli)',
  family: 'distribution',
  variables: [probVar('p', 'target probability p'), probVar('q', 'model probability q')],
  expr: klBernoulliExpr(p, q, sub(p, q), sub(1, p), sub(1, q)),
  tex: 'p \\log\\frac{p}{q} + (1-p)\\log\\frac{1-p}{1-q}',
  properties: {
    convex: true,
    smooth: true,
    robust: false,
    probabilistic: 'Bernoulli (cross-entropy minus the entropy of p)',
  },
  use: 'Distillation and variational inference with binary variables: how much q loses by standing in for p.',
  reference:
    'Kullback, S., Leibler, R. A. (1951). On information and sufficiency. Ann. Math. Statist. 22(1).',
  defaultAxes: ['p', 'q'],
});

/**
 * ½KL(p‖m) + ½KL(q‖m) with m = (p + q)/2. p − m = (p − q)/2 exactly (rather
 * than p minus a rounded m), and 1 − m is the mean of 1 − p and 1 − q.
 *
 * At p = q = 0 (and p = q = 1) the divergence is 0 and homogeneous of degree
 * one nearby, so it has one-sided partials only: along either axis
 * JS(h, 0) = (h/2)·log 2 + O(h²), giving ±½log 2. The general tree would meet
 * m = 0 (or 1 − m = 0) there, so those points get their own branch; it also
 * takes the subnormal pairs whose m rounds to 0, where the partial of the
 * smaller one (0) is −∞ as everywhere on the axis.
 */
function jsBernoulliExpr(): Expr {
  const delta = sub(p, q);
  const halfDelta = mul(0.5, delta);
  const m = mul(0.5, add(p, q));
  const oneMinusP = sub(1, p);
  const oneMinusQ = sub(1, q);
  const oneMinusM = mul(0.5, add(oneMinusP, oneMinusQ));
  const klPM = klBernoulliExpr(p, m, halfDelta, oneMinusP, oneMinusM);
  const klQM = klBernoulliExpr(q, m, neg(halfDelta), oneMinusQ, oneMinusM);
  const general = mul(0.5, add(klPM, klQM));
  const halfLog2 = 0.5 * Math.LN2;
  const atZero = withGrad(ZERO, {
    p: select(lt(p, q), NEG_INF, halfLog2),
    q: select(lt(q, p), NEG_INF, halfLog2),
  });
  const atOne = withGrad(ZERO, { p: -halfLog2, q: -halfLog2 });
  return select(eq(m, 0), atZero, select(and(eq(p, 1), eq(q, 1)), atOne, general));
}

export const jsBernoulli = defineLoss({
  id: 'js_bernoulli',
  name: 'Jensen–Shannon divergence (Bernoulli)',
  family: 'distribution',
  variables: [probVar('p', 'probability p'), probVar('q', 'probability q')],
  expr: jsBernoulliExpr(),
  tex: '\\tfrac12 \\mathrm{KL}(p \\,\\|\\, m) + \\tfrac12 \\mathrm{KL}(q \\,\\|\\, m),\\quad m = \\tfrac{p+q}{2}',
  properties: { convex: true, smooth: true, robust: false, probabilistic: null },
  use: 'A symmetric, bounded (≤ log 2) divergence; the quantity the original GAN objective minimises.',
  reference:
    'Lin, J. (1991). Divergence measures based on the Shannon entropy. IEEE Trans. Inf. Theory 37(1).',
  defaultAxes: ['p', 'q'],
  finiteOnDomain: true,
});

const mu = v('mu');
const sigma = v('sigma');

/**
 * ½μ² + ½(σ² − 1 − log σ²). Near σ = 1 the bracket is −log1pmx(σ² − 1) with
 * σ² − 1 = (σ − 1)(σ + 1), exact to a few ulps (the plain form cancels to
 * nothing there); away from 1 the plain form cancels by at most a factor ~4
 * and has no overflow before the true value does.
 */
function klGaussianExpr(): Expr {
  const nearOne = and(ge(sigma, 0.5), le(sigma, 2));
  const t = mul(sub(sigma, 1), add(sigma, 1));
  const bracketNear = neg(log1pmx(t));
  // Halved before squaring: ½μ² and ½σ² stay finite in f32 up to 2^64·√2, not 2^64.
  const halfBracketFar = sub(sub(mul(mul(0.5, sigma), sigma), 0.5), log(sigma));
  return add(mul(mul(0.5, mu), mu), select(nearOne, mul(0.5, bracketNear), halfBracketFar));
}

export const klGaussian = defineLoss({
  id: 'kl_gaussian',
  name: 'KL divergence to a standard normal (VAE)',
  family: 'distribution',
  variables: [
    data('mu', '\\mu', 'mean μ', domains.real, { min: -3, max: 3 }),
    data('sigma', '\\sigma', 'standard deviation σ', domains.positive, { min: 0.05, max: 5, scale: 'log' }),
  ],
  expr: klGaussianExpr(),
  tex: '\\tfrac12(\\mu^2 + \\sigma^2 - 1) - \\log\\sigma',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Gaussian (prior N(0, 1))' },
  use: 'The regulariser of a variational autoencoder: pulls each latent posterior N(μ, σ²) towards N(0, 1).',
  reference: 'Kingma, D. P., Welling, M. (2014). Auto-encoding variational Bayes. ICLR.',
  defaultAxes: ['mu', 'sigma'],
  finiteOnDomain: true,
});

export const distributionLosses = [klBernoulli, jsBernoulli, klGaussian] as const;
