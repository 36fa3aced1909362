/**
 * Formula tokens → a syntax tree with source spans. A hand-written Pratt
 * parser: a grammar this small, whose errors must carry positions and say
 * what was expected, needs no parser library (core has no runtime
 * dependencies; chevrotain, nearley, peggy and ohm were considered) — the
 * whole grammar is the table of binding powers below.
 *
 *     formula  := expr
 *     expr     := expr ('or' | '||') expr                       1, left
 *               | expr ('and' | '&&') expr                      2, left
 *               | ('not' | '!') expr                            3, prefix
 *               | expr cmp expr [cmp expr …]                    4, a chain is a conjunction
 *               | expr ('+' | '-') expr                         5, left
 *               | expr ('*' | '/') expr                         6, left
 *               | ('-' | '+') expr                              6.5, prefix: −x^2 = −(x^2), −a·b = (−a)·b
 *               | expr ('^' | '**') expr                        7, right: 2^3^2 = 2^9, 2^-x allowed
 *               | number | name | name '(' expr {',' expr} ')' | '(' expr ')'
 *     cmp      := '<' | '<=' | '>' | '>=' | '==' | '!='
 *
 * Types (number or condition) are checked afterwards, in `lower.ts`.
 */
import { FormulaError } from './errors.js';
import { type Operator, type Token, tokenize } from './lexer.js';
import { formulaLimits } from './limits.js';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

export type Ast =
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | {
      readonly kind: 'call';
      readonly name: string;
      readonly nameSpan: Span;
      readonly args: readonly Ast[];
      readonly span: Span;
    }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | 'not'; readonly arg: Ast; readonly span: Span }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOp;
      readonly left: Ast;
      readonly right: Ast;
      readonly opSpan: Span;
      readonly span: Span;
    };

const comparisons = new Set<Operator>(['<', '<=', '>', '>=', '==', '!=']);

/** Left binding power of each infix operator. */
function infixPower(op: Operator): number {
  switch (op) {
    case 'or':
      return 1;
    case 'and':
      return 2;
    case '+':
    case '-':
      return 5;
    case '*':
    case '/':
      return 6;
    case '^':
      return 7;
    default:
      return comparisons.has(op) ? 4 : 0;
  }
}

const NOT_POWER = 3;
const NEGATION_POWER = 6.5;

function describe(token: Token, text: string): string {
  if (token.kind === 'end') return 'the end of the formula';
  return `'${text.slice(token.start, token.end)}'`;
}

