import { domains } from '../catalog/domain.js';
import { defineLoss } from '../catalog/define.js';
import { abs, le, mul, select, square, sub, v } from '../expr/build.js';
import { hyper, residual } from './vars.js';

const r = v('r');

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

const delta = v('delta');
export const huber = defineLoss({
  id: 'huber',
  name: 'Huber',
  family: 'regression',
  variables: [residual(), hyper('delta', '\\delta', 'threshold δ', 1, domains.positive, { min: 0.1, max: 3 })],
  // ½r² inside the threshold, δ(|r| − ½δ) outside: written as δ·|r| − ½δ² would cancel for |r| ≈ δ.
  expr: select(le(abs(r), delta), mul(0.5, square(r)), mul(delta, sub(abs(r), mul(0.5, delta)))),
  tex: '\\begin{cases} \\tfrac12 r^2 & |r| \\le \\delta \\\\ \\delta(|r| - \\tfrac12\\delta) & \\text{otherwise} \\end{cases}',
  properties: { convex: true, smooth: true, robust: true, probabilistic: 'Huber’s least-favourable distribution' },
  use: 'Regression with occasional outliers: quadratic near zero, linear in the tails.',
  reference: 'Huber, P. J. (1964). Robust estimation of a location parameter. Ann. Math. Statist. 35(1).',
  defaultAxes: ['r', 'delta'],
});

export const regressionLosses = [mse, huber] as const;
