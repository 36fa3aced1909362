/**
 * Where a computed ±∞ is the exact value and where it is only an overflow.
 *
 * The catalog's partials are NaN where the value is infinite in exact
 * arithmetic (bce at p = 0, gan_minimax at d = 1), but where the exact value
 * is finite and only its floating-point result overflowed (mse at r = 1e200)
 * they are the ordinary, correctly rounded partials. A tree tells the two
 * apart structurally: a node's value can be infinite in exact arithmetic only
 * if an operand is (an infinite constant, or a node that is itself exactly
 * infinite), or if it is a primitive evaluated at one of its poles (log 0,
 * x/0, 0^(−1)). Every other ±∞ came from finite exact operands through an
 * entire function (sums, products, exp, …): an overflow.
 *
 * The same rule holds in any precision (f64 here, f32 on the GPU), because it
 * speaks of the exact value, not of the format: e^800 is an overflow in both.
 */
import { and, type CondLike, eq, isInfinite, lt, not, or } from './build.js';
import type { Expr } from './nodes.js';
import type { PrimitiveName } from './primitives.js';

type Pole = ((args: readonly Expr[]) => CondLike) | null;

/**
 * Each primitive's poles: where it is infinite at finite arguments in exact
 * arithmetic (null: nowhere, the primitive is finite wherever its arguments
 * are). A `Record`, so a new primitive fails to compile until it says.
 */
export const primitivePoles: Record<PrimitiveName, Pole> = {
  add: null,
  sum3: null,
  sub: null,
  mul: null,
  div: ([, b]) => eq(b!, 0),
  neg: null,
  abs: null,
  max: null,
  min: null,
  square: null,
  sqrt: null,
  hypot: null,
  pow: ([a, b]) => and(eq(a!, 0), lt(b!, 0)),
  exp: null,
  expmul: null,
  expm1: null,
  log: ([a]) => eq(a!, 0),
  log1p: ([a]) => eq(a!, -1),
  log1pmx: ([a]) => eq(a!, -1),
  exprel: null,
  dexprel: null,
  softplus: null,
  sigmoid: null,
  logSigmoid: null,
  tanh: null,
  logCosh: null,
  xlogy: ([, y]) => eq(y!, 0),
  xlog1py: ([, y]) => eq(y!, -1),
  logSumExp: null,
};

const memo = new Map<Expr, CondLike>();

/**
 * True where `e`, if it comes out ±∞, has a finite exact value (vacuously
 * true where it cannot be infinite at all).
 */
function infinityIsOverflow(e: Expr): CondLike {
  const hit = memo.get(e);
  if (hit !== undefined) return hit;
  let out: CondLike;
  switch (e.kind) {
    case 'const':
      out = !(Math.abs(e.value) === Number.POSITIVE_INFINITY);
      break;
    case 'var':
      out = true;
      break;
    case 'withGrad':
      out = infinityIsOverflow(e.value);
      break;
    case 'select': {
      const t = infinityIsOverflow(e.then);
      const o = infinityIsOverflow(e.otherwise);
      out = t === o ? t : or(and(e.cond, t), and(not(e.cond), o));
      break;
    }
    case 'call': {
      // Every operand finite in exact arithmetic, and not at a pole.
      const operands = e.args.map((a) => or(not(isInfinite(a)), infinityIsOverflow(a)));
      const pole = primitivePoles[e.op]?.(e.args) ?? false;
      out = and(
        operands.reduce<CondLike>((acc, x) => and(acc, x), true),
        not(pole),
      );
      break;
    }
  }
  memo.set(e, out);
  return out;
}

/**
 * Where the value of `e` is ±∞ in exact arithmetic (not merely overflowed):
 * a condition on the tree's own nodes, for any target to print.
 */
export function exactlyInfinite(e: Expr): CondLike {
  return and(isInfinite(e), not(infinityIsOverflow(e)));
}
