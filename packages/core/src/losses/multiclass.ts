/**
 * Multi-class losses over three logits; the true class is class 1.
 *
 * Everything is written in the differences dₖ = zₖ − z1, which is what the
 * losses depend on: logsumexp(z) − z1 would cancel to nothing when z1
 * dominates (the loss is then ~e^(−30) while both terms are ~z1).
 */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import {
  add,
  div,
  exp,
  expm1,
  gt,
  logSumExp,
  max,
  mul,
  neg,
  select,
  sub,
  sum3,
  v,
  withGrad,
} from '../expr/build.js';
import { Differentiator } from '../expr/diff.js';
import type { Expr } from '../expr/nodes.js';
import { data, hyper } from './vars.js';

const z1 = v('z1');
const z2 = v('z2');
const z3 = v('z3');
const s = v('smoothing');

const logitVar = (k: number) =>
  data(`z${k}`, `z_${k}`, k === 1 ? 'logit of the true class z₁' : `logit of class ${k}`, domains.real, {
    min: -5,
    max: 5,
  });
const logitVars = [logitVar(1), logitVar(2), logitVar(3)];

/**
 * logsumexp(z) − Σ qₖzₖ = Σ qₖ·(logsumexp(z) − zₖ), since Σ qₖ = 1: a sum of
 * nonnegative terms, so nothing cancels (logsumexp(z) − z1 alone would cancel
 * to nothing when z1 dominates: the loss is then ~e^(−30) while both terms
 * are ~z1). With the largest logit M, logsumexp(z) − zₖ = (M − zₖ) + c where
 * c = logsumexp(z1 − M, z2 − M, z3 − M) ∈ [0, log 3], so
 *
 *   loss = c + Σ qₖ·(M − zₖ),   q1 = 1 − 2s/3, q2 = q3 = s/3.
 *
 * The differences to M are exact where they matter (close logits), and the
 * softmax weights its derivative produces come from them: with z1 = −1e30,
 * z2 − z1 and z3 − z1 would both round to 1e30 and the weights of classes 2
 * and 3 would come out equal. When z1 is the largest, the z1-derivative of c
 * is −(p2 + p3), not p1 − 1.
 *
 * M − zₖ reaches twice the largest finite number (z1 = −FLT_MAX, z2 = FLT_MAX
 * in f32) where qₖ·(M − zₖ) need not: the linear part is summed at a quarter
 * scale, Pₖ = M/4 − zₖ/4 ≤ max|z|/2, so no partial sum of it overflows —
 * whichever way a compiler groups it (one factoring s out of s·P2/3 +
 * s·P3/3 forms P2 + P3) — and only the final ×4 can, where the loss does.
 */
const top = max(z1, max(z2, z3));
const c = logSumExp(sub(z1, top), sub(z2, top), sub(z3, top));
const quarterTop = mul(0.25, top);
const quarterGap = (zk: Expr): Expr => sub(quarterTop, mul(0.25, zk));
/** q1·P1 + q·(P2 + P3) with q = s/3, as s·(P2 + P3)/3: s/3 underflows at s = 5e-324 (f64), s·P does not. */
const linear = add(
  mul(sub(1, div(mul(2, s), 3)), quarterGap(z1)),
  div(mul(s, add(quarterGap(z2), quarterGap(z3))), 3),
);

/**
 * The s-partial, −(d2 + d3)/3 with dₖ = zₖ − z1, given rather than derived
 * (derived, it is the difference of terms of the size of M − zₖ). As
 * −4·(z2/4 + z3/4 − z1/2)/3, a compensated sum of quarters: dₖ alone
 * overflows at z1 = −FLT_MAX, z2 = FLT_MAX, no quarter does; and where z2 and
 * z3 cancel (−2.5, 2.5 beside z1 = 1e-100) plain sums lose z1 entirely.
 */
const smoothingPartial = neg(mul(4, div(sum3(mul(0.25, z2), mul(0.25, z3), neg(mul(0.5, z1))), 3)));

const value = add(c, mul(4, linear));

