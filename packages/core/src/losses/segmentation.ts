/**
 * Soft region-overlap losses, written in precision P and recall R.
 *
 * All three are one function: 1 − 1/(1 + α(1/P − 1) + β(1/R − 1)), with
 * α = β = ½ for dice and α = β = 1 for jaccard. `overlapLoss` builds it so
 * that the value and every partial stay exact from P, R = 1 down to 5e-324,
 * with weights from 0 to the largest number.
 */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import {
  add,
  and,
  div,
  ge,
  gt,
  isInfinite,
  le,
  lt,
  mul,
  neg,
  not,
  ONE,
  or,
  select,
  sub,
  v,
  withGrad,
} from '../expr/build.js';
import { atMovedPoint } from '../expr/moved.js';
import type { Expr } from '../expr/nodes.js';
import { data, hyper } from './vars.js';

const P = v('precision');
const R = v('recall');

/**
 * For f64's subnormal P or R (below): the plain form's ∂P goes through
 * α/P² ≈ A/P, so where A > HUGE·P it is left for the P-form.
 */
const HUGE = 2 ** 64;
const MIN_NORMAL = 2.2250738585072014e-308;
/** An exact power of two that lifts subnormal P and R into the normal range. */
const SCALE = 2 ** 600;

/**
 * 1 − 1/(1 + A + B), A = α(1 − P)/P, B = β(1 − R)/R, for P and R in the
 * normal range (every f32 input; the f64 subnormals are below).
 *
 * The value is S/(1 + S) for S = A + B ≤ 1 (no cancellation for small
 * losses), 1 − 1/(1 + S) above (S = ∞ gives 1, which is what it rounds to);
 * A is α·((1 − P)/P), the ratio first: (1 − P)/P is within 2^±126 in f32
 * (2^±1022 in f64), so A under- or overflows only where it truly does, and
 * α = 0 gives 0.
 *
 * The partials are given, in closed form. With D_P = P(1 + S) = α(1 − P) +
 * P(1 + B), a sum of non-negative terms,
 *
 *   ∂P = −α/D_P², ∂α = (1 − P)·P/D_P²,
 *
 * and their mirror images with D_R = R(1 + S) for R and β, each computed as
 * a product of two ratios that cannot overflow (α/D_P ≤ 1/(1 − P), P/D_P ≤ 1),
 * from D·2^-32 where D itself overflows.
 * Derived through the value they would overflow (the quotient rule on
 * α(1 − P)/P forms α/P², ∞ at P = 1e-20 in f32 where ∂P may be −1/α) or
 * cancel (the earlier P-form below, where α and P are both tiny). P(1 + B) is P·(1 + B) while B ≤ 1 (never below the
 * normal range, where P + P·B could lose P·B) and P + (P/R)·β(1 − R) above,
 * which does not overflow where the product does not (B itself overflows at
 * β = 1e30, R = 1e-30, where P·B may be 1).
 */
function overlapNormal(alpha: Expr | number, beta: Expr | number, weights: readonly string[]): Expr {
  const a = mul(alpha, div(sub(1, P), P));
  const b = mul(beta, div(sub(1, R), R));
  const s = add(a, b);
  const value = select(le(s, 1), div(s, add(1, s)), sub(1, div(1, add(1, s))));
  // k·D: w(1 − x) + x(1 + u), u = v(1 − y)/y, for D_P (x = P) and D_R (x = R), at scale k.
  const scaled = (k: number, x: Expr, w: Expr | number, y: Expr, v: Expr | number, u: Expr): Expr =>
    add(
      mul(mul(k, w), sub(1, x)),
      select(le(u, 1), mul(mul(k, x), add(1, u)), add(mul(k, x), mul(div(x, y), mul(mul(k, v), sub(1, y))))),
    );
  // (n₁/D)·(n₂/D). Where D overflows (weights near the largest number) the partial is tiny but
  // need not be 0: then from D·2^-32 and scaled back, exact down to the smallest subnormal.
  const over = (n1: Expr | number, n2: Expr, d: readonly [Expr, Expr]): Expr =>
    select(
      isInfinite(d[0]),
      mul(2 ** -64, mul(div(n1, d[1]), div(n2, d[1]))),
      mul(div(n1, d[0]), div(n2, d[0])),
    );
  const dP = [scaled(1, P, alpha, R, beta, b), scaled(2 ** -32, P, alpha, R, beta, b)] as const;
  const dR = [scaled(1, R, beta, P, alpha, a), scaled(2 ** -32, R, beta, P, alpha, a)] as const;
  const partials: Record<string, Expr> = {
    [P.name]: neg(over(alpha, ONE, dP)),
    [R.name]: neg(over(beta, ONE, dR)),
  };
  const [alphaName, betaName] = weights;
  if (alphaName) partials[alphaName] = over(sub(1, P), P, dP);
  if (betaName) partials[betaName] = over(sub(1, R), R, dR);
  return withGrad(value, partials);
}

