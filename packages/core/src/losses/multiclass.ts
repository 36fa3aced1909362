import { domains } from '../catalog/domain.js';
import { defineLoss } from '../catalog/define.js';
import { add, div, logSumExp, mul, sub, v } from '../expr/build.js';
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

export const softmaxCe = defineLoss({
  id: 'softmax_ce',
  name: 'Softmax cross-entropy',
  family: 'multiclass',
  variables: [
    logitVar(1),
    logitVar(2),
    logitVar(3),
    hyper('smoothing', 's', 'label smoothing s', 0, domains.closedOpen(0, 1), { min: 0, max: 0.9 }),
  ],
  // logsumexp(z) − Σ q_k z_k, q = (1 − s)·onehot + s/3.
  expr: sub(logSumExp(z1, z2, z3), add(mul(sub(1, s), z1), mul(div(s, 3), add(add(z1, z2), z3)))),
  tex: '\\log\\sum_k e^{z_k} - \\sum_k q_k z_k,\\quad q_k = (1-s)[k=1] + s/3',
  properties: { convex: true, smooth: true, robust: false, probabilistic: 'Categorical' },
  use: 'Multi-class classification from logits; label smoothing s regularises over-confident predictions.',
  reference: 'Szegedy, C. et al. (2016). Rethinking the Inception architecture for computer vision. CVPR.',
  defaultAxes: ['z1', 'z2'],
});

export const multiclassLosses = [softmaxCe] as const;
