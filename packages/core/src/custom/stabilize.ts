/**
 * The stabilising rewrite step of a custom formula: one call, `stabilize`,
 * which is core's simplifier (`src/expr/simplify.ts`). It rewrites the
 * textbook-unstable patterns it knows — log(1 + x) → log1p(x),
 * exp(x) − 1 → expm1(x), log(sigmoid(x)) → logsigmoid(x),
 * log(exp(a) + exp(b)) → logsumexp(a, b), … — and reports each rewrite, so
 * the editor can show the user the stable form their formula now computes.
 * The rewrites flow into `LossDef.source.rewrites`.
 *
 * A formula typed in the catalog's own careful arrangement contains none of
 * these patterns, so it keeps its tree (and hash-consing still gives the
 * catalog's very node: test/custom/agreement.test.ts).
 */
import type { Expr } from '../expr/nodes.js';
import { type AppliedRewrite, simplify } from '../expr/simplify.js';

export type { AppliedRewrite };

export interface Stabilized {
  readonly expr: Expr;
  readonly rewrites: readonly AppliedRewrite[];
}

export function stabilize(expr: Expr): Stabilized {
  const { expr: stable, rewrites } = simplify(expr);
  return { expr: stable, rewrites };
}
