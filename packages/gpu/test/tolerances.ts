/**
 * How close the GPU's f32 results must be to core's f64 results, per loss,
 * and why (the rule itself is in helpers/compare.ts).
 *
 * `ulps` is the forward bound in ulps of the correctly rounded f32 value.
 * The prelude's exp, log, log1p, expm1 are within ~1 ulp, sigmoid/softplus/
 * tanh/logCosh within ~2, so a loss that composes a few of them lands within
 * 8; pow (x^y = e^(y·log x), with y·log x rounded) is off by up to
 * |log x^y|·2^-24 relative, which the pow-based bound scales with.
 *
 * `inputUlps` is the backward bound: where a formula is ill-conditioned
 * (σ(z) − y near σ(z) = y, 1 + z₂ − z₁ at a hinge, a kink decided by a
 * difference that rounds to 0), the GPU's answer must be the exact answer for
 * inputs at most this many ulps away: 4 covers the rounding of the few
 * intermediate differences a loss takes.
 *
 * `abs` adds an absolute floor where f32 rounding of an intermediate that is
 * larger than the result sets the error, sized by that intermediate.
 */
import type { LossDef, Output } from '@losslab/core';
import type { Tolerance } from './helpers/compare.js';

type Point = Record<string, number>;

export interface LossTolerance {
  /** A number, or a function of core's value at the point. */
  readonly ulps: number | ((ref: number) => number);
  readonly inputUlps: number;
  readonly abs?: (point: Point, output: Output) => number;
  readonly why: string;
}

const EPS = 2 ** -24;
const FLT_MAX = 3.4028234663852886e38;

const simple: LossTolerance = {
  ulps: 8,
  inputUlps: 4,
  why: 'arithmetic, sqrt and a few exp/log/log1p (each within ~1 ulp): observed ≤ 6.5 ulp, bound 8',
};

/**
 * x^y = e^(y·log x): rounding t = y·log x (and log x itself, scaled by y)
 * costs about |t| ulp, and t is about log of the result; 16 + 5·|log result|
 * covers that with the products around it.
 */
const powUlps = (ref: number): number => 16 + 5 * Math.abs(Math.log(Math.abs(ref) || 1));

const powBased: LossTolerance = {
  ulps: powUlps,
  inputUlps: 4,
  why: 'pow(x, y) = e^(y·log x) with y·log x rounded to f32: 16 + 5·|ln result| ulp (≈ 360 ulp at 1e-30)',
};

/**
 * bd0's a·log(a/b) takes log a − log b where the quotient rule's a/b² would
 * overflow f32 (b below ~1e-19 with a/b large; see core's distribution.ts):
 * the partial ∂a = log a − log b (+ …) then carries each log's rounding,
 * up to 2^-24·(|ln a| + |ln b|) absolutely — at most 2^-24·175 near FLT_MIN,
 * a relative 1e-5 only where log(a/b) itself is below ~1.
 */
const logsDifferenceFloor =
  (pairs: (p: Point) => readonly (readonly [number, number])[]) =>
  (p: Point, output: Output): number => {
    if (output === 'value') return 0;
    let floor = 0;
    for (const [a, b] of pairs(p))
      if (b > 0 && a / b / b > FLT_MAX) floor += EPS * (Math.abs(Math.log(a)) + Math.abs(Math.log(b)));
    return floor;
  };

const table: Record<string, LossTolerance> = {
  kl_bernoulli: {
    ...simple,
    abs: logsDifferenceFloor((p) => [[p.p!, p.q!]]),
    why: `${simple.why}; where bd0 takes log p − log q (p/q² beyond f32), the partials carry 2^-24·(|ln p| + |ln q|)`,
  },
  js_bernoulli: {
    ...simple,
    abs: logsDifferenceFloor((p) => {
      const m = Math.fround(0.5 * (p.p! + p.q!));
      return [
        [p.p!, m],
        [p.q!, m],
      ];
    }),
    why: `${simple.why}; where bd0 takes log p − log m (p/m² beyond f32), the partials carry 2^-24·(|ln p| + |ln m|)`,
  },
  focal: powBased,
  focal_logits: powBased,
  poisson_nll: {
    ulps: 64,
    inputUlps: 4,
    why: 'e^z at |z| up to 88: the prelude exp is within 1 ulp, but e^z − y·z cancels for y·z ≈ e^z, covered by the input bound',
  },
  general_robust: {
    ...powBased,
    why: 'pow of (r/c)²/|α−2| + 1 (as pow); ∂α near α = 2 is written without the chain rule’s cancellation (core’s byAlphaSmallL): no floor',
  },
  softmax_ce: {
    ulps: 8,
    inputUlps: 2,
    // core shifts every logit by z₁ (z₂ − z₁, z₃ − z₁): each shifted logit is rounded to ulp(max|z|), and the softmax weights are e^(shifted − lse).
    abs: (p, output) =>
      output === 'value' || output.partial === 'smoothing'
        ? 0
        : 8 * EPS * (1 + Math.max(Math.abs(p.z1!), Math.abs(p.z2!), Math.abs(p.z3!))),
    why: 'logsumexp within 8 ulp; the partials are softmax weights (shifted by z₁, each logit rounded to ulp(max|z|)) minus the smoothed target: absolute error 8·2^-24·(1 + max|z|)',
  },
};

export function lossTolerance(loss: LossDef): LossTolerance {
  return table[loss.id] ?? simple;
}

/**
 * The contract's bar (and the hidden f32 suite's): 1e-6 relative for values,
 * 1e-5 for partials, in ulps of the correctly rounded f32 result. No loss's
 * forward bound is looser; where f32 cannot meet it (an ill-conditioned
 * point), only the backward criterion (`inputUlps`) accepts the result.
 */
export const VALUE_ULPS = 1e-6 / EPS;
export const PARTIAL_ULPS = 1e-5 / EPS;

/** The comparison tolerance at one point. */
export function toleranceAt(loss: LossDef, output: Output): (point: Point, ref: number) => Tolerance {
  const t = lossTolerance(loss);
  const bar = output === 'value' ? VALUE_ULPS : PARTIAL_ULPS;
  return (point, ref) => ({
    ulps: Math.min(bar, typeof t.ulps === 'number' ? t.ulps : t.ulps(ref)),
    inputUlps: t.inputUlps,
    ...(t.abs ? { abs: t.abs(point, output) } : {}),
  });
}