export function parse(text: string): Ast {
  if (typeof text !== 'string') throw new FormulaError('the formula must be a string', 0, 0, 'empty');
  if (text.length > formulaLimits.maxLength) {
    throw new FormulaError(
      `the formula is ${text.length} characters long; the limit is ${formulaLimits.maxLength}`,
      formulaLimits.maxLength,
      text.length - formulaLimits.maxLength,
      'too-long',
    );
  }
  const tokens = tokenize(text);
  let pos = 0;
  let depth = 0;
  let nodes = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const count = (span: Span): void => {
    if (++nodes > formulaLimits.maxNodes) {
      throw new FormulaError(
        `the formula has more than ${formulaLimits.maxNodes} numbers, names and operators (at ${span.start})`,
        span.start,
        Math.max(1, span.end - span.start),
        'too-many-nodes',
      );
    }
  };
  const isOp = (token: Token, op: Operator): boolean => token.kind === 'op' && token.op === op;
  const startsOperand = (token: Token): boolean =>
    token.kind === 'number' || token.kind === 'name' || isOp(token, '(');

  const expect = (op: Operator, opening: Token | null, what: string): Token => {
    const token = peek();
    if (isOp(token, op)) return next();
    if (opening && token.kind === 'end') {
      throw new FormulaError(
        `'${text.slice(opening.start, opening.end)}' at ${opening.start} is never closed; expected '${op}' ${what}`,
        opening.start,
        opening.end - opening.start,
        'unclosed',
      );
    }
    throw unexpected(token, `expected '${op}' ${what}`);
  };

  const unexpected = (token: Token, expected: string): FormulaError => {
    if (token.kind === 'end') {
      return new FormulaError(
        `the formula ends too early (at ${token.start}): ${expected}`,
        token.start,
        0,
        'unexpected-end',
      );
    }
    return new FormulaError(
      `unexpected ${describe(token, text)} at ${token.start}: ${expected}`,
      token.start,
      token.end - token.start,
      'unexpected-token',
    );
  };

  const expression = (rbp: number): Ast => {
    if (++depth > formulaLimits.maxDepth) {
      const token = peek();
      throw new FormulaError(
        `the formula nests deeper than ${formulaLimits.maxDepth} levels (at ${token.start})`,
        token.start,
        Math.max(1, token.end - token.start),
        'too-deep',
      );
    }
    let left = prefix();
    for (;;) {
      const token = peek();
      if (startsOperand(token)) {
        const before = text.slice(left.span.start, left.span.end);
        const after = text.slice(token.start, token.end);
        const hint = before.length > 12 ? `'* ${after}'` : `${before}*${after}`;
        throw new FormulaError(
          `missing operator before '${after}' at ${token.start}; to multiply, write ${hint}`,
          token.start,
          token.end - token.start,
          'missing-operator',
        );
      }
      if (token.kind !== 'op') break;
      const lbp = infixPower(token.op);
      if (lbp === 0 || lbp <= rbp) break;
      next();
      left = infix(left, token, lbp);
    }
    depth--;
    return left;
  };

  const prefix = (): Ast => {
    const token = next();
    if (token.kind === 'number') {
      const span = { start: token.start, end: token.end };
      count(span);
      return { kind: 'number', value: token.value, span };
    }
    if (token.kind === 'name') {
      if (isOp(peek(), '(')) return call(token);
      const span = { start: token.start, end: token.end };
      count(span);
      return { kind: 'name', name: token.name, span };
    }
    if (token.kind === 'op') {
      if (token.op === '(') {
        if (isOp(peek(), ')')) throw unexpected(peek(), 'expected an expression inside the parentheses');
        const inner = expression(0);
        expect(')', token, 'to close it');
        return inner;
      }
      if (token.op === '-' || token.op === '+' || token.op === 'not') {
        const arg = expression(token.op === 'not' ? NOT_POWER : NEGATION_POWER);
        const span = { start: token.start, end: arg.span.end };
        count(span);
        return { kind: 'unary', op: token.op, arg, span };
      }
    }
    throw unexpected(token, 'expected a number, a variable, a function or (');
  };

  const call = (nameToken: Token & { kind: 'name' }): Ast => {
    const open = next();
    const args: Ast[] = [];
    if (isOp(peek(), ')')) {
      const close = next();
      const span = { start: nameToken.start, end: close.end };
      count(span);
      return {
        kind: 'call',
        name: nameToken.name,
        nameSpan: { start: nameToken.start, end: nameToken.end },
        args,
        span,
      };
    }
    for (;;) {
      args.push(expression(0));
      const token = peek();
      if (isOp(token, ',')) {
        next();
        continue;
      }
      const close = expect(')', open, `after the arguments of ${nameToken.name}`);
      const span = { start: nameToken.start, end: close.end };
      count(span);
      return {
        kind: 'call',
        name: nameToken.name,
        nameSpan: { start: nameToken.start, end: nameToken.end },
        args,
        span,
      };
    }
  };

  const infix = (left: Ast, token: Token & { kind: 'op' }, lbp: number): Ast => {
    const op = token.op as BinaryOp;
    const opSpan = { start: token.start, end: token.end };
    // '^' is right-associative: its right side may hold another '^'.
    const right = expression(op === '^' ? lbp - 0.5 : lbp);
    const span = { start: left.span.start, end: right.span.end };
    count(opSpan);
    const node: Ast = { kind: 'binary', op, left, right, opSpan, span };
    if (!comparisons.has(token.op)) return node;
    // a < b < c: a < b and b < c (b is one subtree, evaluated once).
    let chain: Ast = node;
    let middle = right;
    while (peek().kind === 'op' && comparisons.has((peek() as Token & { kind: 'op' }).op)) {
      const t = next() as Token & { kind: 'op' };
      const nextRight = expression(4);
      const tSpan = { start: t.start, end: t.end };
      count(tSpan);
      const link: Ast = {
        kind: 'binary',
        op: t.op as BinaryOp,
        left: middle,
        right: nextRight,
        opSpan: tSpan,
        span: { start: middle.span.start, end: nextRight.span.end },
      };
      chain = {
        kind: 'binary',
        op: 'and',
        left: chain,
        right: link,
        opSpan: tSpan,
        span: { start: chain.span.start, end: nextRight.span.end },
      };
      middle = nextRight;
    }
    return chain;
  };

  if (peek().kind === 'end') throw new FormulaError('the formula is empty', 0, 0, 'empty');
  const ast = expression(0);
  const rest = peek();
  if (rest.kind !== 'end') {
    if (isOp(rest, ')'))
      throw new FormulaError(`')' at ${rest.start} has no matching '('`, rest.start, 1, 'unexpected-token');
    throw unexpected(rest, 'expected an operator or the end of the formula');
  }
  return ast;
}
