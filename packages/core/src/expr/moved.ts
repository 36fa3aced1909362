/**
 * A tree evaluated at a moved point, with its partials taken at that point.
 *
 * Where a loss is evaluated at exactly rescaled arguments (2^600·P for a
 * subnormal precision, 2^500·c for a tiny scale), differentiating the
 * rescaled tree with respect to the original variable puts the constant 2^600
 * at the leaves of the chain rule, where it meets 1/x and overflows although
 * every partial is finite. Written with placeholder variables, differentiated
 * with respect to those and then substituted, the partials are taken at the
 * moved point itself; the caller scales them back by the (exact) factor.
 */
import { Differentiator } from './diff.js';
import type { Expr } from './nodes.js';
import { substitute } from './substitute.js';

export interface MovedPoint {
  /** The body at the moved point. */
  readonly value: Expr;
  /** ∂body/∂placeholder at the moved point, for each placeholder. */
  readonly partials: Readonly<Record<string, Expr>>;
}

/**
 * @param body a tree in the placeholders (and possibly other variables)
 * @param at each placeholder's moved value
 * @param others the body's other continuous variables (diff's tie rules look at every partial)
 */
export function atMovedPoint(
  body: Expr,
  at: Readonly<Record<string, Expr>>,
  others: readonly string[] = [],
): MovedPoint {
  const names = Object.keys(at);
  const diff = new Differentiator([...names, ...others]);
  const partials: Record<string, Expr> = {};
  for (const name of names) partials[name] = substitute(diff.diff(body, name), at);
  return { value: substitute(body, at), partials };
}
