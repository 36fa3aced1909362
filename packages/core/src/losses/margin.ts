/** Binary classification losses of the margin m = y·f(x), y ∈ {−1, +1}. */
import { defineLoss } from '../catalog/define.js';
import { exp, ge, le, max, mul, neg, select, softplus, square, sub, v } from '../expr/build.js';
import { margin } from './vars.js';

const m = v('m');
/** max(0, 1 − m): diff's tie rule makes its derivative 0 at m = 1, where 0 is a subgradient. */
const hingeTerm = max(0, sub(1, m));

export const zeroOne = defineLoss({
  id: 'zero_one',
  name: 'Zero-one',
  family: 'margin',
  variables: [margin()],
  // Piecewise constant: its derivative tree folds to the constant 0, the catalog's gradient everywhere.
  expr: select(le(m, 0), 1, 0),
  tex: '\\mathbb{1}[m \\le 0]',
  properties: { convex: false, smooth: false, robust: true, probabilistic: null },
  use: 'The error rate itself: what classifiers are judged by, and what every surrogate below bounds.',
  reference:
    'Bartlett, P. L., Jordan, M. I., McAuliffe, J. D. (2006). Convexity, classification, and risk bounds. JASA 101(473).',
  defaultAxes: ['m'],
});

export const hinge = defineLoss({
  id: 'hinge',
  name: 'Hinge',
  family: 'margin',
  variables: [margin()],
  expr: hingeTerm,
  tex: '\\max(0,\\ 1 - m)',
  properties: { convex: true, smooth: false, robust: true, probabilistic: null },
  use: 'Support vector machines: zero loss once a point is beyond the margin, so the solution depends on few points.',
  reference: 'Cortes, C., Vapnik, V. (1995). Support-vector networks. Machine Learning 20(3).',
  defaultAxes: ['m'],
});

export const squaredHinge = defineLoss({
  id: 'squared_hinge',
  name: 'Squared hinge',
  family: 'margin',
  variables: [margin()],
  expr: square(hingeTerm),
  tex: '\\max(0,\\ 1 - m)^2',
  properties: { convex: true, smooth: true, robust: false, probabilistic: null },
  use: 'A differentiable SVM loss (L2-SVM), as in LIBLINEAR; punishes large violations quadratically.',
  reference:
    'Lee, C.-P., Lin, C.-J. (2013). A study on L2-loss (squared hinge-loss) multiclass SVM. Neural Computation 25(5).',
  defaultAxes: ['m'],
});

export const logistic = defineLoss({
  id: 'logistic',
  name: 'Logistic',
  family: 'margin',
  variables: [margin()],
  // softplus(−m) = log(1 + e^(−m)): about −m for m ≪ 0 (finite at m = −800, where e^(−m) overflows).
  expr: softplus(neg(m)),
  tex: '\\log\\left(1 + e^{-m}\\right)',
  properties: { convex: true, smooth: true, robust: true, probabilistic: 'Bernoulli (logistic link)' },
  use: 'Logistic regression in margin form: calibrated probabilities σ(f(x)) and a smooth, convex surrogate.',
  reference: 'Cox, D. R. (1958). The regression analysis of binary sequences. JRSS B 20(2).',
  defaultAxes: ['m'],
});

export const exponential = defineLoss({
  id: 'exponential',
  name: 'Exponential',
  family: 'margin',
  variables: [margin()],
  expr: exp(neg(m)),
  tex: 'e^{-m}',
  properties: { convex: true, smooth: true, robust: false, probabilistic: null },
  use: 'AdaBoost’s loss: reweights misclassified points exponentially, which makes it sensitive to label noise.',
  reference:
    'Freund, Y., Schapire, R. E. (1997). A decision-theoretic generalization of on-line learning and an application to boosting. JCSS 55(1).',
  defaultAxes: ['m'],
});

export const modifiedHuber = defineLoss({
  id: 'modified_huber',
  name: 'Modified Huber',
  family: 'margin',
  variables: [margin()],
  expr: select(ge(m, -1), square(hingeTerm), mul(-4, m)),
  tex: '\\begin{cases} \\max(0,\\ 1 - m)^2 & m \\ge -1 \\\\ -4m & \\text{otherwise} \\end{cases}',
  properties: { convex: true, smooth: true, robust: true, probabilistic: null },
  use: 'A smooth, outlier-tolerant SVM loss that still yields probability estimates (scikit-learn’s SGDClassifier).',
  reference:
    'Zhang, T. (2004). Solving large scale linear prediction problems using stochastic gradient descent algorithms. ICML.',
  defaultAxes: ['m'],
});

export const marginLosses = [zeroOne, hinge, squaredHinge, logistic, exponential, modifiedHuber] as const;
