/**
 * core's tree evaluated in f64 with every intermediate below FLT_MIN flushed
 * to zero: what a GPU that flushes subnormals (WGSL allows it; SwiftShader
 * does) computes from the same formula, up to rounding. A subnormal flushed
 * early can be multiplied up into a normal result (σ(−88)·88), so "within a
 * few FLT_MIN" is not enough; this reference is the alternative to compare to.
 */
import { type Cond, cpuPrimitives, type Expr } from '@losslab/core';

const MIN_NORMAL = 2 ** -126;
const flush = (x: number): number => (x !== 0 && Math.abs(x) < MIN_NORMAL ? 0 * Math.sign(x) : x);

export function interpretFlushed(root: Expr, vars: Readonly<Record<string, number>>): number {
  const memo = new Map<Expr, number>();
  const expr = (e: Expr): number => {
    const hit = memo.get(e);
    if (hit !== undefined) return hit;
    let out: number;
    switch (e.kind) {
      case 'const':
        // As the WGSL target spells constants: a nonzero one below FLT_MIN becomes ±FLT_MIN.
        out = e.value !== 0 && Math.abs(e.value) < MIN_NORMAL ? Math.sign(e.value) * MIN_NORMAL : e.value;
        break;
      case 'var':
        out = flush(vars[e.name]!);
        break;
      case 'withGrad':
        out = expr(e.value);
        break;
      case 'select':
        out = cond(e.cond) ? expr(e.then) : expr(e.otherwise);
        break;
      case 'call':
        out = flush(cpuPrimitives[e.op](...e.args.map(expr)));
        break;
    }
    memo.set(e, out);
    return out;
  };
  const cond = (c: Cond): boolean => {
    switch (c.kind) {
      case 'compare': {
        const a = expr(c.a);
        const b = expr(c.b);
        switch (c.op) {
          case 'lt':
            return a < b;
          case 'le':
            return a <= b;
          case 'gt':
            return a > b;
          case 'ge':
            return a >= b;
          case 'eq':
            return a === b;
          case 'ne':
            return a !== b;
        }
        break;
      }
      case 'infinite':
        return Math.abs(expr(c.a)) === Number.POSITIVE_INFINITY;
      case 'and':
        return cond(c.a) && cond(c.b);
      case 'or':
        return cond(c.a) || cond(c.b);
      case 'not':
        return !cond(c.a);
    }
  };
  return expr(root);
}
