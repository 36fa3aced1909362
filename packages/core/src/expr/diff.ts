/**
 * Symbolic differentiation of expression trees.
 *
 * Kinks follow the catalog: where 0 is a subgradient the derivative is 0
 * (|x| at 0, max(0, x) at 0, the pinball loss at r = 0); where two equal
 * terms of a max (or min) are both active and 0 is not a subgradient, the
 * gradient splits evenly between them (crammer_singer at z2 = z3). Deciding
 * "0 is a subgradient" needs the whole gradient of both terms, so `max` looks
 * at the partials with respect to every variable, not just the one asked for.
 */
import {
  abs,
  add,
  all,
  and,
  any,
  type CondLike,
  c,
  call,
  div,
  eq,
  exp,
  expmul,
  gt,
  HALF,
  isConst,
  log,
  log1p,
  lt,
  mul,
  neg,
  pow,
  select,
  sigmoid,
  sub,
  sum,
  TWO,
  xlogy,
  ZERO,
} from './build.js';
import type { CallNode, Expr } from './nodes.js';
import type { PrimitiveName } from './primitives.js';

/** Differentiates trees with respect to a fixed set of variables, memoizing shared subtrees. */
export class Differentiator {
  private readonly memo = new Map<string, Map<Expr, Expr>>();

  /** @param variables every continuous variable: the space in which tie rules look for a zero subgradient */
  constructor(readonly variables: readonly string[]) {
    for (const name of variables) this.memo.set(name, new Map());
  }

  diff(e: Expr, name: string): Expr {
    const table = this.memo.get(name);
    if (!table) throw new Error(`cannot differentiate with respect to ${name}: not a continuous variable`);
    const cached = table.get(e);
    if (cached) return cached;
    const d = this.compute(e, name);
    table.set(e, d);
    return d;
  }

  /** The partials of `e` with respect to every variable, in order. */
  gradient(e: Expr): Expr[] {
    return this.variables.map((name) => this.diff(e, name));
  }

  private compute(e: Expr, name: string): Expr {
    switch (e.kind) {
      case 'const':
        return ZERO;
      case 'var':
        return e.name === name ? c(1) : ZERO;
      case 'select':
        return select(e.cond, this.diff(e.then, name), this.diff(e.otherwise, name));
      case 'withGrad':
        return e.partials[name] ?? this.diff(e.value, name);
      case 'call':
        return this.callDerivative(e, name);
    }
  }

