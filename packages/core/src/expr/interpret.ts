/** A direct tree-walking evaluator: slow, obviously right; the compiled kernels are tested against it. */
import { compareNumbers } from './build.js';
import type { Cond, Expr } from './nodes.js';
import { cpuPrimitives } from './primitives.js';

export function interpret(e: Expr, vars: Readonly<Record<string, number>>): number {
  switch (e.kind) {
    case 'const':
      return e.value;
    case 'var': {
      const value = vars[e.name];
      if (value === undefined) throw new Error(`interpret: no value for ${e.name}`);
      return value;
    }
    case 'call':
      return cpuPrimitives[e.op](...e.args.map((a) => interpret(a, vars)));
    case 'select':
      return test(e.cond, vars) ? interpret(e.then, vars) : interpret(e.otherwise, vars);
    case 'withGrad':
      return interpret(e.value, vars);
  }
}

function test(cond: Cond, vars: Readonly<Record<string, number>>): boolean {
  switch (cond.kind) {
    case 'compare':
      return compareNumbers(cond.op, interpret(cond.a, vars), interpret(cond.b, vars));
    case 'and':
      return test(cond.a, vars) && test(cond.b, vars);
    case 'or':
      return test(cond.a, vars) || test(cond.b, vars);
    case 'not':
      return !test(cond.a, vars);
    case 'infinite':
      return Math.abs(interpret(cond.a, vars)) === Number.POSITIVE_INFINITY;
  }
}
