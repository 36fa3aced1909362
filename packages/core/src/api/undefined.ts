/**
 * Points where a custom formula is undefined (log of a negative number,
 * 0/0, ∞ − ∞): finding them, and saying which part of the formula failed.
 * The catalog's trees are never undefined inside their domains (NaN only
 * in partials where the value is infinite, by convention); a typed formula
 * may be, and then the caller gets an error naming the variables instead of
 * a silent NaN.
 */
import type { LossDef } from '../catalog/types.js';
import { pointKernel } from '../compile/kernels.js';
import { printFormula } from '../custom/print.js';
import { compareNumbers } from '../expr/build.js';
import type { CallNode, Cond, Expr } from '../expr/nodes.js';
import { cpuPrimitives } from '../expr/primitives.js';
import { type Output, outputExpr } from './output.js';

export class UndefinedValueError extends RangeError {
  override readonly name = 'UndefinedValueError';
  constructor(
    message: string,
    /** The loss's id. */
    readonly loss: string,
    /** The point, every variable by name. */
    readonly at: Readonly<Record<string, number>>,
    readonly output: Output,
    /** What failed, e.g. "log of a negative number (−1) in log(r)". */
    readonly reason: string,
    /** The point's index in a batch. */
    readonly index?: number,
  ) {
    super(message);
  }
}

/**
 * Is a NaN from this output at this point a custom formula's undefined
 * value, rather than the catalog's convention (a partial where the value is
 * ±∞)? `args` in the loss's variable order.
 */
export function isUndefinedAt(loss: LossDef, args: readonly number[], output: Output): boolean {
  if (loss.source?.kind !== 'custom') return false;
  if (output === 'value') return true;
  const value = pointKernel(loss, 'value')(args);
  return !(value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY);
}

const fmt = (x: number): string =>
  x === Number.POSITIVE_INFINITY ? '∞' : x === Number.NEGATIVE_INFINITY ? '−∞' : String(x);

/** Why a primitive gave NaN from arguments that are not NaN. */
function describe(node: CallNode, args: readonly number[]): string {
  const [a = Number.NaN, b = Number.NaN] = args;
  switch (node.op) {
    case 'log':
      return `log of a negative number (${fmt(a)})`;
    case 'log1p':
      return `log1p of a number below −1 (${fmt(a)})`;
    case 'sqrt':
      return `square root of a negative number (${fmt(a)})`;
    case 'pow':
      return a < 0 ? `a negative number to a non-integer power (${fmt(a)}^${fmt(b)})` : `${fmt(a)}^${fmt(b)}`;
    case 'div':
      return `${fmt(a)}/${fmt(b)}`;
    case 'mul':
      return `${fmt(a)}·${fmt(b)}`;
    case 'add':
      return `${fmt(a)} + ${fmt(b)}`;
    case 'sub':
      return `${fmt(a)} − ${fmt(b)}`;
    case 'xlogy':
    case 'xlog1py':
      return `${node.op}(${fmt(a)}, ${fmt(b)}): log of a negative number`;
    default:
      return `${node.op}(${args.map(fmt).join(', ')}) is not a number`;
  }
}

/**
 * Where the output at this point first becomes NaN: the innermost part of
 * the formula that gives NaN from arguments that are not NaN, described.
 * Null if the output is not NaN there.
 */
export function explainUndefined(
  loss: LossDef,
  vars: Readonly<Record<string, number>>,
  output: Output = 'value',
): string | null {
  const values = new Map<Expr, number>();
  let origin: string | null = null;
  const value = (e: Expr): number => {
    const known = values.get(e);
    if (known !== undefined) return known;
    let result: number;
    switch (e.kind) {
      case 'const':
        result = e.value;
        break;
      case 'var':
        result = vars[e.name] ?? Number.NaN;
        break;
      case 'withGrad':
        result = value(e.value);
        break;
      case 'select':
        result = test(e.cond) ? value(e.then) : value(e.otherwise);
        break;
      case 'call': {
        const args = e.args.map(value);
        result = cpuPrimitives[e.op](...args);
        if (Number.isNaN(result) && origin === null && !args.some(Number.isNaN)) {
          origin = `${describe(e, args)} in ${printFormula(e, { maxLength: 80 })}`;
        }
        break;
      }
    }
    values.set(e, result);
    return result;
  };
  const test = (c: Cond): boolean => {
    switch (c.kind) {
      case 'compare':
        return compareNumbers(c.op, value(c.a), value(c.b));
      case 'and':
        return test(c.a) && test(c.b);
      case 'or':
        return test(c.a) || test(c.b);
      case 'not':
        return !test(c.a);
      case 'infinite':
        return Math.abs(value(c.a)) === Number.POSITIVE_INFINITY;
    }
  };
  const result = value(outputExpr(loss, output));
  if (!Number.isNaN(result)) return null;
  return origin ?? 'a comparison with NaN';
}

/** The error for a point where the output is undefined; `args` in the loss's variable order. */
export function undefinedValueError(
  loss: LossDef,
  args: readonly number[],
  output: Output,
  index?: number,
): UndefinedValueError {
  const at: Record<string, number> = {};
  loss.variables.forEach((v, i) => {
    at[v.name] = args[i]!;
  });
  const reason = explainUndefined(loss, at, output) ?? 'the result is NaN';
  const point = loss.variables.map((v, i) => `${v.name} = ${fmt(args[i]!)}`).join(', ');
  const what = output === 'value' ? 'the value' : `∂/∂${output.partial}`;
  const where = index === undefined ? '' : ` (point ${index})`;
  return new UndefinedValueError(
    `${loss.id}: ${what} is undefined at ${point}${where}: ${reason}`,
    loss.id,
    at,
    output,
    reason,
    index,
  );
}
