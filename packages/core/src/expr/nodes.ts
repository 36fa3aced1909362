/**
 * The expression tree every loss is written in. It is the single source of
 * truth for the math: the JS compiler (this package) and the WGSL generator
 * (@losslab/gpu) both print it, and `diff` differentiates it.
 *
 * Nodes are immutable and hash-consed (see `build.ts`): structurally equal
 * subtrees are the same object, so printers can share common subexpressions
 * by identity.
 */
import type { PrimitiveName } from './primitives.js';

export type CompareOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

export type Expr = ConstNode | VarNode | CallNode | SelectNode | WithGradNode;

export interface ConstNode {
  readonly kind: 'const';
  readonly value: number;
  readonly key: string;
}

export interface VarNode {
  readonly kind: 'var';
  readonly name: string;
  readonly key: string;
}

/** A primitive applied to arguments; the primitive's arity is checked when built. */
export interface CallNode {
  readonly kind: 'call';
  readonly op: PrimitiveName;
  readonly args: readonly Expr[];
  readonly key: string;
}

/** `cond ? then : otherwise`, evaluated lazily in spirit: the untaken branch never leaks NaN. */
export interface SelectNode {
  readonly kind: 'select';
  readonly cond: Cond;
  readonly then: Expr;
  readonly otherwise: Expr;
  readonly key: string;
}

/**
 * A value whose partial derivatives are given explicitly for some variables
 * (the rest are derived from `value`). Printers see only `value`. Used where a
 * branch handles a removable singularity and the derivative of that branch is
 * not the derivative of the function (general_robust at alpha = 2).
 */
export interface WithGradNode {
  readonly kind: 'withGrad';
  readonly value: Expr;
  readonly partials: Readonly<Record<string, Expr>>;
  readonly key: string;
}

export type Cond = CompareCond | LogicCond | NotCond | InfiniteCond;

export interface CompareCond {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly a: Expr;
  readonly b: Expr;
  readonly key: string;
}

export interface LogicCond {
  readonly kind: 'and' | 'or';
  readonly a: Cond;
  readonly b: Cond;
  readonly key: string;
}

export interface NotCond {
  readonly kind: 'not';
  readonly a: Cond;
  readonly key: string;
}

/**
 * |a| = ∞. A node of its own rather than a comparison with an infinite
 * constant, so that each target can spell it as the test it trusts (a bit
 * test in WGSL, where a fast-math compiler may fold comparisons with ∞).
 */
export interface InfiniteCond {
  readonly kind: 'infinite';
  readonly a: Expr;
  readonly key: string;
}

/** Every variable a tree mentions, in first-seen order. */
export function freeVariables(e: Expr): string[] {
  const seen = new Set<string>();
  const visitedExpr = new Set<Expr>();
  const visitedCond = new Set<Cond>();
  const walk = (n: Expr): void => {
    if (visitedExpr.has(n)) return;
    visitedExpr.add(n);
    if (n.kind === 'var') seen.add(n.name);
    else if (n.kind === 'call') n.args.forEach(walk);
    else if (n.kind === 'withGrad') {
      walk(n.value);
      Object.values(n.partials).forEach(walk);
    } else if (n.kind === 'select') {
      walkCond(n.cond);
      walk(n.then);
      walk(n.otherwise);
    }
  };
  const walkCond = (c: Cond): void => {
    if (visitedCond.has(c)) return;
    visitedCond.add(c);
    if (c.kind === 'compare') {
      walk(c.a);
      walk(c.b);
    } else if (c.kind === 'not') walkCond(c.a);
    else if (c.kind === 'infinite') walk(c.a);
    else {
      walkCond(c.a);
      walkCond(c.b);
    }
  };
  walk(e);
  return [...seen];
}
