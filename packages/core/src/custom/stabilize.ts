/**
 * The stabilising rewrite step of a custom formula: one call, `stabilize`.
 *
 * INTEGRATION POINT (issue 9, branch core-landscape): core's simplifier,
 * `simplify(e: Expr): { expr: Expr; rewrites: readonly AppliedRewrite[] }`
 * in `src/expr/simplify.ts`, knows the textbook-unstable patterns
 * (log(1 + x) → log1p(x), exp(x) − 1 → expm1(x), log(sigmoid(x)) →
 * logsigmoid(x), log(exp(a) + exp(b)) → logsumexp(a, b), …). It has not
 * landed on main yet; until it does this step applies no rewrites, and
 * custom formulas are computed as typed. When it lands: re-export its
 * `AppliedRewrite` type here and make `stabilize` call `simplify` — nothing
 * else in custom/ changes (the rewrites already flow into
 * `LossDef.source.rewrites`).
 */
import type { CondLike } from '../expr/build.js';
import type { Cond, Expr } from '../expr/nodes.js';

/**
 * One rewrite the simplifier made: which rule ('log1p'), the identity in
 * words ('log(1 + x) → log1p(x)'), and the subtree before and after. The
 * shape of simplify.ts's AppliedRewrite on branch core-landscape, so that
 * integrating it changes no consumer.
 */
export interface AppliedRewrite {
  readonly rule: string;
  readonly description: string;
  readonly before: Expr | Cond;
  readonly after: Expr | CondLike;
}

export interface Stabilized {
  readonly expr: Expr;
  readonly rewrites: readonly AppliedRewrite[];
}

export function stabilize(expr: Expr): Stabilized {
  return { expr, rewrites: [] };
}
