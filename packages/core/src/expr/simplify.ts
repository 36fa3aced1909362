/**
 * A rule-driven simplifier that rewrites numerically unstable compositions
 * into the stable primitives (log(1 + x) → log1p(x), log σ(x) → logSigmoid(x),
 * 1 − σ(x) → σ(−x), …) and reports every rewrite it made, so that a caller
 * can tell a user which stable form their formula now uses.
 *
 * Every rule is an identity of real functions; where a rule changes a result
 * in floating point it is because the original loses digits or overflows
 * (log(1 − σ(800)) is −∞, logSigmoid(−800) is −800). Conditions that can
 * never hold for a finite argument (σ(x) = 1) fold to false, so a branch kept
 * for a probability of exactly 1 disappears once that probability is σ of a
 * finite logit.
 *
 * The table is ordered: specific rules come before the general ones they
 * refine (log(1 + exp(x)) → softplus(x) before log(1 + x) → log1p(x)).
 */
import {
  type CondLike,
  c,
  eq,
  expm1,
  ge,
  gt,
  isConst,
  le,
  log1p,
  logSigmoid,
  logSumExp,
  lt,
  mul,
  ne,
  neg,
  select,
  sigmoid,
  softplus,
  sub,
  withGrad,
} from './build.js';
import type { CompareCond, CompareOp, Cond, Expr } from './nodes.js';
import type { PrimitiveName } from './primitives.js';
import { rebuildCall, rebuildCond } from './substitute.js';

/** One rewrite rule: an identity, applied wherever its left side matches. */
export interface RewriteRule {
  /** Stable identifier, e.g. 'log1p'. */
  readonly id: string;
  /** The identity in words, e.g. 'log(1 + x) → log1p(x)'. */
  readonly description: string;
  /** The rewritten expression, or null where the rule does not match. */
  readonly expr?: (e: Expr) => Expr | null;
  /** The rewritten condition (true/false where it is decided), or null where the rule does not match. */
  readonly cond?: (c: CompareCond) => CondLike | null;
}

/** A rewrite that `simplify` applied. */
export interface AppliedRewrite {
  readonly rule: string;
  readonly description: string;
  readonly before: Expr | Cond;
  readonly after: Expr | CondLike;
}

export interface Simplified {
  readonly expr: Expr;
  readonly rewrites: readonly AppliedRewrite[];
}

type Call = Expr & { kind: 'call' };

function callOf(e: Expr, op: PrimitiveName): Call | null {
  return e.kind === 'call' && e.op === op ? e : null;
}

/** The argument of `op(x)`, or null. */
function argOf(e: Expr, op: PrimitiveName): Expr | null {
  return callOf(e, op)?.args[0] ?? null;
}

/** For `1 + x` or `x + 1`: x. */
function onePlus(e: Expr): Expr | null {
  const sum = callOf(e, 'add');
  if (!sum) return null;
  const [a, b] = sum.args as [Expr, Expr];
  if (isConst(a, 1)) return b;
  if (isConst(b, 1)) return a;
  return null;
}

/** For `1 − x`: x. */
function oneMinus(e: Expr): Expr | null {
  const d = callOf(e, 'sub');
  return d && isConst(d.args[0]!, 1) ? d.args[1]! : null;
}

/** For `−σ(x)`: x. */
function negSigmoid(e: Expr): Expr | null {
  const inner = argOf(e, 'neg');
  return inner ? argOf(inner, 'sigmoid') : null;
}

const mirrored: Record<CompareOp, CompareOp> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le', eq: 'eq', ne: 'ne' };

/** A comparison written as `σ(x) op k` with k a constant (either side), or null. */
function sigmoidVersus(cond: CompareCond): { x: Expr; op: CompareOp; k: number } | null {
  const left = argOf(cond.a, 'sigmoid');
  if (left && cond.b.kind === 'const') return { x: left, op: cond.op, k: cond.b.value };
  const right = argOf(cond.b, 'sigmoid');
  if (right && cond.a.kind === 'const') return { x: right, op: mirrored[cond.op], k: cond.a.value };
  return null;
}

/**
 * The rules, in the order they are tried at each node. Exported so that
 * tools can list what the simplifier knows.
 */
