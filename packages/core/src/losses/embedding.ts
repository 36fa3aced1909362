/** Metric-learning losses on distances and similarities between embeddings. */

import { defineLoss } from '../catalog/define.js';
import { domains } from '../catalog/domain.js';
import {
  add,
  type ExprLike,
  eq,
  gt,
  lt,
  max,
  mul,
  neg,
  select,
  sub,
  sum3,
  v,
  withGrad,
} from '../expr/build.js';
import type { Expr } from '../expr/nodes.js';
import { data, hyper } from './vars.js';

const d = v('d');
const y = v('y');
const margin = v('margin');

const distance = (name: string, symbol: string, label: string) =>
  data(name, symbol, label, domains.nonNegative, { min: 0, max: 3 });

/**
 * ½[y·d² + (1 − y)·h²] with h = max(0, margin − d). Each term is computed as
 * ((½w)·x)·x: a small weight keeps w·x² finite where x² alone would overflow
 * f32, and so does the halving for a term in (f32 max/2, f32 max). Each term
 * is exactly 0 where its weight is 0: a compiler may reassociate (0·x)·x into
 * 0·(x·x) = 0·∞ = NaN (the NVIDIA driver did, at d = 1e30), and a select
 * cannot be reassociated away. The select's zero keeps the weight's partial,
 * ½x², so the gradient is unchanged.
 */
function halfWeightedSquare(weight: Expr, x: Expr, weightPartial: Record<string, ExprLike>): Expr {
  // A weight below 2^-1000 (y = 5e-324) is lifted by 2^600 and x brought down by as much: ½w
  // alone would underflow to 0 (and w·x lose its bits) where ½w·x² is a normal number.
  const tiny = mul(mul(mul(weight, 2 ** 599), x), mul(x, 2 ** -600));
  return select(
    eq(weight, 0),
    withGrad(0, weightPartial),
    select(lt(weight, 2 ** -1000), tiny, mul(mul(mul(0.5, weight), x), x)),
  );
}

const hingeGap = max(0, sub(margin, d));
const halfSquare = (x: Expr): Expr => mul(mul(0.5, x), x);
/**
 * Its y-partial ½(d² − h²) is given as m·(d − ½m) where the hinge is active
 * (h = m − d > 0): the difference of the two squares overflows to ∞ − ∞ at
 * d = 1e200, m = 1e300, where the partial is −∞; the product does not cancel.
 */
const contrastiveExpr = withGrad(
  add(
    halfWeightedSquare(y, d, { y: halfSquare(d) }),
    halfWeightedSquare(sub(1, y), hingeGap, { y: neg(halfSquare(hingeGap)) }),
  ),
  { y: select(gt(hingeGap, 0), mul(margin, sub(d, mul(0.5, margin))), halfSquare(d)) },
);

export const contrastive = defineLoss({
  id: 'contrastive',
  name: 'Contrastive loss',
  family: 'embedding',
  variables: [
    distance('d', 'd', 'embedding distance d'),
    data('y', 'y', 'similarity label y (1 similar, 0 dissimilar)', domains.unit, { min: 0, max: 1 }, 1),
    hyper('margin', 'm', 'margin m', 1, domains.nonNegative, { min: 0, max: 3 }),
  ],
  expr: contrastiveExpr,
  tex: '\\tfrac12\\left[y\\, d^2 + (1-y)\\max(0,\\ m - d)^2\\right]',
  properties: { convex: true, smooth: true, robust: false, probabilistic: null },
  use: 'Siamese networks: pull similar pairs together, push dissimilar pairs at least a margin apart.',
  reference:
    'Hadsell, R., Chopra, S., LeCun, Y. (2006). Dimensionality reduction by learning an invariant mapping. CVPR.',
  defaultAxes: ['d', 'y'],
});

const dap = v('dap');
const dan = v('dan');

export const triplet = defineLoss({
  id: 'triplet',
  name: 'Triplet margin loss',
  family: 'embedding',
  variables: [
    distance('dap', 'd_{ap}', 'anchor–positive distance d_ap'),
    distance('dan', 'd_{an}', 'anchor–negative distance d_an'),
    hyper('margin', 'm', 'margin m', 1, domains.nonNegative, { min: 0, max: 2 }),
  ],
  // dap − dan + margin compensated: exact where plain sums round the hinge's argument to 0
  // (dap = 1e-20, dan = margin = 1), so the hinge sits exactly where it should.
  expr: max(0, sum3(dap, neg(dan), margin)),
  tex: '\\max(0,\\ d_{ap} - d_{an} + m)',
  properties: { convex: true, smooth: false, robust: true, probabilistic: null },
  use: 'Face recognition and retrieval embeddings: the negative must be a margin farther than the positive.',
  reference:
    'Schroff, F., Kalenichenko, D., Philbin, J. (2015). FaceNet: A unified embedding for face recognition and clustering. CVPR.',
  defaultAxes: ['dap', 'dan'],
});

const cos = v('cos');

export const cosineEmbedding = defineLoss({
  id: 'cosine_embedding',
  name: 'Cosine embedding loss',
  family: 'embedding',
  variables: [
    data('cos', '\\cos\\theta', 'cosine similarity cos θ', domains.closed(-1, 1), { min: -1, max: 1 }),
    data('y', 'y', 'pair label y (1 similar, −1 dissimilar)', domains.set(-1, 1), { min: -1, max: 1 }, 1),
    hyper('margin', 'm', 'margin m', 0, domains.closed(-1, 1), { min: -1, max: 1 }),
  ],
  expr: select(eq(y, 1), sub(1, cos), max(0, sub(cos, margin))),
  tex: '\\begin{cases} 1 - \\cos\\theta & y = 1 \\\\ \\max(0,\\ \\cos\\theta - m) & y = -1 \\end{cases}',
  properties: { convex: true, smooth: false, robust: true, probabilistic: null },
  use: 'Learning embeddings whose cosine similarity separates similar from dissimilar pairs (PyTorch CosineEmbeddingLoss).',
  reference: 'PyTorch documentation, torch.nn.CosineEmbeddingLoss.',
  defaultAxes: ['cos', 'margin'],
});

export const embeddingLosses = [contrastive, triplet, cosineEmbedding] as const;
