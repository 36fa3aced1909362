import { defineLoss } from '../catalog/define.js';
import { add, neg, sub, v, xlogy } from '../expr/build.js';
import { probability, softLabel } from './vars.js';

const p = v('p');
const y = v('y');

export const bce = defineLoss({
  id: 'bce',
  name: 'Binary cross-entropy',
  family: 'probability',
  variables: [probability(), softLabel()],
  // xlogy gives 0·log 0 = 0, so p = 0 with y = 0 is 0, not NaN.
  expr: neg(add(xlogy(y, p), xlogy(sub(1, y), sub(1, p)))),
  tex: '-\\left[y \\log p + (1-y)\\log(1-p)\\right]',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Bernoulli' },
  use: 'Binary classification on probabilities; prefer bce_logits when you have logits.',
  reference: 'Cox, D. R. (1958). The regression analysis of binary sequences. JRSS B 20(2).',
  defaultAxes: ['p', 'y'],
});

export const probabilityLosses = [bce] as const;
