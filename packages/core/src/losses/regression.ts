/**
 * Regression losses of the residual r = ŷ − y.
 *
 * Each tree is arranged so that both the value and its symbolic derivatives
 * stay exact in f64 over the whole domain: products are ordered so that an
 * intermediate never overflows where the result is finite (r·(½r), not ½r²),
 * and the smooth-but-cancelling losses (pseudo_huber, cauchy, tukey) are
 * written so that the chain rule never subtracts two nearly equal terms. The
 * numerically delicate trees live in `regression-forms.ts`.
 */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import {
  abs,
  add,
  div,
  gt,
  le,
  log,
  logCosh,
  lt,
  max,
  mul,
  neg,
  select,
  sqrt,
  square,
  sub,
  v,
  withGrad,
} from '../expr/build.js';
import type { Expr } from '../expr/nodes.js';
import { barronRho, cauchyValue, poissonValue, pseudoHuberValue, tukeyValue } from './regression-forms.js';
import { data, hyper, logit, residual } from './vars.js';

const r = v('r');
/** r·(½r): the same value as ½r², without overflowing for |r| just above 1.3e154. */
const halfSquare = (x: Expr): Expr => mul(x, mul(0.5, x));

export const mse = defineLoss({
  id: 'mse',
  name: 'Mean squared error',
  family: 'regression',
  variables: [residual()],
  expr: square(r),
  tex: 'r^2',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Gaussian (fixed variance)' },
  use: 'The default for regression when errors are roughly Gaussian and outliers are rare.',
  reference: 'Gauss, C. F. (1809). Theoria motus corporum coelestium.',
  defaultAxes: ['r'],
});

export const mae = defineLoss({
  id: 'mae',
  name: 'Mean absolute error',
  family: 'regression',
  variables: [residual()],
  expr: abs(r),
  tex: '|r|',
  properties: { convex: true, smooth: false, robust: true, probabilistic: 'Laplace' },
  use: 'Regression with heavy-tailed noise or outliers; its minimiser is the conditional median.',
  reference: 'Laplace, P.-S. (1774). Mémoire sur la probabilité des causes par les évènements.',
  defaultAxes: ['r'],
});

const delta = v('delta');
const deltaVar = hyper('delta', '\\delta', 'threshold δ', 1, domains.positive, {
  min: 0.1,
  max: 10,
  scale: 'log',
});
// Outside the threshold δ(|r| − ½δ): |r| − ½δ ≥ ½|r| (no cancellation beyond a factor 2, no
// overflow), so the value overflows only where the loss does (δ|r| − δ·½δ would give ∞ − ∞
// once δ passes 1.8e19 in f32 or 1.3e154 in f64). Its δ-partial is (|r| − ½δ) + δ·(−½),
// which the builder combines into |r| − δ: exact near the threshold, where summing the two
// halves apart would lose every digit.
const huberLinear = mul(delta, sub(abs(r), mul(0.5, delta)));
export const huber = defineLoss({
  id: 'huber',
  name: 'Huber',
  family: 'regression',
  variables: [residual(), deltaVar],
  expr: select(le(abs(r), delta), halfSquare(r), huberLinear),
  tex: '\\begin{cases} \\tfrac12 r^2 & |r| \\le \\delta \\\\ \\delta(|r| - \\tfrac12\\delta) & \\text{otherwise} \\end{cases}',
  properties: {
    convex: true,
    smooth: true,
    robust: true,
    probabilistic: 'Huber’s least-favourable distribution',
  },
  use: 'Regression with occasional outliers: quadratic near zero, linear in the tails.',
  reference: 'Huber, P. J. (1964). Robust estimation of a location parameter. Ann. Math. Statist. 35(1).',
  defaultAxes: ['r', 'delta'],
});

const beta = v('beta');
export const smoothL1 = defineLoss({
  id: 'smooth_l1',
  name: 'Smooth L1',
  family: 'regression',
  variables: [
    residual(),
    hyper('beta', '\\beta', 'threshold β', 1, domains.positive, { min: 0.1, max: 10, scale: 'log' }),
  ],
  // ½(r/√β)² rather than ½r²/β: r² cannot overflow, and the partials never form 1/β,
  // which overflows for subnormal β.
  expr: select(lt(abs(r), beta), mul(0.5, square(div(r, sqrt(beta)))), sub(abs(r), mul(0.5, beta))),
  tex: '\\begin{cases} \\tfrac12 r^2/\\beta & |r| < \\beta \\\\ |r| - \\tfrac12\\beta & \\text{otherwise} \\end{cases}',
  properties: { convex: true, smooth: true, robust: true, probabilistic: null },
  use: 'Bounding-box regression in object detection; PyTorch’s SmoothL1Loss (Huber divided by β).',
  reference: 'Girshick, R. (2015). Fast R-CNN. ICCV.',
  defaultAxes: ['r', 'beta'],
  finiteOnDomain: true,
});

