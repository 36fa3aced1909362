/**
 * The landscape's peers, written as their users would write them:
 * - TensorFlow.js: broadcast ops. s = w ⊗ x + b over a block of cells ×
 *   every data point ([rows, cols, n]), the term elementwise, a sum over the
 *   data, divided by n; blocks cut so that one holds at most `maxElements`
 *   values (a 1024² grid of 1000 points would be a 4 GiB tensor);
 * - a hand-written JS loop per loss (cpu/landscape-cases.ts: the same
 *   compensated sum as core, the term typed out by hand).
 * Each computes chosen rows of the grid (all of them, or an evenly spread
 * subset where the whole grid would take minutes).
 */
import type * as tfType from '@tensorflow/tfjs-core';
import { handLoop, handTerms } from '../cpu/landscape-cases.js';

type Tf = typeof tfType;
type Tensor = tfType.Tensor;
type Params = Readonly<Record<string, number>>;

/** Per-sample terms of the model output s and the label y, with the loss's hyperparameters. */
export const tfjsTerms: Readonly<Record<string, (tf: Tf, s: Tensor, y: Tensor, p: Params) => Tensor>> = {
  mse: (tf, s, y) => tf.square(tf.sub(s, y)),
  huber: (tf, s, y, p) => {
    const d = p.delta!;
    const r = tf.sub(s, y);
    const a = tf.abs(r);
    return tf.where(tf.lessEqual(a, d), tf.mul(0.5, tf.square(r)), tf.mul(d, tf.sub(a, 0.5 * d)));
  },
  tukey: (tf, s, y, p) => {
    const c = p.c!;
    const r = tf.sub(s, y);
    const v = tf.sub(1, tf.square(tf.div(r, c)));
    const inside = tf.mul((c * c) / 6, tf.sub(1, tf.mul(tf.square(v), v)));
    return tf.where(tf.lessEqual(tf.abs(r), c), inside, tf.fill(r.shape, (c * c) / 6));
  },
  // softplus(−m) with m = (2y − 1)s: relu(−m) + log1p(e^−|m|), finite at |m| = 800.
  logistic: (tf, s, y) => {
    const m = tf.mul(tf.sub(tf.mul(2, y), 1), s);
    return tf.add(tf.relu(tf.neg(m)), tf.log1p(tf.exp(tf.neg(tf.abs(m)))));
  },
  // α·σ(−m)^γ·softplus(−m) = −α(1 − pt)^γ log pt with pt = σ(m).
  focal: (tf, s, y, p) => {
    const m = tf.mul(tf.sub(tf.mul(2, y), 1), s);
    const softplus = tf.add(tf.relu(tf.neg(m)), tf.log1p(tf.exp(tf.neg(tf.abs(m)))));
    return tf.mul(p.alpha!, tf.mul(tf.pow(tf.sigmoid(tf.neg(m)), p.gamma!), softplus));
  },
};

/**
 * The mean term over the data for rows `rows` (b values) × all columns (w
 * values), in blocks of at most maxElements values: out[r·nw + i].
 */
export async function tfjsLandscapeRows(
  tf: Tf,
  lossId: string,
  ws: Float64Array,
  bs: readonly number[],
  x: Float64Array,
  y: Float64Array,
  params: Params,
  maxElements: number,
): Promise<Float32Array> {
  const term = tfjsTerms[lossId];
  if (!term) throw new Error(`no TensorFlow.js term for ${lossId}`);
  const nw = ws.length;
  const n = x.length;
  const out = new Float32Array(bs.length * nw);
  const cols = Math.max(1, Math.min(nw, Math.floor(maxElements / n)));
  const rows = Math.max(1, Math.min(bs.length, Math.floor(maxElements / (cols * n))));
  const xT = tf.tensor3d(Float32Array.from(x), [1, 1, n]);
  const yT = tf.tensor3d(Float32Array.from(y), [1, 1, n]);
  try {
    for (let r0 = 0; r0 < bs.length; r0 += rows) {
      const r1 = Math.min(bs.length, r0 + rows);
      for (let c0 = 0; c0 < nw; c0 += cols) {
        const c1 = Math.min(nw, c0 + cols);
        const block = tf.tidy(() => {
          const w = tf.tensor3d(Float32Array.from(ws.subarray(c0, c1)), [1, c1 - c0, 1]);
          const b = tf.tensor3d(Float32Array.from(bs.slice(r0, r1)), [r1 - r0, 1, 1]);
          const s = tf.add(tf.mul(w, xT), b);
          return tf.div(tf.sum(term(tf, s, yT, params), 2), n);
        });
        const values = (await block.data()) as Float32Array;
        block.dispose();
        for (let r = r0; r < r1; r++)
          out.set(values.subarray((r - r0) * (c1 - c0), (r - r0 + 1) * (c1 - c0)), r * nw + c0);
      }
    }
  } finally {
    xT.dispose();
    yT.dispose();
  }
  return out;
}

/** The hand-written loop of a loss over chosen rows: out[r·nw + i] (f64). */
export function handLandscapeRows(
  lossId: string,
): (
  out: Float64Array,
  ws: Float64Array,
  bs: readonly number[],
  x: Float64Array,
  y: Float64Array,
  params: Params,
) => void {
  const text = handTerms[lossId];
  if (!text) throw new Error(`no hand-written term for ${lossId}`);
  const loop = handLoop(text);
  const one = new Float64Array(1);
  return (out, ws, bs, x, y, params) => {
    const nw = ws.length;
    bs.forEach((b, r) => {
      one[0] = b;
      loop(out.subarray(r * nw, (r + 1) * nw), ws, one, x, y, params, 0, 1);
    });
  };
}
