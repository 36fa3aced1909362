/** Spells expression trees as JavaScript, for `new Function`. */
import { cpuPrimitives, type PrimitiveName } from '../expr/primitives.js';
import type { Target } from '../expr/schedule.js';

/**
 * Primitives spelled as JS operators, Math calls or allocation-free helpers
 * in `H`; the rest call the reference implementations in `P`.
 */
const inline: Partial<Record<PrimitiveName, (args: readonly string[]) => string>> = {
  add: ([a, b]) => `(${a} + ${b})`,
  sub: ([a, b]) => `(${a} - ${b})`,
  mul: ([a, b]) => `(${a} * ${b})`,
  div: ([a, b]) => `(${a} / ${b})`,
  neg: ([a]) => `(-${a})`,
  square: ([a]) => `(${a} * ${a})`,
  abs: ([a]) => `Math.abs(${a})`,
  max: ([a, b]) => `Math.max(${a}, ${b})`,
  min: ([a, b]) => `Math.min(${a}, ${b})`,
  sqrt: ([a]) => `Math.sqrt(${a})`,
  exp: ([a]) => `Math.exp(${a})`,
  expm1: ([a]) => `Math.expm1(${a})`,
  log: ([a]) => `Math.log(${a})`,
  log1p: ([a]) => `Math.log1p(${a})`,
  tanh: ([a]) => `Math.tanh(${a})`,
  pow: ([a, b]) => `(${a} ** ${b})`,
  expmul: (args) =>
    args.length <= 8 ? `H.expmul${args.length}(${args.join(', ')})` : `P.expmul(${args.join(', ')})`,
  logSumExp: (args) =>
    args.length === 2 || args.length === 3
      ? `H.logSumExp${args.length}(${args.join(', ')})`
      : `P.logSumExp(${args.join(', ')})`,
};

export function jsConstant(value: number): string {
  // Only numbers are ever printed: a hand-made node with another value cannot smuggle text in.
  if (typeof value !== 'number') throw new TypeError(`jsConstant: not a number: ${typeof value}`);
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '(-Infinity)';
  if (Object.is(value, -0)) return '(-0)';
  return value < 0 ? `(${value})` : String(value);
}

/** @param variable how a variable is referenced in the generated code */
export function jsTarget(variable: (name: string) => string): Target {
  return {
    constant: jsConstant,
    variable,
    call: (op, args) => {
      if (!Object.hasOwn(cpuPrimitives, op)) throw new TypeError(`jsTarget: unknown primitive`);
      return inline[op]?.(args) ?? `P.${op}(${args.join(', ')})`;
    },
    select: (cond, then, otherwise) => `(${cond} ? ${then} : ${otherwise})`,
    compare: (op, a, b) => {
      const sym = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '===', ne: '!==' }[op];
      return `(${a} ${sym} ${b})`;
    },
    logic: (op, a, b) => `(${a} ${op === 'and' ? '&&' : '||'} ${b})`,
    not: (a) => `(!${a})`,
    infinite: (a) => `(Math.abs(${a}) === Infinity)`,
    declare: (name, value) => `const ${name} = ${value};`,
    branches: {
      declareVar: (name) => `let ${name};`,
      assign: (name, value) => `${name} = ${value};`,
      open: (cond) => `if (${cond}) {`,
      otherwise: '} else {',
      close: '}',
    },
  };
}