export const pseudoHuber = defineLoss({
  id: 'pseudo_huber',
  name: 'Pseudo-Huber',
  family: 'regression',
  variables: [residual(), deltaVar],
  expr: pseudoHuberValue(r, delta),
  tex: '\\delta^2\\left(\\sqrt{1 + (r/\\delta)^2} - 1\\right)',
  properties: { convex: true, smooth: true, robust: true, probabilistic: 'Hyperbolic distribution' },
  use: 'A smooth Huber: quadratic near zero, about δ|r| in the tails, with derivatives of every order.',
  reference:
    'Charbonnier, P., Blanc-Féraud, L., Aubert, G., Barlaud, M. (1994). Two deterministic half-quadratic regularization algorithms for computed imaging. ICIP.',
  defaultAxes: ['r', 'delta'],
  finiteOnDomain: true,
});

export const logCoshLoss = defineLoss({
  id: 'log_cosh',
  name: 'Log-cosh',
  family: 'regression',
  variables: [residual()],
  // The logCosh primitive is exact near 0 (where log(cosh r) loses every digit) and never overflows.
  expr: logCosh(r),
  tex: '\\log\\cosh r',
  properties: { convex: true, smooth: true, robust: true, probabilistic: 'Hyperbolic secant' },
  use: 'A smooth alternative to MAE/Huber: about ½r² near zero and |r| − log 2 far out, with no parameter.',
  reference:
    'Saleh, R. A., Saleh, A. K. Md. E. (2022). Statistical properties of the log-cosh loss function used in machine learning. arXiv:2208.04564.',
  defaultAxes: ['r'],
});

const tau = v('tau');
export const quantile = defineLoss({
  id: 'quantile',
  name: 'Quantile (pinball)',
  family: 'regression',
  variables: [residual(), hyper('tau', '\\tau', 'quantile τ', 0.5, domains.unit, { min: 0, max: 1 })],
  // max(−τr, (1 − τ)r) is (1 − τ)r exactly when r > 0 and −τr when r < 0: the sign of r
  // picks the piece (comparing the two products would not: both round to 0 at r = 5e-324).
  // At r = 0 the value is 0 with gradient 0, the catalog's subgradient.
  expr: select(gt(r, 0), mul(sub(1, tau), r), select(lt(r, 0), neg(mul(tau, r)), 0)),
  tex: '\\max\\left(-\\tau r,\\ (1 - \\tau) r\\right)',
  properties: { convex: true, smooth: false, robust: true, probabilistic: 'Asymmetric Laplace' },
  use: 'Quantile regression and prediction intervals: τ = 0.9 costs under-prediction 9× over-prediction.',
  reference: 'Koenker, R., Bassett, G. (1978). Regression quantiles. Econometrica 46(1).',
  defaultAxes: ['r', 'tau'],
});

const epsilon = v('epsilon');
export const epsilonInsensitive = defineLoss({
  id: 'epsilon_insensitive',
  name: 'ε-insensitive',
  family: 'regression',
  variables: [
    residual(),
    hyper('epsilon', '\\varepsilon', 'tube half-width ε', 0.1, domains.nonNegative, { min: 0, max: 2 }),
  ],
  expr: max(0, sub(abs(r), epsilon)),
  tex: '\\max(0,\\ |r| - \\varepsilon)',
  properties: { convex: true, smooth: false, robust: true, probabilistic: null },
  use: 'Support vector regression: residuals inside the ε-tube cost nothing, which makes the solution sparse.',
  reference: 'Vapnik, V. (1995). The Nature of Statistical Learning Theory. Springer.',
  defaultAxes: ['r', 'epsilon'],
});

const c = v('c');
const scaleVar = (defaultValue: number, plotMin: number, plotMax: number) =>
  hyper('c', 'c', 'scale c', defaultValue, domains.positive, { min: plotMin, max: plotMax, scale: 'log' });

export const cauchy = defineLoss({
  id: 'cauchy',
  name: 'Cauchy (Lorentzian)',
  family: 'regression',
  variables: [residual(), scaleVar(1, 0.1, 10)],
  expr: cauchyValue(r, c),
  tex: '\\tfrac12 c^2 \\log\\left(1 + (r/c)^2\\right)',
  properties: { convex: false, smooth: true, robust: true, probabilistic: 'Cauchy' },
  use: 'Robust regression and bundle adjustment: influence peaks at |r| = c and decays like 1/r.',
  reference: 'Black, M. J., Anandan, P. (1996). The robust estimation of multiple motions. CVIU 63(1).',
  defaultAxes: ['r', 'c'],
  finiteOnDomain: true,
});