/**
 * The logit partials pₖ − qₖ, derived, lose their digits where pₖ ≈ qₖ with
 * s near 1 (z = 0, s = 1 − 1e-8: pₖ − s/3 = 3.3e-9 from terms of ⅓, 5e-9
 * relative). For s > ½ they are written (pₖ − ⅓) + (⅓ − qₖ), with
 * ⅓ − q₁ = −⅔(1 − s), ⅓ − qⱼ = ⅓(1 − s) (1 − s exact), and pₖ − ⅓ =
 * (2·expm1(dₖ) − expm1(dᵢ) − expm1(dⱼ))/(3Σe^d), dₖ = zₖ − M: uniform logits
 * give exactly 0 there. Both parts are at most ⅓ for s > ½ (rounding of the
 * order of the derived form's elsewhere); below ½ the derived one stays (pₖ
 * tiny against qₖ = s/3 would be lost in (pₖ − ⅓) + ⅓).
 */
const logitPartials = (() => {
  const derived = new Differentiator(['z1', 'z2', 'z3', 'smoothing']);
  const zs = [z1, z2, z3];
  const m1 = zs.map((zk) => expm1(sub(zk, top)));
  const sumExp = exp(c);
  const oneMinusS = sub(1, s);
  const partials: Record<string, Expr> = {};
  zs.forEach((zk, k) => {
    const others = m1.filter((_, j) => j !== k);
    const pMinusThird = div(sub(mul(2, m1[k]!), add(others[0]!, others[1]!)), mul(3, sumExp));
    const thirdMinusQ = k === 0 ? neg(div(mul(2, oneMinusS), 3)) : div(oneMinusS, 3);
    partials[zk.name] = select(gt(s, 0.5), add(pMinusThird, thirdMinusQ), derived.diff(value, zk.name));
  });
  return partials;
})();

export const softmaxCe = defineLoss({
  id: 'softmax_ce',
  name: 'Softmax cross-entropy',
  family: 'multiclass',
  variables: [
    ...logitVars,
    hyper('smoothing', 's', 'label smoothing s', 0, domains.closedOpen(0, 1), { min: 0, max: 0.9 }),
  ],
  expr: withGrad(value, { ...logitPartials, smoothing: smoothingPartial }),
  tex: '\\log\\sum_k e^{z_k} - \\sum_k q_k z_k,\\quad q_k = (1-s)[k=1] + s/3',
  properties: { convex: true, smooth: true, robust: true, probabilistic: 'Categorical' },
  use: 'Multi-class classification from logits; label smoothing s regularises over-confident predictions.',
  reference: 'Szegedy, C. et al. (2016). Rethinking the Inception architecture for computer vision. CVPR.',
  defaultAxes: ['z1', 'z2'],
});

/**
 * 1 + zⱼ − z1, compensated: exact near the hinge (z1 − zⱼ ≈ 1), and where
 * either order of plain sums rounds it to 0 (z1 = 1, zⱼ = 1e-20) or to 1
 * (z1 = zⱼ = 1e300), which would put the hinge's kink in the wrong place.
 */
const marginViolation = (zj: Expr) => sum3(zj, neg(z1), 1);

export const multiclassHinge = defineLoss({
  id: 'multiclass_hinge',
  name: 'Multi-class hinge (Weston–Watkins)',
  family: 'multiclass',
  variables: logitVars,
  expr: add(max(0, marginViolation(z2)), max(0, marginViolation(z3))),
  tex: '\\sum_{j \\ne 1} \\max(0,\\ 1 + z_j - z_1)',
  properties: { convex: true, smooth: false, robust: true, probabilistic: null },
  use: 'Multi-class SVMs: every wrong class must trail the true class by a margin of 1.',
  reference:
    'Weston, J., Watkins, C. (1999). Support vector machines for multi-class pattern recognition. ESANN.',
  defaultAxes: ['z1', 'z2'],
});

export const crammerSinger = defineLoss({
  id: 'crammer_singer',
  name: 'Crammer–Singer hinge',
  family: 'multiclass',
  variables: logitVars,
  // At z2 = z3 both wrong classes are active: the gradient splits evenly.
  expr: max(0, marginViolation(max(z2, z3))),
  tex: '\\max\\left(0,\\ 1 + \\max_{j \\ne 1} z_j - z_1\\right)',
  properties: { convex: true, smooth: false, robust: true, probabilistic: null },
  use: 'Multi-class SVMs that only penalise the most competitive wrong class.',
  reference:
    'Crammer, K., Singer, Y. (2001). On the algorithmic implementation of multiclass kernel-based vector machines. JMLR 2.',
  defaultAxes: ['z1', 'z2'],
});

export const multiclassLosses = [softmaxCe, multiclassHinge, crammerSinger] as const;
