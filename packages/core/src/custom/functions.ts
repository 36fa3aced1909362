/**
 * The functions a formula may call, each mapped onto the tree's primitives
 * (expr/primitives.ts). Only these; a name not here is an error with a
 * suggestion. `if` is not here: it takes a condition (see `lower.ts`).
 */
import * as ex from '../expr/build.js';
import type { Expr } from '../expr/nodes.js';

export interface FormulaFunction {
  /** Fewest and most arguments (Infinity: any number from `min`). */
  readonly min: number;
  readonly max: number;
  readonly build: (args: readonly Expr[]) => Expr;
  /** One line for the docs and the editor's help. */
  readonly doc: string;
}

const unary = (f: (a: Expr) => Expr, doc: string): FormulaFunction => ({
  min: 1,
  max: 1,
  build: (args) => f(args[0]!),
  doc,
});
const binary = (f: (a: Expr, b: Expr) => Expr, doc: string): FormulaFunction => ({
  min: 2,
  max: 2,
  build: (args) => f(args[0]!, args[1]!),
  doc,
});
/** min(a, b, c) = min(min(a, b), c). */
const folded = (f: (a: Expr, b: Expr) => Expr, doc: string): FormulaFunction => ({
  min: 2,
  max: Number.POSITIVE_INFINITY,
  build: (args) => args.slice(1).reduce<Expr>((acc, x) => f(acc, x), args[0]!),
  doc,
});

export const formulaFunctions: ReadonlyMap<string, FormulaFunction> = new Map<string, FormulaFunction>([
  ['abs', unary(ex.abs, '|x|')],
  ['sqrt', unary(ex.sqrt, '√x')],
  ['exp', unary(ex.exp, 'eˣ')],
  ['expm1', unary(ex.expm1, 'eˣ − 1, exact near 0')],
  ['log', unary(ex.log, 'natural logarithm')],
  ['ln', unary(ex.log, 'natural logarithm (same as log)')],
  ['log1p', unary(ex.log1p, 'log(1 + x), exact near 0')],
  ['log1pmx', unary(ex.log1pmx, 'log(1 + x) − x, exact near 0')],
  ['exprel', unary(ex.exprel, '(eˣ − 1)/x, 1 at x = 0')],
  ['pow', binary(ex.pow, 'xʸ (the same as x^y)')],
  ['hypot', binary(ex.hypot, '√(x² + y²) without overflow')],
  ['min', folded(ex.min, 'smallest argument')],
  ['max', folded(ex.max, 'largest argument')],
  ['relu', unary((a) => ex.max(0, a), 'max(0, x)')],
  ['softplus', unary(ex.softplus, 'log(1 + eˣ), exact and without overflow')],
  ['sigmoid', unary(ex.sigmoid, '1/(1 + e⁻ˣ)')],
  ['logsigmoid', unary(ex.logSigmoid, 'log σ(x) = −softplus(−x)')],
  ['tanh', unary(ex.tanh, 'hyperbolic tangent')],
  ['logcosh', unary(ex.logCosh, 'log cosh x, exact near 0 and without overflow')],
  [
    'logsumexp',
    {
      min: 2,
      max: Number.POSITIVE_INFINITY,
      build: (args) => ex.logSumExp(...args),
      doc: 'log(eᵃ + eᵇ + …) without overflow',
    },
  ],
  ['xlogy', binary(ex.xlogy, 'x·log y, 0 where x = 0')],
  ['xlog1py', binary(ex.xlog1py, 'x·log(1 + y), 0 where x = 0')],
]);

/** Constants a formula may name. */
export const formulaConstants: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['inf', Number.POSITIVE_INFINITY],
]);

/** Words a variable may not be called: functions, constants and the grammar's own. */
export const reservedNames: ReadonlySet<string> = new Set([
  ...formulaFunctions.keys(),
  ...formulaConstants.keys(),
  'if',
  'and',
  'or',
  'not',
]);

/** Names of non-primitives people reach for, with what to write instead. */
export const functionHints: ReadonlyMap<string, string> = new Map([
  ['cosh', 'cosh is not available; write logcosh(x) for log(cosh(x))'],
  ['sin', 'trigonometric functions are not available (they make no loss of the catalog)'],
  ['cos', 'trigonometric functions are not available (they make no loss of the catalog)'],
  ['tan', 'trigonometric functions are not available (they make no loss of the catalog)'],
  ['log10', 'log10 is not available; write log(x)/log(10)'],
  ['log2', 'log2 is not available; write log(x)/log(2)'],
  ['sign', 'sign is not available; write if(x > 0, 1, if(x < 0, -1, 0))'],
  ['ifelse', 'write if(condition, then, otherwise)'],
  ['where', 'write if(condition, then, otherwise)'],
]);
