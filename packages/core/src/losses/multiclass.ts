/**
 * Multi-class losses over three logits; the true class is class 1.
 *
 * Everything is written in the differences dₖ = zₖ − z1, which is what the
 * losses depend on: logsumexp(z) − z1 would cancel to nothing when z1
 * dominates (the loss is then ~e^(−30) while both terms are ~z1).
 */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import { add, div, eq, logSumExp, max, mul, neg, select, sub, sum3, v, withGrad } from '../expr/build.js';
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

const d2 = sub(z2, z1);
const d3 = sub(z3, z1);

/**
 * logsumexp(z) − z1, shifted by the largest logit M: (M − z1) +
 * logsumexp(z1 − M, z2 − M, z3 − M). Both terms are ≥ 0 (no cancellation),
 * the differences to M are exact where they matter (close logits), and the
 * softmax weights its derivative produces come from those differences: with
 * z1 = −1e30, z2 − z1 and z3 − z1 would both round to 1e30 and the weights of
 * classes 2 and 3 would come out equal. When z1 is the largest this is
 * logsumexp(0, d2, d3), whose z1-derivative is −(p2 + p3), not p1 − 1.
 */
const top = max(z1, max(z2, z3));
const lseMinusZ1 = add(sub(top, z1), logSumExp(sub(z1, top), sub(z2, top), sub(z3, top)));

/**
 * (s/3)(d2 + d3) as s·d2/3 + s·d3/3: d2 + d3 overflows (z1 = −1.8e308) where
 * each term is finite, and s/3 underflows (s = 5e-324) where s·d2/3 does not
 * (s ≤ 1, so s·d2 never overflows). At s = 0 it is 0 with its s-partial
 * d2/3 + d3/3 given: an overflowed d2 would make 0·d2 NaN.
 */
const smoothingTerm = select(
  eq(s, 0),
  withGrad(0, { smoothing: add(div(d2, 3), div(d3, 3)) }),
  add(div(mul(s, d2), 3), div(mul(s, d3), 3)),
);

/** logsumexp(z) − Σ qₖzₖ = [logsumexp(z) − z1] − (s/3)(d2 + d3), since Σ qₖ = 1 and q2 = q3 = s/3. */
export const softmaxCe = defineLoss({
  id: 'softmax_ce',
  name: 'Softmax cross-entropy',
  family: 'multiclass',
  variables: [
    ...logitVars,
    hyper('smoothing', 's', 'label smoothing s', 0, domains.closedOpen(0, 1), { min: 0, max: 0.9 }),
  ],
  expr: sub(lseMinusZ1, smoothingTerm),
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
