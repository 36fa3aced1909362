/**
 * Binary classification on probabilities and logits.
 *
 * The trees are arranged so that the value is a sum of non-negative terms
 * (nothing cancels), logs of 1 − p are log1p(−p) (exact for tiny p), and the
 * logit forms never form 1 − σ(z) (σ(−z) instead), so logits of ±800 and
 * probabilities of 1e-300 or 1 − 1e-16 keep full relative precision in the
 * value and in the partials the differentiator derives from them.
 */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import {
  abs,
  add,
  div,
  eq,
  exp,
  expmul,
  ge,
  le,
  log,
  log1p,
  log1pmx,
  logSigmoid,
  logSumExp,
  lt,
  mul,
  neg,
  pow,
  select,
  sigmoid,
  softplus,
  square,
  sub,
  tanh,
  v,
  withGrad,
  xlog1py,
  xlogy,
  ZERO,
} from '../expr/build.js';
import type { Expr, VarNode } from '../expr/nodes.js';
import { hyper, logit, probability, softLabel, trueClassProbability } from './vars.js';

const p = v('p');
const y = v('y');
const z = v('z');
const pt = v('pt');
const gamma = v('gamma');
const alpha = v('alpha');
const epsilon = v('epsilon');

const gammaVar = hyper('gamma', '\\gamma', 'focusing parameter γ', 2, domains.nonNegative, {
  min: 0,
  max: 5,
});
const alphaVar = hyper('alpha', '\\alpha', 'class weight α', 0.25, domains.unit, { min: 0, max: 1 });

export const bce = defineLoss({
  id: 'bce',
  name: 'Binary cross-entropy',
  family: 'probability',
  variables: [probability(), softLabel()],
  // xlogy gives 0·log 0 = 0 (p = 0 with y = 0 is 0, not NaN); log1p(−p) is
  // log(1 − p) without rounding 1 − p first. Both terms are ≥ 0: no cancellation.
  expr: neg(add(xlogy(y, p), xlog1py(sub(1, y), neg(p)))),
  tex: '-\\left[y \\log p + (1-y)\\log(1-p)\\right]',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Bernoulli' },
  use: 'Binary classification on probabilities; prefer bce_logits when you have logits.',
  reference: 'Cox, D. R. (1958). The regression analysis of binary sequences. JRSS B 20(2).',
  defaultAxes: ['p', 'y'],
});

/**
 * softplus(z) − y·z as a sum of non-negative terms: for z ≥ 0,
 * softplus(−z) + (1 − y)·z; for z < 0, softplus(z) + y·|z|. The plain form
 * cancels (softplus(30) − 30 keeps two digits of 9.4e-14).
 */
function bceLogitsExpr(logitExpr: VarNode, label: Expr): Expr {
  const value = select(
    ge(logitExpr, 0),
    add(softplus(neg(logitExpr)), mul(sub(1, label), logitExpr)),
    sub(softplus(logitExpr), mul(label, logitExpr)),
  );
  // ∂z = σ(z) − y. Derived from the forms above it is (1 − y) − σ(−z) or σ(z) − y, which near
  // z = 0 cancel to nothing at y = ½ (0 at z = 1e-20, where it is 2.5e-21); there it is
  // (½ − y) + ½tanh(z/2): ½ − y is exact for y ≥ ¼, and tanh keeps the small z.
  const dz = select(
    lt(abs(logitExpr), 1),
    add(sub(0.5, label), mul(0.5, tanh(mul(0.5, logitExpr)))),
    select(ge(logitExpr, 0), sub(sub(1, label), sigmoid(neg(logitExpr))), sub(sigmoid(logitExpr), label)),
  );
  return withGrad(value, { [logitExpr.name]: dz });
}

export const bceLogits = defineLoss({
  id: 'bce_logits',
  name: 'Binary cross-entropy with logits',
  family: 'probability',
  variables: [logit(), softLabel()],
  expr: bceLogitsExpr(z, y),
  tex: '\\operatorname{softplus}(z) - y z',
  properties: { convex: true, smooth: true, robust: true, probabilistic: 'Bernoulli (logistic link)' },
  use: 'Binary or multi-label classification from raw logits; numerically safer than sigmoid followed by bce.',
  reference: 'Cox, D. R. (1958). The regression analysis of binary sequences. JRSS B 20(2).',
  defaultAxes: ['z', 'y'],
});

