/**
 * Substitution of expressions for variables, rebuilt through build.ts's
 * constructors so that every fold and simplification applies to the result
 * (substituting a constant folds whole subtrees away).
 *
 * A `withGrad` node carries explicit partials with respect to the variables of
 * the tree it was written in. After substitution those variables are
 * expressions in new ones, so its partials are carried over by the chain rule:
 * ∂/∂u = Σ over the old variables v of (∂value/∂v)·(∂binding(v)/∂u), where
 * ∂value/∂v is the explicit partial when one is given and the derivative of
 * the value otherwise. A term whose binding does not depend on u is a
 * structural zero and drops out: an explicit +∞ (general_robust's ∂α at α = 2)
 * never meets a 0 to make NaN.
 */
import {
  add,
  and,
  type CondLike,
  call,
  div,
  eq,
  expmul,
  ge,
  gt,
  isInfinite,
  le,
  lt,
  mul,
  ne,
  neg,
  not,
  or,
  pow,
  select,
  sub,
  sum,
  v,
  withGrad,
  xlog1py,
  xlogy,
} from './build.js';
import { Differentiator } from './diff.js';
import { type CompareOp, type Cond, type Expr, freeVariables } from './nodes.js';
import type { PrimitiveName } from './primitives.js';

export type Bindings = Readonly<Record<string, Expr>>;

const comparisons: Record<CompareOp, (a: Expr, b: Expr) => CondLike> = { lt, le, gt, ge, eq, ne };

/**
 * A primitive call rebuilt through the constructor that folds it: the
 * arithmetic ones simplify (x·1, x + 0, −(−x)), the rest fold constants.
 */
export function rebuildCall(op: PrimitiveName, args: readonly Expr[]): Expr {
  const [a, b] = args as [Expr, Expr];
  switch (op) {
    case 'add':
      return add(a, b);
    case 'sub':
      return sub(a, b);
    case 'mul':
      return mul(a, b);
    case 'div':
      return div(a, b);
    case 'neg':
      return neg(a);
    case 'pow':
      return pow(a, b);
    case 'xlogy':
      return xlogy(a, b);
    case 'xlog1py':
      return xlog1py(a, b);
    case 'expmul':
      return expmul(a, ...args.slice(1));
    default:
      return call(op, ...args);
  }
}

/** A comparison or logical condition rebuilt from new parts (constant comparisons fold to booleans). */
export function rebuildCond(c: Cond, part: (e: Expr) => Expr, inner: (c: Cond) => CondLike): CondLike {
  switch (c.kind) {
    case 'compare':
      return comparisons[c.op](part(c.a), part(c.b));
    case 'and':
      return and(inner(c.a), inner(c.b));
    case 'or':
      return or(inner(c.a), inner(c.b));
    case 'not':
      return not(inner(c.a));
    case 'infinite':
      return isInfinite(part(c.a));
  }
}

/**
 * `e` with each bound variable replaced by its binding. Unbound variables stay
 * as they are; bindings may mention any variables, bound names included
 * (substitution is simultaneous, not repeated).
 */
export function substitute(e: Expr, bindings: Bindings): Expr {
  const exprMemo = new Map<Expr, Expr>();
  const condMemo = new Map<Cond, CondLike>();
  const bindingOf = (name: string): Expr => bindings[name] ?? v(name);

  const visit = (n: Expr): Expr => {
    const seen = exprMemo.get(n);
    if (seen) return seen;
    let result: Expr;
    switch (n.kind) {
      case 'const':
        result = n;
        break;
      case 'var':
        result = bindings[n.name] ?? n;
        break;
      case 'call':
        result = rebuildCall(n.op, n.args.map(visit));
        break;
      case 'select':
        result = select(visitCond(n.cond), visit(n.then), visit(n.otherwise));
        break;
      case 'withGrad':
        result = carryPartials(n, visit, bindingOf);
        break;
    }
    exprMemo.set(n, result);
    return result;
  };
  const visitCond = (c: Cond): CondLike => {
    const seen = condMemo.get(c);
    if (seen !== undefined) return seen;
    const result = rebuildCond(c, visit, visitCond);
    condMemo.set(c, result);
    return result;
  };
  return visit(e);
}

/** A withGrad node after substitution: its value substituted, its partials by the chain rule. */
function carryPartials(
  n: Expr & { kind: 'withGrad' },
  visit: (e: Expr) => Expr,
  bindingOf: (name: string) => Expr,
): Expr {
  const value = visit(n.value);
  // The node's own variables: those its value and partials mention.
  const oldVars = [...new Set([...freeVariables(n.value), ...Object.keys(n.partials)])];
  const oldDiff = new Differentiator(oldVars);
  const oldPartial = (name: string): Expr => visit(n.partials[name] ?? oldDiff.diff(n.value, name));
  const newVars = [...new Set(oldVars.flatMap((name) => freeVariables(bindingOf(name))))];
  const newDiff = new Differentiator(newVars);
  const partials: Record<string, Expr> = {};
  for (const u of newVars) {
    const terms: Expr[] = [];
    for (const name of oldVars) {
      const inner = newDiff.diff(bindingOf(name), u);
      if (inner.kind === 'const' && inner.value === 0) continue;
      terms.push(mul(oldPartial(name), inner));
    }
    partials[u] = sum(...terms);
  }
  return withGrad(value, partials);
}
