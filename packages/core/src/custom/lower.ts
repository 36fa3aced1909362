/**
 * Syntax tree → expression tree, through core's hash-consing builders (so a
 * formula typed exactly as a catalog loss is arranged gives the very same
 * tree). Checks what the grammar cannot: numbers where numbers belong and
 * conditions where conditions do, known functions with the right number of
 * arguments, declared variables, and constant parts that are undefined
 * (log(-1), 0/0). Only numbers and declared variable names reach the tree.
 */

import type { CondLike } from '../expr/build.js';
import * as ex from '../expr/build.js';
import type { Expr } from '../expr/nodes.js';
import { cpuPrimitives, type PrimitiveName } from '../expr/primitives.js';
import { FormulaError } from './errors.js';
import { formulaConstants, formulaFunctions, functionHints } from './functions.js';
import type { Ast, Span } from './parser.js';
import { didYouMean } from './suggest.js';

type Lowered =
  | { readonly type: 'number'; readonly expr: Expr }
  | { readonly type: 'condition'; readonly cond: CondLike };

export interface LoweredFormula {
  readonly expr: Expr;
  /** Each declared variable the formula mentions, with where it first does. */
  readonly uses: ReadonlyMap<string, Span>;
}

const at = (span: Span): string => `at ${span.start}`;

function error(message: string, span: Span, code: FormulaError['code']): FormulaError {
  return new FormulaError(message, span.start, Math.max(0, span.end - span.start), code);
}

const isNaNConst = (e: Expr): boolean => e.kind === 'const' && Number.isNaN(e.value);