  private callDerivative(e: CallNode, name: string): Expr {
    const args = e.args;
    const d = (i: number): Expr => this.diff(args[i]!, name);
    const a = args[0]!;
    const b = args[1]!;
    const op: PrimitiveName = e.op;
    switch (op) {
      case 'add':
        return add(d(0), d(1));
      case 'sum3':
        return sum(d(0), d(1), d(2));
      case 'sub':
        return sub(d(0), d(1));
      case 'mul':
        return add(mul(d(0), b), mul(a, d(1)));
      case 'div': {
        // (a' − (a/b)·b')/b avoids squaring b, which would overflow early.
        const da = d(0);
        const db = d(1);
        if (isConst(db, 0)) return div(da, b);
        return div(sub(da, mul(e, db)), b);
      }
      case 'neg':
        return neg(d(0));
      case 'abs': {
        const da = d(0);
        return select(gt(a, 0), da, select(lt(a, 0), neg(da), ZERO));
      }
      case 'square':
        return mul(mul(TWO, a), d(0));
      case 'sqrt': {
        // √(p + t²): (t/√(p + t²))·t′, the ratio first: 2t·t′ overflows long
        // before the derivative does (f32 at t = 1e17, t′ = 1e21).
        if (a.kind === 'call' && a.op === 'add') {
          const [p, q] = a.args as [Expr, Expr];
          const sq = [p, q].find((x) => x.kind === 'call' && x.op === 'square');
          if (sq?.kind === 'call') {
            const other = sq === p ? q : p;
            const t = sq.args[0]!;
            return add(div(this.diff(other, name), mul(TWO, e)), mul(div(t, e), this.diff(t, name)));
          }
        }
        return div(d(0), mul(TWO, e));
      }
      case 'hypot':
        // (a/h)·a′ + (b/h)·b′: ratios first, as for √(p + t²).
        return select(eq(e, 0), ZERO, add(mul(div(a, e), d(0)), mul(div(b, e), d(1))));
      case 'pow': {
        // ∂/∂a: b·a^(b−1), 0 where b = 0 (the function is constant 1 there).
        // ∂/∂b: a^b·log a, 0 where a^b = 0 (xlogy's convention).
        const da = d(0);
        const db = d(1);
        const byBase = isConst(da, 0) ? ZERO : mul(select(eq(b, 0), ZERO, mul(b, pow(a, sub(b, 1)))), da);
        const byExponent = isConst(db, 0) ? ZERO : mul(xlogy(e, a), db);
        return add(byBase, byExponent);
      }
      case 'exp':
        // eᵃ·a′ as one primitive: finite wherever the product is, although eᵃ
        // may have overflowed (or underflowed) on its own.
        return expmul(a, d(0));
      case 'expmul': {
        // (w·eᵃ)′ = eᵃ·(w′ + w·a′)
        if (args.length === 2) return expmul(a, add(d(1), mul(b, d(0))));
        // (w₁⋯wₙ·eᵃ)′ = Σᵢ eᵃ·w₁⋯wᵢ′⋯wₙ + eᵃ·w₁⋯wₙ·a′, each term one expmul with the factors of a′
        // as weights of their own: the weights are never multiplied out where they could over- or
        // underflow.
        const ws = args.slice(1);
        const terms = ws.map((w, i) => {
          const others = ws.filter((_, j) => j !== i);
          const term = expmul(a, ...others, this.diff(w, name));
          // A weight log u differentiates to u′/u, and 1/u overflows f64 for a subnormal u
          // (focal's −α(1 − pt)^γ·log pt: ∂pt = −α/pt = −1 at α = pt = 5e-324, not −∞). There the
          // 1/u goes into the exponent: e^(a − log u)·u′, finite wherever the term is. At u = 0 the
          // weight form stays (the value is infinite there, or its weight 0).
          if (w.kind !== 'call' || w.op !== 'log' || isQuotient(w.args[0]!)) return term;
          const u = w.args[0]!;
          const du = this.diff(u, name);
          if (isConst(du, 0)) return term;
          const subnormal = all(gt(abs(u), 0), lt(abs(u), SUBNORMAL_RECIPROCAL));
          return select(subnormal, expmul(sub(a, log(u)), ...others, ...factors(du)), term);
        });
        terms.push(expmul(a, ...ws, ...factors(d(0))));
        return sum(...terms);
      }
      case 'expm1':
        return expmul(a, d(0));
      case 'log': {
        // log|p/q| and log(p/q): p′/p − q′/q. Through the quotient the chain rule forms
        // (p/q)′ = (p′ − (p/q)·q′)/q, which overflows where p/q is large and q small
        // (f32: r/c = 1e20 at c = 2^-64 gives r/c² = 2e39), while the logarithm's partial is −1/c.
        const quotient = a.kind === 'call' && a.op === 'abs' ? a.args[0]! : a;
        if (quotient.kind === 'call' && quotient.op === 'div') {
          const [p, q] = quotient.args as [Expr, Expr];
          return sub(div(this.diff(p, name), p), div(this.diff(q, name), q));
        }
        return div(d(0), a);
      }
      case 'log1p':
        return div(d(0), add(a, 1));
      case 'log1pmx':
        // 1/(1 + x) − 1 = −x/(1 + x): no cancellation near 0.
        return mul(div(neg(a), add(a, 1)), d(0));
      case 'exprel':
        return mul(call('dexprel', a), d(0));
      case 'dexprel':
        throw new Error('dexprel is the derivative of exprel; second derivatives are not supported');
      case 'softplus':
        return mul(sigmoid(a), d(0));
      case 'sigmoid':
        return mul(mul(e, sigmoid(neg(a))), d(0));
      case 'logSigmoid':
        return mul(sigmoid(neg(a)), d(0));
      case 'tanh': {
        // sech² as 4σ(2a)σ(−2a): no cancellation in 1 − tanh² at large |a|.
        const twoA = mul(TWO, a);
        return mul(mul(c(4), mul(sigmoid(twoA), sigmoid(neg(twoA)))), d(0));
      }
      case 'logCosh':
        return mul(call('tanh', a), d(0));
      case 'xlogy': {
        // ∂/∂x: log y; ∂/∂y: x/y, 0 where x = 0.
        const dx = d(0);
        const dy = d(1);
        const byX = isConst(dx, 0) ? ZERO : mul(log(b), dx);
        const byY = isConst(dy, 0) ? ZERO : mul(select(eq(a, 0), ZERO, div(a, b)), dy);
        return add(byX, byY);
      }
      case 'xlog1py': {
        const dx = d(0);
        const dy = d(1);
        const byX = isConst(dx, 0) ? ZERO : mul(log1p(b), dx);
        const byY = isConst(dy, 0) ? ZERO : mul(select(eq(a, 0), ZERO, div(a, add(b, 1))), dy);
        return add(byX, byY);
      }
      case 'logSumExp':
        // softmax weights exp(xᵢ − lse): each in [0, 1], no overflow.
        return sum(...args.map((x, i) => mul(exp(sub(x, e)), d(i))));
      case 'max':
        return this.extremumDerivative(a, b, name, 'max');
      case 'min':
        return this.extremumDerivative(a, b, name, 'min');
    }
  }