export const mseProb = defineLoss({
  id: 'mse_prob',
  name: 'Brier score (squared error on probabilities)',
  family: 'probability',
  variables: [probability(), softLabel()],
  expr: square(sub(p, y)),
  tex: '(p - y)^2',
  properties: { convex: true, smooth: true, robust: true, probabilistic: null },
  use: 'Calibration-sensitive scoring of probabilistic forecasts; bounded, so tolerant of label noise.',
  reference:
    'Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. Monthly Weather Review 78(1).',
  defaultAxes: ['p', 'y'],
});

/**
 * −α(1 − pt)^γ log pt. (1 − pt)^γ is exp(γ·log1p(−pt)), so its γ-partial
 * (which carries log(1 − pt)) stays exact for tiny pt; xlogy(α, pt) makes
 * α = 0 at pt = 0 a 0, not 0·∞. At pt = 1 the value is 0 for every γ and α,
 * but the product rule would meet 0·∞ there (log 0 times 0^γ, and
 * (1 − pt)^(γ−1) for γ < 1), so that point has its own branch with the
 * one-sided limits: ∂pt = −α for γ = 0, else 0.
 */
const focalGeneral = neg(mul(exp(mul(gamma, log1p(neg(pt)))), xlogy(alpha, pt)));
const focalAtOne = withGrad(ZERO, { pt: select(eq(gamma, 0), neg(alpha), ZERO) });

export const focal = defineLoss({
  id: 'focal',
  name: 'Focal loss',
  family: 'probability',
  variables: [trueClassProbability(), gammaVar, alphaVar],
  expr: select(eq(pt, 1), focalAtOne, focalGeneral),
  tex: '-\\alpha (1-p_t)^{\\gamma} \\log p_t',
  properties: { convex: true, smooth: true, robust: false, probabilistic: null },
  use: 'Dense object detection and other heavily imbalanced problems: down-weights easy, well-classified examples.',
  reference:
    'Lin, T.-Y., Goyal, P., Girshick, R., He, K., Dollár, P. (2017). Focal loss for dense object detection. ICCV.',
  defaultAxes: ['pt', 'gamma'],
});

/** Below the normal range (1 − pt of a logit beyond ~708) pow(u, γ − 1) can overflow. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * torchvision's sigmoid_focal_loss: αt·(1 − pt)^γ·bce_logits(z, y). Both pt
 * and 1 − pt are sums of non-negative terms, σ(−z)(1 − y) + σ(z)y and
 * σ(z)(1 − y) + σ(−z)y (for y = 1, 1 − pt is σ(−z), never 1 − σ(z)), so
 * e^−30 and e^−700 survive in either. The factor (1 − pt)^γ is
 *
 * - exp(γ·log1p(−pt)) while pt ≤ ½, so its γ-partial log(1 − pt) is exact
 *   when pt is tiny;
 * - pow(1 − pt, γ) above, down to the smallest normal 1 − pt;
 * - below that (a hard label y ∈ {0, 1} and |z| > 708: nothing else gets
 *   there), exp(γ·logσ(∓z)): 1 − pt may have underflowed to 0 while
 *   (1 − pt)^γ is e^(−γ|z|), far from 0 for small γ, and pow(1 − pt, γ − 1)
 *   would overflow. The partial with respect to y then omits the term through
 *   1 − pt, −αt·γ·e^(−γ|z|)·(1 + O(e^−|z|)), a relative γ/|z| of the partial.
 */