export const rewriteRules: readonly RewriteRule[] = [
  {
    id: 'softplus',
    description: 'log(1 + exp(x)) → softplus(x)',
    expr: (e) => {
      const inner = argOf(e, 'log1p') ?? onePlusOf(argOf(e, 'log'));
      const x = inner ? argOf(inner, 'exp') : null;
      return x ? softplus(x) : null;
    },
  },
  {
    id: 'logsumexp',
    description: 'log(exp(a) + exp(b)) → logSumExp(a, b)',
    expr: (e) => {
      const inner = argOf(e, 'log');
      const sum = inner ? callOf(inner, 'add') : null;
      if (!sum) return null;
      const a = argOf(sum.args[0]!, 'exp');
      const b = argOf(sum.args[1]!, 'exp');
      return a && b ? logSumExp(a, b) : null;
    },
  },
  {
    id: 'log-sigmoid',
    description: 'log(σ(x)) → logSigmoid(x)',
    expr: (e) => {
      const inner = argOf(e, 'log');
      const x = inner ? argOf(inner, 'sigmoid') : null;
      return x ? logSigmoid(x) : null;
    },
  },
  {
    id: 'log-one-minus-sigmoid',
    description: 'log(1 − σ(x)) = log1p(−σ(x)) → logSigmoid(−x)',
    expr: (e) => {
      const viaLog = argOf(e, 'log');
      const t = viaLog ? oneMinus(viaLog) : null;
      const x = (t ? argOf(t, 'sigmoid') : null) ?? negSigmoidOf(argOf(e, 'log1p'));
      return x ? logSigmoid(neg(x)) : null;
    },
  },
  {
    id: 'xlogy-sigmoid',
    description: 'a·log(σ(x)) → a·logSigmoid(x)',
    expr: (e) => {
      const call = callOf(e, 'xlogy');
      const x = call ? argOf(call.args[1]!, 'sigmoid') : null;
      return call && x ? mul(call.args[0]!, logSigmoid(x)) : null;
    },
  },
  {
    id: 'xlog1py-sigmoid',
    description: 'a·log(1 − σ(x)) → a·logSigmoid(−x)',
    expr: (e) => {
      const call = callOf(e, 'xlog1py');
      const x = call ? negSigmoid(call.args[1]!) : null;
      return call && x ? mul(call.args[0]!, logSigmoid(neg(x))) : null;
    },
  },
  {
    id: 'log1p',
    description: 'log(1 + x) → log1p(x)',
    expr: (e) => {
      const inner = argOf(e, 'log');
      if (!inner) return null;
      const x = onePlus(inner);
      if (x) return log1p(x);
      const y = oneMinus(inner);
      return y ? log1p(neg(y)) : null;
    },
  },
  {
    id: 'expm1',
    description: 'exp(x) − 1 → expm1(x)',
    expr: (e) => {
      const d = callOf(e, 'sub');
      if (d && isConst(d.args[1]!, 1)) {
        const x = argOf(d.args[0]!, 'exp');
        return x ? expm1(x) : null;
      }
      if (d && isConst(d.args[0]!, 1)) {
        const x = argOf(d.args[1]!, 'exp');
        return x ? neg(expm1(x)) : null;
      }
      const s = callOf(e, 'add');
      if (!s) return null;
      const [a, b] = s.args as [Expr, Expr];
      const x = isConst(b, -1) ? argOf(a, 'exp') : isConst(a, -1) ? argOf(b, 'exp') : null;
      return x ? expm1(x) : null;
    },
  },
  {
    id: 'sigmoid',
    description: '1/(1 + exp(−x)) → σ(x)',
    expr: (e) => {
      const q = callOf(e, 'div');
      if (!q || !isConst(q.args[0]!, 1)) return null;
      const inner = onePlus(q.args[1]!);
      const minusX = inner ? argOf(inner, 'exp') : null;
      return minusX ? sigmoid(neg(minusX)) : null;
    },
  },
  {
    id: 'one-minus-sigmoid',
    description: '1 − σ(x) → σ(−x)',
    expr: (e) => {
      const t = oneMinus(e);
      const x = t ? argOf(t, 'sigmoid') : null;
      return x ? sigmoid(neg(x)) : null;
    },
  },
  {
    id: 'sigmoid-minus-target',
    description: 'σ(x) − t → (1 − t) − σ(−x) where t ≥ ½',
    expr: (e) => {
      const d = callOf(e, 'sub');
      if (!d) return null;
      const [a, b] = d.args as [Expr, Expr];
      const x = argOf(a, 'sigmoid');
      if (x && !(b.kind === 'const' && !(b.value >= 0.5))) {
        // σ(x) − t = (1 − t) − σ(−x): for t near 1 the difference is σ(−x)'s, not 1 − 1.
        // Below ½ it stays σ(x) − t, spelled −(t − σ(x)) (the same double) so no rule matches it again.
        const stable = sub(sub(1, b), sigmoid(neg(x)));
        return b.kind === 'const' ? stable : select(ge(b, 0.5), stable, neg(sub(b, a)));
      }
      return null;
    },
  },
  {
    id: 'sigmoid-range',
    description: 'σ(x) = 0 and σ(x) = 1 never hold: 0 < σ(x) < 1 for finite x',
    cond: (cond) => {
      const m = sigmoidVersus(cond);
      if (!m || !(m.k <= 0 || m.k >= 1)) return null;
      // σ(x) lies strictly between 0 and 1, so it compares with k ≤ 0 as with −∞ and with k ≥ 1 as with +∞.
      const below = m.k <= 0; // σ(x) > k
      switch (m.op) {
        case 'eq':
          return false;
        case 'ne':
          return true;
        case 'lt':
        case 'le':
          return !below;
        case 'gt':
        case 'ge':
          return below;
      }
    },
  },
  {
    id: 'sigmoid-half',
    description: 'σ(x) compared with ½ → x compared with 0',
    cond: (cond) => {
      const m = sigmoidVersus(cond);
      if (m?.k !== 0.5) return null;
      return compareWith(m.op, m.x, c(0));
    },
  },
];