/**
 * The loss for any P, R in (0, 1]: the form above where both are normal
 * numbers, and for f64's subnormal ones (never on the GPU: f32 inputs are
 * normal, and its range folds these comparisons away) the earlier forms,
 * which rescale them:
 *
 * - Plain: S/(1 + S) for S ≤ 1, 1 − 1/(1 + S) above, derived; left where A/P
 *   or B/R passes 2^64 (its ∂P forms α/P² ≈ A/P).
 * - P-form, there and when A ≥ B: 1 − P/(P + α(1 − P) + β(1 − R)·P/R), its
 *   cross term as (P/R)·β(1 − R) for a subnormal P (β(1 − R)·P would
 *   underflow); R-form, the mirror image when B > A.
 * - Both P and R subnormal: then 1 − P = 1 − R = 1 and PR underflows, so
 *   1 − T is PR/(αR + βP), homogeneous of degree 1; it is evaluated at
 *   (P, R)·2^600, as P/(α + βP/R) (or its mirror image), and scaled back,
 *   which keeps the chain rule's intermediates (1/P is beyond the largest
 *   double here) finite.
 *
 * There, only with a weight below ~1e-12 next to a P or R below ~1e-100 do
 * some partials lose accuracy (an intermediate underflows); they stay finite.
 */
function overlapLoss(alpha: Expr | number, beta: Expr | number): Expr {
  const a = div(mul(alpha, sub(1, P)), P);
  const b = div(mul(beta, sub(1, R)), R);
  const s = add(a, b);
  const plain = select(le(s, 1), div(s, add(1, s)), sub(1, div(1, add(1, s))));
  // w·x/y, the cross term of the P- and R-forms. For a subnormal x as (x/y)·w: w·x would
  // underflow (0.5·5e-324 is 0) where the term and its partials are normal numbers. Otherwise
  // as (w·x)/y, which keeps a zero weight's term exactly 0 with zero partials (x/y may be huge).
  const cross = (w: Expr, x: Expr, y: Expr): Expr =>
    select(lt(x, MIN_NORMAL), mul(div(x, y), w), div(mul(w, x), y));
  // With x subnormal every term of x/(x + w(1 − x) + v(1 − y)·x/y) may be subnormal too (a weight
  // w = x = 5e-324: the cross term's few bits vanish, 0.5 for 0.598). There numerator and
  // denominator are both taken at 2^600 (exact, the ratio unchanged), where they are normal.
  const form = (x: Expr, w: Expr | number, y: Expr, v: Expr | number): Expr => {
    const at = (k: number): Expr => {
      const kx = mul(x, k);
      return sub(1, div(kx, add(add(kx, mul(mul(w, k), sub(1, x))), cross(mul(v, sub(1, y)), kx, y))));
    };
    // Only where it matters: the weight's term tiny too (else it carries the denominator), and y
    // above 2^-700 (the chain rule's kx/y² through the lifted cross term stays finite).
    const lifted = and(lt(x, MIN_NORMAL), and(lt(mul(w, sub(1, x)), 2 ** -1000), ge(y, 2 ** -700)));
    return select(lifted, at(SCALE), at(1));
  };
  const pForm = form(P, alpha, R, beta);
  const rForm = form(R, beta, P, alpha);
  // Taken with respect to the lifted X, Y themselves (see expr/moved.ts): through X = 2^600·P the
  // chain rule would meet 2^600/Y = 2^1074.
  const X = v('lifted_precision');
  const Y = v('lifted_recall');
  const others = [alpha, beta].flatMap((w) => (typeof w === 'number' || w.kind !== 'var' ? [] : [w.name]));
  const lifted = atMovedPoint(
    // XY/(αY + βX) as X/(α + β·X/Y) for X ≤ Y (else the mirror image): the quotient rule on
    // XY/(…) cancels by Y/X (2e13 at P = 5e-324, R = 1e-310), on a ratio it does not.
    select(le(X, Y), div(X, add(alpha, mul(beta, div(X, Y)))), div(Y, add(beta, mul(alpha, div(Y, X))))),
    { [X.name]: mul(P, SCALE), [Y.name]: mul(R, SCALE) },
    others,
  );
  // 1 − T = (lifted value)/2^600; its P-partial is the lifted X-partial (2^600/2^600).
  const subnormal = withGrad(sub(1, div(lifted.value, SCALE)), {
    [P.name]: neg(lifted.partials[X.name]!),
    [R.name]: neg(lifted.partials[Y.name]!),
  });
  const bothSubnormal = and(and(lt(P, MIN_NORMAL), lt(R, MIN_NORMAL)), gt(add(alpha, beta), 0));
  const pHuge = gt(a, mul(HUGE, P));
  const rHuge = gt(b, mul(HUGE, R));
  const subnormalForms = select(
    bothSubnormal,
    subnormal,
    select(not(or(pHuge, rHuge)), plain, select(ge(a, b), pForm, rForm)),
  );
  return select(or(lt(P, MIN_NORMAL), lt(R, MIN_NORMAL)), subnormalForms, overlapNormal(alpha, beta, others));
}

