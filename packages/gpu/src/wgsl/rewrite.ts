/**
 * Rewrites that matter in f32 but not in f64. `log(1 − p)` is fine in core's
 * f64 (1 − p keeps 53 bits) but in f32 rounding 1 − p alone costs every digit
 * of log(1 − p) for p below 1e-7; `log1p(−p)` loses nothing. Each rule is an
 * identity of real numbers, applied to whatever tree a loss is written as.
 */
import { type CompareOp, type Cond, type Domain, type Expr, ex } from '@losslab/core';

const isOne = (e: Expr): boolean => e.kind === 'const' && e.value === 1;

/** If e is 1 + a (either order) or 1 − a, the a with 1 + a = e. */
function onePlus(e: Expr): Expr | undefined {
  if (e.kind !== 'call') return undefined;
  const [a, b] = e.args as [Expr, Expr];
  if (e.op === 'add') return isOne(a) ? b : isOne(b) ? a : undefined;
  if (e.op === 'sub' && isOne(a)) return ex.neg(b);
  return undefined;
}

function simplifyCall(op: Expr & { kind: 'call' }): Expr {
  const [a, b] = op.args as [Expr, Expr];
  switch (op.op) {
    case 'log': {
      if (a.kind === 'call' && a.op === 'exp') return a.args[0]!;
      if (a.kind === 'call' && a.op === 'sigmoid') return ex.logSigmoid(a.args[0]!);
      // log(1 − σ(z)) = log σ(−z): σ(z) rounds to 1 long before log σ(−z) stops being finite.
      if (a.kind === 'call' && a.op === 'sub' && isOne(a.args[0]!)) {
        const s = a.args[1]!;
        if (s.kind === 'call' && s.op === 'sigmoid') return ex.logSigmoid(ex.neg(s.args[0]!));
      }
      const u = onePlus(a);
      return u ? ex.log1p(u) : op;
    }
    case 'xlogy': {
      const u = onePlus(b);
      return u ? ex.xlog1py(a, u) : op;
    }
    case 'sqrt': {
      // √(1 + a²) and √(a² + b²): hypot never squares into overflow (f32 overflows at 1.8e19²).
      if (a.kind === 'call' && a.op === 'add') {
        const [p, q] = a.args as [Expr, Expr];
        const root = (e: Expr): Expr | undefined =>
          e.kind === 'call' && e.op === 'square' ? e.args[0] : isOne(e) ? ex.c(1) : undefined;
        const rp = root(p);
        const rq = root(q);
        if (rp && rq) return ex.hypot(rp, rq);
      }
      return op;
    }
    case 'sub':
      // e^a − 1 and 1 − e^a: expm1 keeps the digits the subtraction would cancel.
      if (a.kind === 'call' && a.op === 'exp' && isOne(b)) return ex.expm1(a.args[0]!);
      if (isOne(a) && b.kind === 'call' && b.op === 'exp') return ex.neg(ex.expm1(b.args[0]!));
      return op;
    default:
      return op;
  }
}

/** The values a variable can take on the GPU: its domain, within the f32 input policy. */
export interface InputRange {
  /** Smallest and largest value. */
  readonly min: number;
  readonly max: number;
}

const FLT_MIN = 2 ** -126;
const FLT_MAX = 3.4028234663852886e38;

/**
 * A variable's range under the f32 input policy (engine/f32-policy.ts): its
 * domain, with magnitudes at most FLT_MAX, and a domain that excludes 0 from
 * below (c > 0) starting at FLT_MIN, since nonzero inputs below it are refused.
 */
export function f32InputRange(domain: Domain): InputRange {
  if (domain.kind === 'set') return { min: Math.min(...domain.values), max: Math.max(...domain.values) };
  const min = domain.min === 0 && !domain.minInclusive ? FLT_MIN : Math.max(domain.min, -FLT_MAX);
  const max = domain.max === 0 && !domain.maxInclusive ? -FLT_MIN : Math.min(domain.max, FLT_MAX);
  return { min, max };
}

/**
 * A comparison of an input with a constant that its whole f32 range decides:
 * core's f64 regimes for scales beyond f32 (c < 2^-500, c > 2^500) are dead
 * code on the GPU, and are folded away rather than compiled.
 */
function decided(
  op: CompareOp,
  a: Expr,
  b: Expr,
  ranges: Readonly<Record<string, InputRange>>,
): boolean | null {
  const flip: Record<CompareOp, CompareOp> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le', eq: 'eq', ne: 'ne' };
  if (a.kind === 'const' && b.kind === 'var') return decided(flip[op], b, a, ranges);
  if (a.kind !== 'var' || b.kind !== 'const') return null;
  const range = ranges[a.name];
  if (!range) return null;
  const c = b.value;
  const below = range.max < c;
  const above = range.min > c;
  switch (op) {
    case 'lt':
      return below ? true : range.min >= c ? false : null;
    case 'le':
      return range.max <= c ? true : above ? false : null;
    case 'gt':
      return above ? true : range.max <= c ? false : null;
    case 'ge':
      return range.min >= c ? true : below ? false : null;
    case 'eq':
      return below || above ? false : null;
    case 'ne':
      return below || above ? true : null;
  }
}

/**
 * The tree with the f32 rewrites applied bottom-up (shared subtrees stay
 * shared); with `ranges`, comparisons of inputs that their f32 range decides
 * are folded.
 */
export function rewriteForF32(root: Expr, ranges: Readonly<Record<string, InputRange>> = {}): Expr {
  const exprs = new Map<Expr, Expr>();
  const conds = new Map<Cond, ex.CondLike>();
  const expr = (e: Expr): Expr => {
    const hit = exprs.get(e);
    if (hit) return hit;
    let out: Expr;
    switch (e.kind) {
      case 'const':
      case 'var':
        out = e;
        break;
      case 'withGrad':
        // Printers see only the value; partials were taken before this pass.
        out = expr(e.value);
        break;
      case 'select':
        out = ex.select(cond(e.cond), expr(e.then), expr(e.otherwise));
        break;
      case 'call': {
        const rebuilt = ex.call(e.op, ...e.args.map(expr));
        out = rebuilt.kind === 'call' ? simplifyCall(rebuilt) : rebuilt;
        break;
      }
    }
    exprs.set(e, out);
    return out;
  };
  const cond = (c: Cond): ex.CondLike => {
    const hit = conds.get(c);
    if (hit !== undefined) return hit;
    let out: ex.CondLike;
    switch (c.kind) {
      case 'compare': {
        const a = expr(c.a);
        const b = expr(c.b);
        out = decided(c.op, a, b, ranges) ?? ex[c.op](a, b);
        break;
      }
      case 'and':
        out = ex.and(cond(c.a), cond(c.b));
        break;
      case 'or':
        out = ex.or(cond(c.a), cond(c.b));
        break;
      case 'not':
        out = ex.not(cond(c.a));
        break;
      case 'infinite':
        out = ex.isInfinite(expr(c.a));
        break;
    }
    conds.set(c, out);
    return out;
  };
  return expr(root);
}
