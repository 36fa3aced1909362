/** The formula grammar: what parses to what, and the errors, with positions, for what does not. */
import { describe, expect, it } from 'vitest';
import {
  CustomLossError,
  type Expr,
  ex,
  FormulaError,
  type FormulaErrorCode,
  formulaFunctions,
  formulaLimits,
  parseFormula,
  printFormula,
} from '../../src/index.js';

const r = ex.v('r');
const c = ex.v('c');
const vars = ['r', 'c'];
const tree = (formula: string, names: readonly string[] = vars): Expr => parseFormula(formula, names).expr;

describe('what formulas mean (hash-consing: equal trees are the same object)', () => {
  it.each<[string, Expr]>([
    ['-r^2', ex.neg(ex.square(r))],
    ['(-r)^2', ex.square(ex.neg(r))],
    ['-r*c', ex.mul(ex.neg(r), c)],
    ['r^c^2', ex.pow(r, ex.square(c))],
    ['(r^c)^2', ex.square(ex.pow(r, c))],
    ['2^-r', ex.pow(2, ex.neg(r))],
    ['2^-r^2', ex.pow(2, ex.neg(ex.square(r)))],
    ['r**2', ex.square(r)],
    ['r - c - 1', ex.sub(ex.sub(r, c), 1)],
    ['r - (c - 1)', ex.sub(r, ex.sub(c, 1))],
    ['r / c / 2', ex.div(ex.div(r, c), 2)],
    ['r + c * 2', ex.add(r, ex.mul(c, 2))],
    ['(r + c) * 2', ex.mul(ex.add(r, c), 2)],
    ['+r', r],
    ['r − c × 2 ÷ π', ex.sub(r, ex.div(ex.mul(c, 2), Math.PI))],
    ['r · c ⋅ 2', ex.mul(ex.mul(r, c), 2)],
    ['1.5e-3 * r + .5 + 2E+2', ex.add(ex.add(ex.mul(0.0015, r), 0.5), 200)],
    ['5e-324 * r', ex.mul(5e-324, r)],
    ['if(r <= c, r, c)', ex.select(ex.le(r, c), r, c)],
    ['if(r ≤ c, r, c)', ex.select(ex.le(r, c), r, c)],
    [
      'if(r < 0, -r, r < 1, r^2, 2*r)',
      ex.select(ex.lt(r, 0), ex.neg(r), ex.select(ex.lt(r, 1), ex.square(r), ex.mul(2, r))),
    ],
    ['if(0 <= r <= 1, r, 0)', ex.select(ex.and(ex.le(0, r), ex.le(r, 1)), r, 0)],
    [
      'if(r > 0 and c > 0 or not r == c, 1, 0)',
      ex.select(ex.or(ex.and(ex.gt(r, 0), ex.gt(c, 0)), ex.not(ex.eq(r, c))), 1, 0),
    ],
    [
      'if(r > 0 && (c > 0 || !(r != c)), 1, 0)',
      ex.select(ex.and(ex.gt(r, 0), ex.or(ex.gt(c, 0), ex.not(ex.ne(r, c)))), 1, 0),
    ],
    [
      'if(r ≥ c and r ≠ 0, inf, -∞)',
      ex.select(ex.and(ex.ge(r, c), ex.ne(r, 0)), Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    ],
    ['relu(r)', ex.max(0, r)],
    ['ln(r)', ex.log(r)],
    ['min(r, c, 1)', ex.min(ex.min(r, c), 1)],
    ['max(r, c)', ex.max(r, c)],
    ['logsumexp(r, c, 0)', ex.logSumExp(r, c, 0)],
    ['pow(r, c)', ex.pow(r, c)],
    [
      'softplus(r) + logsigmoid(c) + logcosh(r)',
      ex.add(ex.add(ex.softplus(r), ex.logSigmoid(c)), ex.logCosh(r)),
    ],
    ['2 * 3 + r', ex.add(6, r)],
    ['log(0) + r', ex.add(Number.NEGATIVE_INFINITY, r)],
    [' \t r \n ', r],
  ])('%s', (formula, expected) => {
    expect(tree(formula)).toBe(expected);
  });

  it('maps every function onto a primitive tree', () => {
    for (const [name, fn] of formulaFunctions) {
      const args = ['r', 'c', '2'].slice(0, Math.max(fn.min, 1));
      const expr = tree(`${name}(${args.join(', ')})`);
      expect(expr.kind, name).not.toBe('var');
      expect(expr).toBe(fn.build(args.map((a) => (a === '2' ? ex.c(2) : ex.v(a)))));
    }
  });

  it('reports the variables used, where first used', () => {
    const parsed = parseFormula('c + 2*r + r', ['r', 'c', 'unused']);
    expect([...parsed.uses.entries()]).toEqual([
      ['c', { start: 0, end: 1 }],
      ['r', { start: 6, end: 7 }],
    ]);
  });
});

describe('formula errors: a RangeError with the position and length of the offending text', () => {
  it.each<[string, FormulaErrorCode, number, number, RegExp]>([
    ['lg(r)', 'unknown-function', 0, 2, /^unknown function 'lg' at 0; did you mean 'log'\?$/],
    ['0.5 * lg(r)', 'unknown-function', 6, 2, /unknown function 'lg' at 6; did you mean 'log'\?/],
    ['Log(r)', 'unknown-function', 0, 3, /did you mean 'log'\?/],
    ['softpluss(r)', 'unknown-function', 0, 9, /did you mean 'softplus'\?/],
    ['sin(r)', 'unknown-function', 0, 3, /trigonometric functions are not available/],
    ['cosh(r)', 'unknown-function', 0, 4, /logcosh/],
    ['frobnicate(r)', 'unknown-function', 0, 10, /^unknown function 'frobnicate' at 0$/],
    [
      'r(2)',
      'unknown-function',
      0,
      1,
      /'r' at 0 is a variable, not a function; to multiply, write r \* \(…\)/,
    ],
    [
      'x + r',
      'unknown-variable',
      0,
      1,
      /unknown variable 'x' at 0; did you mean 'r'\? \(the variables are r, c\)/,
    ],
    ['r + delta', 'unknown-variable', 4, 5, /unknown variable 'delta' at 4 \(the variables are r, c\)/],
    ['exp + r', 'unknown-variable', 0, 3, /'exp' at 0 is a function; call it as exp\(…\)/],
    ['r +', 'unexpected-end', 3, 0, /the formula ends too early \(at 3\)/],
    ['r + , 2', 'unexpected-token', 4, 1, /unexpected ',' at 4/],
    ['2r', 'missing-operator', 1, 1, /missing operator before 'r' at 1; to multiply, write 2\*r/],
    ['2 (r)', 'missing-operator', 2, 1, /missing operator before '\(' at 2/],
    ['(r', 'unclosed', 0, 1, /'\(' at 0 is never closed/],
    ['log(r', 'unclosed', 3, 1, /'\(' at 3 is never closed; expected '\)' after the arguments of log/],
    ['r)', 'unexpected-token', 1, 1, /'\)' at 1 has no matching '\('/],
    ['()', 'unexpected-token', 1, 1, /expected an expression inside the parentheses/],
    ['r = 1', 'unexpected-character', 2, 1, /'=' at 2 is not an operator; compare with '=='/],
    ['r + \u0441', 'unexpected-character', 4, 1, /'с' \(U\+0441\) at 4; names are ASCII letters/],
    ['r + \u202e1', 'unexpected-character', 4, 1, /unexpected character U\+202E at 4$/],
    ['r + \u{1F600}', 'unexpected-character', 4, 2, /U\+1F600/],
    ['r; 1', 'unexpected-character', 1, 1, /';' \(U\+003B\) at 1/],
    ['1e', 'bad-number', 0, 2, /number '1e' at 0 has an exponent without digits/],
    ['1e+ r', 'bad-number', 0, 3, /exponent without digits/],
    ['1e400 * r', 'bad-number', 0, 5, /number 1e400 at 0 is too large/],
    ['1e-400 * r', 'bad-number', 0, 6, /rounds to 0/],
    ['exp(r, 2)', 'arity', 0, 9, /exp at 0 takes 1 argument, got 2/],
    ['sqrt()', 'arity', 0, 6, /sqrt at 0 takes 1 argument, got 0/],
    ['min(r)', 'arity', 0, 6, /min at 0 takes at least 2 arguments, got 1/],
    ['if(r < 1, 1)', 'arity', 0, 12, /odd number of at least 3 arguments, got 2/],
    ['if(r, 1, 2)', 'type', 3, 1, /'r' at 3 is a number, but argument 1 of if must be a condition/],
    [
      'if(r < 1, r < 2, 2)',
      'type',
      10,
      5,
      /'r < 2' at 10 is a condition .* argument 2 of if must be a number/,
    ],
    ['r < 1', 'type', 0, 5, /the formula is a condition .* if\(condition, 1, 0\)/],
    ['r + (r < 2)', 'type', 5, 5, /the right side of '\+' must be a number/],
    ['if(r and c, 1, 0)', 'type', 3, 1, /the left side of 'and' must be a condition/],
    ['log(-1) + r', 'undefined-constant', 0, 7, /'log\(-1\)' at 0 is undefined/],
    ['r + 0/0', 'undefined-constant', 4, 3, /'0\/0' at 4 is undefined/],
    ['r + sqrt(-2)', 'undefined-constant', 4, 8, /'sqrt\(-2\)' at 4 is undefined/],
    ['', 'empty', 0, 0, /the formula is empty/],
    ['   ', 'empty', 0, 0, /the formula is empty/],
  ])('%j', (formula, code, position, length, message) => {
    let error: unknown;
    try {
      parseFormula(formula, vars);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormulaError);
    expect(error).toBeInstanceOf(CustomLossError);
    expect(error).toBeInstanceOf(RangeError);
    const e = error as FormulaError;
    expect({ code: e.code, position: e.position, length: e.length, field: e.field }).toEqual({
      code,
      position,
      length,
      field: 'formula',
    });
    expect(e.message).toMatch(message);
    expect(e.position + e.length).toBeLessThanOrEqual(formula.length);
  });

  it.each<[string, string, FormulaErrorCode]>([
    ['length', `${'r + '.repeat(500)}r`, 'too-long'],
    ['parentheses', `${'('.repeat(60)}r${')'.repeat(60)}`, 'too-deep'],
    ['calls', `${'exp('.repeat(60)}r${')'.repeat(60)}`, 'too-deep'],
    ['negations', `${'-'.repeat(100)}r`, 'too-deep'],
    ['powers', `${'r^'.repeat(100)}r`, 'too-deep'],
    ['nodes', `${'r+'.repeat(250)}r`, 'too-many-nodes'],
  ])('limits %s', (_, formula, code) => {
    expect(() => parseFormula(formula, vars)).toThrow(FormulaError);
    try {
      parseFormula(formula, vars);
    } catch (e) {
      expect((e as FormulaError).code).toBe(code);
    }
  });

  it('says where the length limit starts', () => {
    const formula = 'r'.padEnd(formulaLimits.maxLength + 10, ' ');
    try {
      parseFormula(formula, vars);
      expect.unreachable();
    } catch (e) {
      expect((e as FormulaError).position).toBe(formulaLimits.maxLength);
      expect((e as FormulaError).length).toBe(10);
      expect((e as FormulaError).message).toMatch(/is 2010 characters long; the limit is 2000/);
    }
  });

  it('accepts formulas at the limits', () => {
    expect(() =>
      parseFormula(
        `${'('.repeat(formulaLimits.maxDepth - 1)}r${')'.repeat(formulaLimits.maxDepth - 1)}`,
        vars,
      ),
    ).not.toThrow();
    expect(() => parseFormula(`${'r+'.repeat(199)}r`, vars)).not.toThrow();
  });
});

describe('printFormula', () => {
  it('prints a huge shared DAG within its length limit, quickly', () => {
    let t: Expr = ex.v('r');
    for (let k = 0; k < 60; k++) t = ex.add(t, ex.mul(t, 2)); // 2^60 nodes as a tree
    const text = printFormula(t, { maxLength: 80 });
    expect(text.length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/…$/);
  });
});