  private extremumDerivative(a: Expr, b: Expr, name: string, which: 'max' | 'min'): Expr {
    const da = this.diff(a, name);
    const db = this.diff(b, name);
    if (da === db) return da;
    const gradA = this.gradient(a);
    const gradB = this.gradient(b);
    const tie = select(zeroInHull(gradA, gradB), ZERO, mul(HALF, add(da, db)));
    const aWins = which === 'max' ? gt(a, b) : lt(a, b);
    const bWins = which === 'max' ? lt(a, b) : gt(a, b);
    return select(aWins, da, select(bWins, db, tie));
  }
}

/** Below this magnitude 1/u overflows f64 (2^-1024); f32 never gets here (its inputs stop at 2^-126). */
const SUBNORMAL_RECIPROCAL = 2 ** -1020;

/** log's argument as a quotient (or |quotient|): the log rule then takes p′/p − q′/q instead of u′/u. */
function isQuotient(u: Expr): boolean {
  const q = u.kind === 'call' && u.op === 'abs' ? u.args[0]! : u;
  return q.kind === 'call' && q.op === 'div';
}

/** The factors of a product tree (mul nodes flattened), or the tree itself. */
function factors(e: Expr): Expr[] {
  return e.kind === 'call' && e.op === 'mul' ? e.args.flatMap(factors) : [e];
}

/**
 * Is the zero vector on the segment between gradients g and h? True when
 * either is zero, or they point in exactly opposite directions (every 2×2
 * minor vanishes and their dot product is negative).
 */
function zeroInHull(g: readonly Expr[], h: readonly Expr[]): CondLike {
  const isZero = (xs: readonly Expr[]): CondLike => all(...xs.map((x) => eq(x, 0)));
  const minors: CondLike[] = [];
  for (let i = 0; i < g.length; i++) {
    for (let j = i + 1; j < g.length; j++) {
      minors.push(eq(mul(g[i]!, h[j]!), mul(g[j]!, h[i]!)));
    }
  }
  const dot = sum(...g.map((gi, i) => mul(gi, h[i]!)));
  const opposite = and(lt(dot, 0), all(...minors));
  return any(isZero(g), isZero(h), opposite);
}