const overlapVars = [
  data('precision', 'P', 'precision P', domains.openClosed(0, 1), { min: 0.01, max: 1 }),
  data('recall', 'R', 'recall R', domains.openClosed(0, 1), { min: 0.01, max: 1 }),
];

export const dice = defineLoss({
  id: 'dice',
  name: 'Dice loss',
  family: 'segmentation',
  variables: overlapVars,
  expr: overlapLoss(0.5, 0.5),
  tex: '1 - \\frac{2PR}{P + R}',
  properties: { convex: true, smooth: true, robust: true, probabilistic: null },
  use: 'Segmentation with small foreground regions: optimises the F1 overlap directly, insensitive to class imbalance.',
  reference:
    'Milletari, F., Navab, N., Ahmadi, S.-A. (2016). V-Net: Fully convolutional neural networks for volumetric medical image segmentation. 3DV.',
  defaultAxes: ['precision', 'recall'],
  finiteOnDomain: true,
});

export const jaccard = defineLoss({
  id: 'jaccard',
  name: 'Jaccard (soft IoU) loss',
  family: 'segmentation',
  variables: overlapVars,
  expr: overlapLoss(1, 1),
  tex: '1 - \\frac{PR}{P + R - PR}',
  properties: { convex: false, smooth: true, robust: true, probabilistic: null },
  use: 'Segmentation and detection scored by intersection over union; penalises partial overlap more than dice.',
  reference:
    'Rahman, M. A., Wang, Y. (2016). Optimizing intersection-over-union in deep neural networks for image segmentation. ISVC.',
  defaultAxes: ['precision', 'recall'],
  finiteOnDomain: true,
});

const weight = (name: string, symbol: string, label: string) =>
  hyper(name, symbol, label, 0.5, domains.nonNegative, { min: 0, max: 1 });

export const tversky = defineLoss({
  id: 'tversky',
  name: 'Tversky loss',
  family: 'segmentation',
  variables: [
    ...overlapVars,
    weight('alpha', '\\alpha', 'false-positive weight α'),
    weight('beta', '\\beta', 'false-negative weight β'),
  ],
  expr: overlapLoss(v('alpha'), v('beta')),
  tex: '1 - \\frac{1}{1 + \\alpha\\left(\\frac1P - 1\\right) + \\beta\\left(\\frac1R - 1\\right)}',
  properties: { convex: false, smooth: true, robust: true, probabilistic: null },
  use: 'Segmentation where false negatives and false positives cost differently (β > α favours recall); α = β = ½ is dice.',
  reference:
    'Salehi, S. S. M., Erdogmus, D., Gholipour, A. (2017). Tversky loss function for image segmentation using 3D fully convolutional deep networks. MLMI.',
  defaultAxes: ['precision', 'recall'],
  finiteOnDomain: true,
});

export const segmentationLosses = [dice, jaccard, tversky] as const;