export const tukey = defineLoss({
  id: 'tukey',
  name: 'Tukey biweight',
  family: 'regression',
  variables: [residual(), scaleVar(4.685, 0.5, 20)],
  expr: tukeyValue(r, c),
  tex: '\\begin{cases} \\frac{c^2}{6}\\left(1 - \\left(1 - (r/c)^2\\right)^3\\right) & |r| \\le c \\\\ \\frac{c^2}{6} & \\text{otherwise} \\end{cases}',
  properties: { convex: false, smooth: true, robust: true, probabilistic: null },
  use: 'M-estimation that ignores gross outliers entirely: the influence redescends to 0 beyond c (c = 4.685 gives 95% Gaussian efficiency).',
  reference:
    'Beaton, A. E., Tukey, J. W. (1974). The fitting of power series, meaning polynomials, illustrated on band-spectroscopic data. Technometrics 16(2).',
  defaultAxes: ['r', 'c'],
  finiteOnDomain: true,
});

const alpha = v('alpha');
export const generalRobust = defineLoss({
  id: 'general_robust',
  name: 'General robust (Barron)',
  family: 'regression',
  variables: [
    residual(),
    hyper('alpha', '\\alpha', 'shape α', 1, domains.closed(-1e3, 1e3), { min: -4, max: 4 }),
    scaleVar(1, 0.1, 10),
  ],
  expr: barronRho(r, alpha, c),
  tex: '\\frac{|\\alpha - 2|}{\\alpha}\\left(\\left(\\frac{(r/c)^2}{|\\alpha - 2|} + 1\\right)^{\\alpha/2} - 1\\right)',
  // Properties at the default α = 1 (pseudo-Huber/Charbonnier); α < 1 is non-convex and α = 2 is not robust.
  properties: {
    convex: true,
    smooth: true,
    robust: true,
    probabilistic: 'Barron’s general distribution (α ≥ 0)',
  },
  use: 'One loss that interpolates L2 (α = 2), Charbonnier (1), Cauchy (0), Geman–McClure (−2) and Welsch (−∞); α can be learned.',
  reference: 'Barron, J. T. (2019). A general and adaptive robust loss function. CVPR.',
  defaultAxes: ['r', 'alpha'],
  finiteOnDomain: true,
});

const variance = v('var');
export const gaussianNll = defineLoss({
  id: 'gaussian_nll',
  name: 'Gaussian negative log-likelihood',
  family: 'regression',
  variables: [
    residual(),
    hyper('var', '\\sigma^2', 'variance σ²', 1, domains.positive, { min: 0.01, max: 100, scale: 'log' }),
  ],
  expr: gaussianNllValue(),
  tex: '\\tfrac12\\left(\\log \\sigma^2 + r^2/\\sigma^2\\right)',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Gaussian (learned variance)' },
  use: 'Heteroscedastic regression, where the model predicts its own variance (PyTorch’s GaussianNLLLoss without the constant).',
  reference:
    'Nix, D. A., Weigend, A. S. (1994). Estimating the mean and variance of the target probability distribution. ICNN.',
  defaultAxes: ['r', 'var'],
  finiteOnDomain: true,
});

/**
 * ½log σ² + p·(½p) with p = r/σ: finite wherever the loss is, and the σ²-partial
 * never forms r/σ⁴ (which overflows for tiny σ² while the partial is finite).
 * That partial, ½/σ² − ½p²/σ², is given as ½((1 − |p|)/σ²)(1 + |p|): derived,
 * it is the sum of two terms that both overflow for a subnormal σ² (∞ − ∞ =
 * NaN where the partial is −∞, or +∞ at r = 0), and in this order nothing
 * overflows before the partial does (p² would, at r = 1e164 with σ² = 1e10).
 */
function gaussianNllValue(): Expr {
  const p = div(r, sqrt(variance));
  return withGrad(add(mul(0.5, log(variance)), halfSquare(p)), {
    var: mul(mul(0.5, div(sub(1, abs(p)), variance)), add(1, abs(p))),
  });
}

const z = v('z');
const count = v('y');
export const poissonNll = defineLoss({
  id: 'poisson_nll',
  name: 'Poisson negative log-likelihood',
  family: 'regression',
  variables: [
    logit({ label: 'log rate z = log λ', symbol: 'z' }),
    data('y', 'y', 'observed count y', domains.nonNegative, { min: 0, max: 10 }, 1),
  ],
  expr: poissonValue(z, count),
  tex: 'e^{z} - y z',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Poisson' },
  use: 'Count data (events, arrivals) with a log-link model; PyTorch’s PoissonNLLLoss(log_input=True) without the Stirling term.',
  reference: 'Nelder, J. A., Wedderburn, R. W. M. (1972). Generalized linear models. JRSS A 135(3).',
  defaultAxes: ['z', 'y'],
});

export const regressionLosses = [
  mse,
  mae,
  huber,
  smoothL1,
  pseudoHuber,
  logCoshLoss,
  quantile,
  epsilonInsensitive,
  cauchy,
  tukey,
  generalRobust,
  gaussianNll,
  poissonNll,
] as const;
