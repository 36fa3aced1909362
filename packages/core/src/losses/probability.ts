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
import type { CondLike } from '../expr/build.js';
import {
  abs,
  add,
  div,
  eq,
  expmul,
  ge,
  gt,
  le,
  log,
  log1p,
  log1pmx,
  logSigmoid,
  lt,
  mul,
  neg,
  ONE,
  select,
  sigmoid,
  softplus,
  square,
  sub,
  sum,
  tanh,
  v,
  withGrad,
  xlog1py,
  xlogy,
  ZERO,
} from '../expr/build.js';
import { Differentiator } from '../expr/diff.js';
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
 * X·(1 − u)^γ, X = unit·factor with |unit| ≤ 1 (αt), as unit·expmul(γ·ℓ,
 * factor), ℓ = log(1 − u) (given, computed as the caller's regime allows, and
 * `times(g)` = g·ℓ where ℓ alone may be below the normal range), with its
 * partials given for `variables`:
 *
 *   ∂v = ∂unit·e^(γℓ)·factor + unit·e^(γℓ)·∂factor
 *        + e^(γℓ)·γ·∂(1 − u)/∂v·(1/(1 − u))·unit·factor   (+ e^(γℓ)·unit·factor·ℓ for γ),
 *
 * each term one expmul of the same exponent with its factors as separate
 * weights, so that neither (1 − u)^γ nor a partial product stands alone.
 * Alone (1 − u)^γ underflows (0.94^1423 is 3e-40, below f32's normal range)
 * where X is large (bce of a logit of 1e33 is 1e33), X underflows (αt·bce =
 * 1e-40) where γ/(1 − u) is large, and γ·∂(1 − u)/(1 − u) overflows for γ
 * near the largest number where e^(γℓ) is 0 (0·∞ = NaN: the partial is 0),
 * while the products are ordinary numbers. One exponent for every term, so
 * that where they cancel (z = −0.1, y = 0.9, γ = 100: by 40) its rounding
 * is a perturbation of γ, not an error between them. Given rather than
 * derived: γ·ℓ may be computed from u's terms (`times`), which the closed form
 * never differentiates, and the sum is rescaled where a term passes the
 * largest number but the sum does not (below). The partials of unit, factor
 * and 1 − u are the subtrees' own, given ones included.
 */
function focalWeighted(spec: {
  readonly ell: Expr;
  readonly oneMinusU: Expr;
  readonly unit: Expr;
  readonly factor: Expr;
  readonly variables: readonly string[];
  readonly times?: (g: Expr) => Expr;
  readonly rescaled?: { readonly names: readonly string[]; readonly where: CondLike };
}): Expr {
  const { ell, oneMinusU, unit, factor, variables } = spec;
  const d = new Differentiator(variables);
  const a = (spec.times ?? ((g: Expr) => mul(g, ell)))(gamma);
  const reciprocal = div(1, oneMinusU);
  // For the variables in `rescaled`, where its condition holds, the terms are summed at a quarter
  // of their size (exact: powers of two) and scaled back: near the top of the range a term may
  // pass the largest number where the sum does not (at z = 3.4e38 in f32, γ·∂(1 − u)·X = −3.7e38
  // in the y-partial −2.8e38). A runtime weight, not a second copy of the terms: the copy doubled
  // the partial's code, past what SwiftShader compiles in its branch-free form.
  const rescaled = spec.rescaled ?? { names: [], where: false };
  const quarter = select(rescaled.where, 0.25, 1);
  const partials: Record<string, Expr> = {};
  for (const name of variables) {
    const scale = rescaled.names.includes(name) ? quarter : ONE;
    // The unit factor (and its partial) outside its expmul: at most 1 in size, it cannot lift an
    // underflowed product back, and one weight fewer is a cheaper expmul.
    const byUnit = mul(d.diff(unit, name), expmul(a, scale, factor));
    const byFactor = mul(unit, expmul(a, scale, d.diff(factor, name)));
    const byOneMinusU = expmul(a, scale, gamma, d.diff(oneMinusU, name), reciprocal, unit, factor);
    const byGamma = name === gamma.name ? [expmul(a, scale, unit, factor, ell)] : [];
    const total = sum(byUnit, byFactor, byOneMinusU, ...byGamma);
    partials[name] = scale === ONE ? total : div(total, quarter);
  }
  return withGrad(mul(unit, expmul(a, factor)), partials);
}

/**
 * −α(1 − pt)^γ log pt as one expmul of its factors, e^(γ·log1p(−pt))·α·log pt:
 * log1p(−pt) keeps the γ-partial's log(1 − pt) exact for tiny pt, no partial
 * product stands alone (α·log pt is below f32's normal range at α = 1e-33,
 * pt = 1 − 6e-8, where (1 − pt)^(γ−1) lifts the partial back into it), and
 * the derived partials take γ and 1/(1 − pt) as weights of their own (γ/(1 − pt)
 * overflows at γ near the largest number, where (1 − pt)^γ is 0: 0·∞). The
 * zero weight α = 0 at pt = 0 gives 0, not 0·∞, as xlogy would. The tree has
 * no given partials, so a model form's σ(s) for pt composes and
 * differentiates exactly (logσ(s) for log σ(s)). At pt = 1 the value is 0 for every γ and α,
 * but the product rule would meet 0·∞ there (log 0 times 0^γ, and
 * (1 − pt)^(γ−1) for γ < 1), so that point has its own branch with the
 * one-sided limits: ∂pt = −α for γ = 0, else 0.
 */
const focalGeneral = neg(expmul(mul(gamma, log1p(neg(pt))), alpha, log(pt)));
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

/** Below the normal range (1 − pt of a logit beyond ~708) (1 − pt)^(γ − 1) can overflow. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * torchvision's sigmoid_focal_loss: αt·(1 − pt)^γ·bce_logits(z, y). Both pt
 * and 1 − pt are sums of non-negative terms, σ(−z)(1 − y) + σ(z)y and
 * σ(z)(1 − y) + σ(−z)y (for y = 1, 1 − pt is σ(−z), never 1 − σ(z)), so
 * e^−30 and e^−700 survive in either. The product is `focalWeighted`'s
 * e^(γ·log(1 − pt))·αt·bce, with log(1 − pt)
 *
 * - log1p(−pt) while pt ≤ ½, so the γ-partial's log(1 − pt) is exact when
 *   pt is tiny (and γ·log(1 − pt) from pt's terms, where pt alone is below the
 *   normal range);
 * - log(1 − pt) above, down to the smallest normal 1 − pt;
 * - below that (a hard label y ∈ {0, 1} and |z| > 708: nothing else gets
 *   there), logσ(∓z): 1 − pt may have underflowed to 0 while
 *   (1 − pt)^γ is e^(−γ|z|), far from 0 for small γ, and (1 − pt)^(γ − 1)
 *   would overflow.
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
  const variables = ['z', 'y', 'gamma', 'alpha'];

  // pt·w over pt's two terms, the tiny sigmoid written σ(−|z|) = e^(−|z|)·σ(|z|) and e^(−|z|)·(…)
  // one expmul: exact where σ(−|z|) is below the normal range (σ(−88) = 6e-39 in f32) and pt·w is
  // not, and exact in z (carrying pt as e^(log pt) instead costs |log pt| ulp: 36 ulp at 2^-126).
  const ptTimes = (w: Expr): Expr =>
    select(
      ge(z, 0),
      add(expmul(neg(z), mul(mul(sigmoid(z), sub(1, y)), w)), mul(mul(sigmoid(z), y), w)),
      add(mul(mul(sigmoid(neg(z)), sub(1, y)), w), expmul(z, mul(mul(sigmoid(neg(z)), y), w))),
    );
  // pt ≤ ½: log(1 − pt) = −pt·g, g = −log1p(−pt)/pt ≈ 1 (exact for tiny pt), and for pt below
  // 2^-100 g·ℓ as −(pt·g)·ratio: where pt is below f32's normal range (or holds a term that is),
  // γ·log(1 − pt) need not be (γ = 1e34). Above, γ·log1p(−pt): the common case, one log.
  const ratio = select(lt(pt, 2 ** -20), add(1, mul(0.5, pt)), div(neg(log1p(neg(pt))), pt));
  // Only the y-partial has two terms that can both pass the largest number and cancel (αt's
  // y-partial times bce, and αt times bce's y-partial −z: both of the size of z); the others have
  // one such term. Below |z| = 2^120 neither is within 2^-8 of f32's largest number.
  const rescaled = { names: ['y'], where: gt(abs(z), 2 ** 120) };
  const small = focalWeighted({
    ell: log1p(neg(pt)),
    oneMinusU: oneMinusPt,
    unit: alphaT,
    factor: bceTerm,
    variables,
    times: (g) => select(lt(pt, 2 ** -100), neg(mul(ptTimes(g), ratio)), mul(g, log1p(neg(pt)))),
    rescaled,
  });
  // The γ-partial αt·(1 − pt)^γ·log(1 − pt)·bce is −pt·(value·g) here, given so: log(1 − pt)
  // alone is below f32's normal range once |z| ≥ 87 with a hard label, while the partial
  // (−1.3e-37 at z = −88, y = 1) is a normal number.
  const smallGiven = withGrad(small, { gamma: neg(ptTimes(mul(small, ratio))) });
  // pt > ½: log(1 − pt) of the accurate sum.
  const large = focalWeighted({
    ell: log(oneMinusPt),
    oneMinusU: oneMinusPt,
    unit: alphaT,
    factor: bceTerm,
    variables,
    rescaled,
  });
  // 1 − pt below the normal range: log(1 − pt) = logσ(−|z|), with a hard label (above). bce is
  // then softplus(−|z|) + l (l = (1 − y)z or −yz, 0 at the label), also below the normal range,
  // and the γ-partial αt·(1 − pt)^γ·bce·log(1 − pt) is given as e^(γℓ)·αt·(softplus(−|z|)·ℓ + l·ℓ)
  // with softplus(−|z|) = e^(−|z|) (to 1 + 1e-38) inside the expmul: bce·ℓ is not below the range.
  // The y-partial gets back its term through 1 − pt, γ·(1 − pt)^γ·αt·(bce/(1 − pt))·∂(1 − pt)/∂y,
  // with bce/(1 − pt) = softplus(−|z|)/σ(−|z|) = 1 (to 1 + 1e-38): derived through logσ(∓z),
  // which does not depend on y, it would be missing (a relative γ/|z| of the partial).
  const saturatedLog = select(ge(y, 0.5), logSigmoid(neg(z)), logSigmoid(z));
  const modulated = mul(gamma, saturatedLog);
  const linear = select(ge(z, 0), mul(sub(1, y), z), neg(mul(y, z)));
  const saturatedValue = expmul(modulated, alphaT, bceTerm);
  const saturated = withGrad(saturatedValue, {
    gamma: add(
      expmul(sub(modulated, abs(z)), alphaT, saturatedLog),
      expmul(modulated, alphaT, linear, saturatedLog),
    ),
    y: add(
      new Differentiator(variables).diff(saturatedValue, 'y'),
      expmul(modulated, gamma, alphaT, neg(halfTanh)),
    ),
  });
  return select(le(pt, 0.5), smallGiven, select(lt(oneMinusPt, MIN_NORMAL), saturated, large));
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
