/**
 * The TensorFlow.js peer: the same grids computed with tfjs elementwise ops
 * and broadcasting (x as a row [1, n], y as a column [n, 1]) — what a web
 * developer would write instead of losslab. Written for the default bench set
 * and a few cheap losses; others are skipped with that reason.
 */
import type * as tfType from '@tensorflow/tfjs-core';

type Tf = typeof tfType;
type Tensor = tfType.Tensor;
type Params = Readonly<Record<string, number>>;

export interface TfjsLoss {
  /** The axes it is written for (x first); one axis: a column of points. */
  readonly axes: readonly [string] | readonly [string, string];
  readonly build: (tf: Tf, x: Tensor, y: Tensor | null, p: Params) => Tensor;
}

export const tfjsLosses: Readonly<Record<string, TfjsLoss>> = {
  mse: { axes: ['r'], build: (tf, r) => tf.square(r) },
  mae: { axes: ['r'], build: (tf, r) => tf.abs(r) },
  hinge: { axes: ['m'], build: (tf, m) => tf.relu(tf.sub(1, m)) },
  huber: {
    axes: ['r', 'delta'],
    build: (tf, r, d) => {
      const a = tf.abs(r);
      return tf.where(tf.lessEqual(a, d!), tf.mul(0.5, tf.square(r)), tf.mul(d!, tf.sub(a, tf.mul(0.5, d!))));
    },
  },
  log_cosh: {
    axes: ['r'],
    // |r| + log1p(e^−2|r|) − log 2: the stable form (log(cosh r) overflows past |r| ≈ 89 in f32).
    build: (tf, r) => {
      const a = tf.abs(r);
      return tf.sub(tf.add(a, tf.log1p(tf.exp(tf.mul(-2, a)))), Math.LN2);
    },
  },
  focal: {
    axes: ['pt', 'gamma'],
    build: (tf, pt, gamma, p) => tf.mul(-p.alpha!, tf.mul(tf.pow(tf.sub(1, pt), gamma!), tf.log(pt))),
  },
  general_robust: {
    axes: ['r', 'alpha'],
    build: (tf, r, alpha, p) => {
      const x2 = tf.square(tf.div(r, p.c!));
      const b = tf.abs(tf.sub(alpha!, 2));
      const general = tf.mul(tf.div(b, alpha!), tf.expm1(tf.mul(tf.div(alpha!, 2), tf.log1p(tf.div(x2, b)))));
      // α = 2 and α = 0 are the limits (½x² and log(½x² + 1)); the general form divides by zero there.
      const at2 = tf.mul(0.5, x2);
      const at0 = tf.log1p(tf.mul(0.5, x2));
      return tf.where(tf.equal(alpha!, 2), at2, tf.where(tf.equal(alpha!, 0), at0, general));
    },
  },
  softmax_ce: {
    axes: ['z1', 'z2'],
    build: (tf, z1, z2, p) => {
      const z3 = p.z3!;
      const s = p.smoothing!;
      const m = tf.maximum(tf.maximum(z1, z2!), z3);
      const sum = tf.add(tf.add(tf.exp(tf.sub(z1, m)), tf.exp(tf.sub(z2!, m))), tf.exp(tf.sub(z3, m)));
      const lse = tf.add(m, tf.log(sum));
      const target = tf.add(tf.mul(1 - s, z1), tf.mul(s / 3, tf.add(tf.add(z1, z2!), z3)));
      return tf.sub(lse, target);
    },
  },
  mse_prob: { axes: ['p', 'y'], build: (tf, p, y) => tf.square(tf.sub(p, y!)) },
};