function focalLogitsExpr(): Expr {
  // Their y-partials are ±(σ(z) − σ(−z)) = ±tanh(z/2), given rather than
  // derived: the difference of two near-½ sigmoids keeps no digits near z = 0.
  const halfTanh = tanh(mul(0.5, z));
  const pt = withGrad(add(mul(sigmoid(neg(z)), sub(1, y)), mul(sigmoid(z), y)), { y: halfTanh });
  const oneMinusPt = withGrad(add(mul(sigmoid(z), sub(1, y)), mul(sigmoid(neg(z)), y)), {
    y: neg(halfTanh),
  });
  const alphaT = add(mul(alpha, y), mul(sub(1, alpha), sub(1, y)));
  const bceTerm = bceLogitsExpr(z, y);
  const weighted = (modulating: Expr): Expr => mul(mul(alphaT, modulating), bceTerm);
  const saturatedLog = select(ge(y, 0.5), logSigmoid(neg(z)), logSigmoid(z));
  // Where pt ≤ ½ the γ-partial is αt·(1 − pt)^γ·log(1 − pt)·bce, and log(1 − pt) ≈ −pt is below
  // f32's normal range once |z| ≥ 87 with a hard label (σ(−88) = 6e-39), so the derived product
  // flushes to 0 while the partial (−1.3e-37 at z = −88, y = 1) is a normal number. Given as
  // −pt·(αt·bce·(1 − pt)^γ·g) with pt carried as log pt (expmul), g = −log(1 − pt)/pt ≈ 1.
  const logPt = logSumExp(add(logSigmoid(neg(z)), log1p(neg(y))), add(logSigmoid(z), log(y)));
  const ratio = select(lt(pt, 2 ** -20), add(1, mul(0.5, pt)), div(neg(log1p(neg(pt))), pt));
  const modulatingSmall = exp(mul(gamma, log1p(neg(pt))));
  const small = withGrad(weighted(modulatingSmall), {
    gamma: neg(expmul(logPt, mul(mul(mul(alphaT, bceTerm), modulatingSmall), ratio))),
  });
  return select(
    le(pt, 0.5),
    small,
    select(
      lt(oneMinusPt, MIN_NORMAL),
      weighted(exp(mul(gamma, saturatedLog))),
      weighted(pow(oneMinusPt, gamma)),
    ),
  );
}

export const focalLogits = defineLoss({
  id: 'focal_logits',
  name: 'Sigmoid focal loss (logits)',
  family: 'probability',
  variables: [logit(), softLabel(), gammaVar, alphaVar],
  expr: focalLogitsExpr(),
  tex: '\\alpha_t (1-p_t)^{\\gamma}\\,\\left[\\operatorname{softplus}(z) - y z\\right],\\quad p = \\sigma(z),\\ p_t = p y + (1-p)(1-y),\\ \\alpha_t = \\alpha y + (1-\\alpha)(1-y)',
  properties: { convex: false, smooth: true, robust: true, probabilistic: null },
  use: 'Focal loss on raw logits, as in RetinaNet and torchvision.ops.sigmoid_focal_loss.',
  reference:
    'Lin, T.-Y., Goyal, P., Girshick, R., He, K., Dollár, P. (2017). Focal loss for dense object detection. ICCV.',
  defaultAxes: ['z', 'gamma'],
  finiteOnDomain: true,
});

/**
 * −log pt + ε(1 − pt) = [−log pt − (1 − pt)] + (1 + ε)(1 − pt): both brackets
 * are ≥ 0 (ε ≥ −1). For pt ≥ ½, pt − 1 is exact and the first is
 * −log1pmx(pt − 1), so ε = −1 near pt = 1 (where the value is ~(1 − pt)²/2)
 * keeps its precision; below ½ the plain form cancels by at most a factor ~4.
 */
const poly1Expr = select(
  ge(pt, 0.5),
  add(neg(log1pmx(sub(pt, 1))), mul(add(1, epsilon), sub(1, pt))),
  add(neg(log(pt)), mul(epsilon, sub(1, pt))),
);

export const poly1 = defineLoss({
  id: 'poly1',
  name: 'Poly-1 loss',
  family: 'probability',
  variables: [
    trueClassProbability(),
    hyper('epsilon', '\\epsilon', 'first polynomial coefficient ε', 1, domains.atLeast(-1), {
      min: -1,
      max: 5,
    }),
  ],
  expr: poly1Expr,
  tex: '-\\log p_t + \\epsilon (1 - p_t)',
  properties: { convex: true, smooth: true, robust: false, probabilistic: null },
  use: 'A drop-in change to cross-entropy that re-weights its leading polynomial term; ε is tuned per task.',
  reference:
    'Leng, Z. et al. (2022). PolyLoss: A polynomial expansion perspective of classification loss functions. ICLR.',
  defaultAxes: ['pt', 'epsilon'],
});

export const probabilityLosses = [bce, bceLogits, mseProb, focal, focalLogits, poly1] as const;
