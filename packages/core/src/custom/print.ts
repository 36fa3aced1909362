/**
 * Expression tree → formula text in the grammar `parse` reads, with the
 * fewest parentheses that keep the tree: parsing the text gives back the
 * very same (hash-consed) tree. Used for error messages (which part of a
 * formula is undefined), for showing rewrites, and by the round-trip tests.
 */
import type { Cond, Expr } from '../expr/nodes.js';
import type { PrimitiveName } from '../expr/primitives.js';

/** A primitive's name in formulas, where it differs from the tree's. */
const spelled: Partial<Record<PrimitiveName, string>> = {
  logSigmoid: 'logsigmoid',
  logCosh: 'logcosh',
  logSumExp: 'logsumexp',
};

export function functionSpelling(op: PrimitiveName): string {
  return spelled[op] ?? op;
}

// Binding powers, as in parser.ts.
const OR = 1;
const AND = 2;
const NOT = 3;
const COMPARE = 4;
const SUM = 5;
const PRODUCT = 6;
const NEGATION = 6.5;
const POWER = 7;
const ATOM = 8;

const compareSymbol = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' } as const;

function numberText(value: number): { text: string; power: number } {
  if (Number.isNaN(value)) return { text: 'nan', power: ATOM };
  if (value === Number.POSITIVE_INFINITY) return { text: 'inf', power: ATOM };
  if (value === Number.NEGATIVE_INFINITY) return { text: '-inf', power: NEGATION };
  if (Object.is(value, -0)) return { text: '-0', power: NEGATION };
  // String(x) round-trips every double; "1e+300" is also valid formula syntax.
  return { text: String(value), power: value < 0 ? NEGATION : ATOM };
}

export interface PrintOptions {
  /** Cut the text to this many characters, ending in '…' (for messages). */
  readonly maxLength?: number;
}

export function printFormula(e: Expr, options: PrintOptions = {}): string {
  const max = options.maxLength;
  // A DAG prints as a tree, which can be exponentially larger (a derivative's shared parts):
  // with a length limit, at most that many nodes are printed and the rest become '…'.
  budget = max ?? Number.POSITIVE_INFINITY;
  const text = print(e).text;
  return max !== undefined && text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** Nodes left to print in this printFormula call. */
let budget = Number.POSITIVE_INFINITY;
const ELIDED: Printed = { text: '…', power: ATOM };

interface Printed {
  readonly text: string;
  readonly power: number;
}

/** `inner` as an operand that needs at least binding power `min`. */
const operand = (inner: Printed, min: number): string =>
  inner.power >= min ? inner.text : `(${inner.text})`;

function print(e: Expr): Printed {
  if (--budget < 0) return ELIDED;
  switch (e.kind) {
    case 'const':
      return numberText(e.value);
    case 'var':
      return { text: e.name, power: ATOM };
    case 'withGrad':
      return print(e.value);
    case 'select': {
      // if(c1, a, if(c2, b, d)) prints as if(c1, a, c2, b, d): the same tree.
      const parts: string[] = [];
      let node: Expr = e;
      while (node.kind === 'select') {
        parts.push(printCond(node.cond).text, print(node.then).text);
        node = node.otherwise;
      }
      parts.push(print(node).text);
      return { text: `if(${parts.join(', ')})`, power: ATOM };
    }
    case 'call':
      return printCall(e.op, e.args);
  }
}

function printCall(op: PrimitiveName, args: readonly Expr[]): Printed {
  const [a, b] = args;
  // Left-associative: the right operand needs more power than the operator.
  const infix = (symbol: string, power: number): Printed => ({
    text: `${operand(print(a!), power)} ${symbol} ${operand(print(b!), power + 0.5)}`,
    power,
  });
  switch (op) {
    case 'add':
      return infix('+', SUM);
    case 'sub':
      return infix('-', SUM);
    case 'mul':
      return infix('*', PRODUCT);
    case 'div':
      return infix('/', PRODUCT);
    case 'pow':
      // Right-associative, and the exponent may be negated: 2^-x is 2^(-x), a^b^c is a^(b^c).
      return { text: `${operand(print(a!), POWER + 0.5)}^${operand(print(b!), NEGATION)}`, power: POWER };
    case 'square':
      return { text: `${operand(print(a!), POWER + 0.5)}^2`, power: POWER };
    case 'neg':
      return { text: `-${operand(print(a!), POWER)}`, power: NEGATION };
    // The catalog's compound primitives, spelled as the formulas they compute.
    case 'expmul':
      return {
        text: `${args
          .slice(1)
          .map((w) => operand(print(w), PRODUCT))
          .join(' * ')} * exp(${print(a!).text})`,
        power: PRODUCT,
      };
    case 'sum3':
      return {
        text: args
          .map((x, i) => (i === 0 ? operand(print(x), SUM) : operand(print(x), SUM + 0.5)))
          .join(' + '),
        power: SUM,
      };
    default:
      return { text: `${functionSpelling(op)}(${args.map((x) => print(x).text).join(', ')})`, power: ATOM };
  }
}

function printCond(c: Cond): Printed {
  if (--budget < 0) return ELIDED;
  switch (c.kind) {
    case 'compare': {
      const left = operand(print(c.a), SUM);
      const right = operand(print(c.b), SUM);
      return { text: `${left} ${compareSymbol[c.op]} ${right}`, power: COMPARE };
    }
    case 'and':
      return {
        text: `${operand(printCond(c.a), AND)} and ${operand(printCond(c.b), AND + 0.5)}`,
        power: AND,
      };
    case 'or':
      return { text: `${operand(printCond(c.a), OR)} or ${operand(printCond(c.b), OR + 0.5)}`, power: OR };
    case 'not':
      return { text: `not ${operand(printCond(c.a), NOT)}`, power: NOT };
    case 'infinite':
      return { text: `abs(${print(c.a).text}) == inf`, power: COMPARE };
  }
}