function onePlusOf(e: Expr | null): Expr | null {
  return e ? onePlus(e) : null;
}

function negSigmoidOf(e: Expr | null): Expr | null {
  return e ? negSigmoid(e) : null;
}

const compareBuilders: Record<CompareOp, (a: Expr, b: Expr) => CondLike> = { lt, le, gt, ge, eq, ne };
function compareWith(op: CompareOp, a: Expr, b: Expr): CondLike {
  return compareBuilders[op](a, b);
}

/**
 * `e` rewritten by `rules` wherever they match, to a fixed point, with the
 * list of rewrites applied. Should a rule's result contain the very node it
 * rewrote, that copy is left as it is, so no rule loops.
 */
export function simplify(e: Expr, rules: readonly RewriteRule[] = rewriteRules): Simplified {
  const rewrites: AppliedRewrite[] = [];
  const exprRules = rules.filter((r) => r.expr);
  const condRules = rules.filter((r) => r.cond);
  const memo = new Map<Expr, Expr>();
  const condMemo = new Map<Cond, CondLike>();
  const inProgress = new Set<Expr>();

  /** The first rule that rewrites e, applied and recorded; null where none does. */
  const rewrite = (e: Expr): Expr | null => {
    for (const rule of exprRules) {
      const next = rule.expr!(e);
      if (next && next !== e) {
        rewrites.push({ rule: rule.id, description: rule.description, before: e, after: next });
        return next;
      }
    }
    return null;
  };

  // Rules are tried on a node as written first, so the most specific identity wins
  // (log(1 − σ(x)) is one rewrite, not 1 − σ(x) → σ(−x) and then log σ), and again
  // once its children are simplified.
  const visit = (n: Expr): Expr => {
    const done = memo.get(n);
    if (done) return done;
    if (inProgress.has(n)) return n;
    inProgress.add(n);
    let result: Expr;
    const direct = rewrite(n);
    if (direct) result = visit(direct);
    else {
      const rebuilt = rebuild(n);
      inProgress.add(rebuilt);
      const next = rebuilt === n ? null : rewrite(rebuilt);
      result = next ? visit(next) : rebuilt;
      inProgress.delete(rebuilt);
      if (rebuilt !== n) memo.set(rebuilt, result);
    }
    inProgress.delete(n);
    memo.set(n, result);
    return result;
  };

  const rebuild = (n: Expr): Expr => {
    switch (n.kind) {
      case 'const':
      case 'var':
        return n;
      case 'call':
        return rebuildCall(n.op, n.args.map(visit));
      case 'select':
        return select(visitCond(n.cond), visit(n.then), visit(n.otherwise));
      case 'withGrad': {
        // Rewrites preserve the function, so the explicit partials stay valid; they are simplified too.
        const partials: Record<string, Expr> = {};
        for (const [name, p] of Object.entries(n.partials)) partials[name] = visit(p);
        return withGrad(visit(n.value), partials);
      }
    }
  };

  const visitCond = (cond: Cond): CondLike => {
    const done = condMemo.get(cond);
    if (done !== undefined) return done;
    let result = rebuildCond(cond, visit, visitCond);
    for (let round = 0; round < 8 && typeof result !== 'boolean' && result.kind === 'compare'; round++) {
      const current: CompareCond = result;
      let next: CondLike | null = null;
      for (const rule of condRules) {
        next = rule.cond!(current);
        if (next !== null && next !== current) {
          rewrites.push({ rule: rule.id, description: rule.description, before: current, after: next });
          break;
        }
        next = null;
      }
      if (next === null) break;
      result = next;
    }
    condMemo.set(cond, result);
    return result;
  };

  return { expr: visit(e), rewrites };
}