/** @param variables the declared variable names */
export function lower(ast: Ast, text: string, variables: readonly string[]): LoweredFormula {
  const declared = new Set(variables);
  const uses = new Map<string, Span>();
  const source = (span: Span): string => {
    const s = text.slice(span.start, span.end);
    return s.length > 40 ? `${s.slice(0, 37)}…` : s;
  };

  const number = (node: Ast, role: string): Expr => {
    const lowered = visit(node);
    if (lowered.type === 'number') return lowered.expr;
    throw error(
      `'${source(node.span)}' ${at(node.span)} is a condition (true or false), but ${role} must be a number; a condition belongs in if(condition, then, otherwise)`,
      node.span,
      'type',
    );
  };
  const condition = (node: Ast, role: string): CondLike => {
    const lowered = visit(node);
    if (lowered.type === 'condition') return lowered.cond;
    throw error(
      `'${source(node.span)}' ${at(node.span)} is a number, but ${role} must be a condition such as r <= 1`,
      node.span,
      'type',
    );
  };
  /**
   * A part that is constant and undefined (log(-1), 0/0) is an error where it was typed. Constant
   * operands are also evaluated as IEEE arithmetic: the builders fold 0/x and 0·x to 0 (a structural
   * zero, right for the derivative trees they were written for), which would turn a typed 0/0 into 0.
   */
  const checked = (expr: Expr, node: Ast, args: readonly Expr[], op?: PrimitiveName): Lowered => {
    const raw =
      op !== undefined && args.every((a) => a.kind === 'const')
        ? cpuPrimitives[op](...args.map((a) => (a as Expr & { kind: 'const' }).value))
        : 0;
    if ((isNaNConst(expr) || Number.isNaN(raw)) && !args.some(isNaNConst)) {
      throw error(
        `'${source(node.span)}' ${at(node.span)} is undefined (not a number)`,
        node.span,
        'undefined-constant',
      );
    }
    return { type: 'number', expr };
  };

  const visit = (node: Ast): Lowered => {
    switch (node.kind) {
      case 'number':
        return { type: 'number', expr: ex.c(node.value) };
      case 'name':
        return { type: 'number', expr: name(node.name, node.span) };
      case 'unary':
        if (node.op === 'not')
          return { type: 'condition', cond: ex.not(condition(node.arg, "not's argument")) };
        if (node.op === '+') return { type: 'number', expr: number(node.arg, "unary +'s argument") };
        return { type: 'number', expr: ex.neg(number(node.arg, 'what - negates')) };
      case 'binary':
        return binary(node as Ast & { kind: 'binary' });
      case 'call':
        return call(node as Ast & { kind: 'call' });
    }
  };

  const name = (id: string, span: Span): Expr => {
    if (declared.has(id)) {
      if (!uses.has(id)) uses.set(id, span);
      return ex.v(id);
    }
    const constant = formulaConstants.get(id);
    if (constant !== undefined) return ex.c(constant);
    if (formulaFunctions.has(id) || id === 'if') {
      throw error(`'${id}' ${at(span)} is a function; call it as ${id}(…)`, span, 'unknown-variable');
    }
    const known =
      variables.length > 0 ? `the variables are ${variables.join(', ')}` : 'no variables are declared';
    throw error(
      `unknown variable '${id}' ${at(span)}${didYouMean(id, [...variables, ...formulaConstants.keys()])} (${known})`,
      span,
      'unknown-variable',
    );
  };

  const binary = (node: Ast & { kind: 'binary' }): Lowered => {
    const { op } = node;
    if (op === 'and' || op === 'or') {
      const a = condition(node.left, `the left side of '${op}'`);
      const b = condition(node.right, `the right side of '${op}'`);
      return { type: 'condition', cond: op === 'and' ? ex.and(a, b) : ex.or(a, b) };
    }
    const role = (side: string) => `the ${side} side of '${op}'`;
    const a = number(node.left, role('left'));
    const b = number(node.right, role('right'));
    switch (op) {
      case '<':
        return { type: 'condition', cond: ex.lt(a, b) };
      case '<=':
        return { type: 'condition', cond: ex.le(a, b) };
      case '>':
        return { type: 'condition', cond: ex.gt(a, b) };
      case '>=':
        return { type: 'condition', cond: ex.ge(a, b) };
      case '==':
        return { type: 'condition', cond: ex.eq(a, b) };
      case '!=':
        return { type: 'condition', cond: ex.ne(a, b) };
      case '+':
        return checked(ex.add(a, b), node, [a, b], 'add');
      case '-':
        return checked(ex.sub(a, b), node, [a, b], 'sub');
      case '*':
        return checked(ex.mul(a, b), node, [a, b], 'mul');
      case '/':
        return checked(ex.div(a, b), node, [a, b], 'div');
      case '^':
        return checked(ex.pow(a, b), node, [a, b], 'pow');
    }
  };

  const call = (node: Ast & { kind: 'call' }): Lowered => {
    const { name: fname, nameSpan, args } = node;
    if (fname === 'if') return piecewise(node);
    const fn = formulaFunctions.get(fname);
    if (!fn) {
      const hint = functionHints.get(fname);
      if (hint)
        throw error(`unknown function '${fname}' ${at(nameSpan)}: ${hint}`, nameSpan, 'unknown-function');
      if (declared.has(fname)) {
        throw error(
          `'${fname}' ${at(nameSpan)} is a variable, not a function; to multiply, write ${fname} * (…)`,
          nameSpan,
          'unknown-function',
        );
      }
      throw error(
        `unknown function '${fname}' ${at(nameSpan)}${didYouMean(fname, [...formulaFunctions.keys(), 'if'])}`,
        nameSpan,
        'unknown-function',
      );
    }
    if (args.length < fn.min || args.length > fn.max) {
      const wanted =
        fn.min === fn.max ? `${fn.min} argument${fn.min === 1 ? '' : 's'}` : `at least ${fn.min} arguments`;
      throw error(`${fname} ${at(nameSpan)} takes ${wanted}, got ${args.length}`, node.span, 'arity');
    }
    const lowered = args.map((arg, i) => number(arg, `argument ${i + 1} of ${fname}`));
    return checked(fn.build(lowered), node, lowered);
  };

  /** if(c, a, b), and if(c1, a, c2, b, …, otherwise) for several pieces. */
  const piecewise = (node: Ast & { kind: 'call' }): Lowered => {
    const { args, nameSpan } = node;
    if (args.length < 3 || args.length % 2 === 0) {
      throw error(
        `if ${at(nameSpan)} takes (condition, then, otherwise), or more pieces (c1, a, c2, b, …, otherwise): an odd number of at least 3 arguments, got ${args.length}`,
        node.span,
        'arity',
      );
    }
    // Lowered in source order, so the first mistake is the one reported.
    const pieces: { cond: CondLike; value: Expr }[] = [];
    for (let k = 0; k + 1 < args.length; k += 2) {
      const cond = condition(args[k]!, `argument ${k + 1} of if`);
      pieces.push({ cond, value: number(args[k + 1]!, `argument ${k + 2} of if`) });
    }
    let result = number(args[args.length - 1]!, 'the last argument of if (the value otherwise)');
    for (let k = pieces.length - 1; k >= 0; k--)
      result = ex.select(pieces[k]!.cond, pieces[k]!.value, result);
    return { type: 'number', expr: result };
  };

  const top = visit(ast);
  if (top.type !== 'number') {
    throw error(
      'the formula is a condition (true or false), not a number; for an indicator write if(condition, 1, 0)',
      ast.span,
      'type',
    );
  }
  return { expr: top.expr, uses };
}
