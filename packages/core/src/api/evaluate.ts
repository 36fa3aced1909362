/** Point and batch evaluation of a loss and its gradient. */
import { batchKernel, type NumericArray, pointKernel } from '../compile/kernels.js';
import { checkOutput, continuousVariables, type Output } from './output.js';
import { getLoss } from './registry.js';
import { checkValue, domainError, missingError, rejectUnknown, resolveArguments } from './validate.js';

/** The loss at one point: `evaluate('huber', { r: 3, delta: 1 })` is 2.5. */
export function evaluate(id: string, vars: Readonly<Record<string, number>>): number {
  const loss = getLoss(id);
  return pointKernel(loss, 'value')(resolveArguments(loss, vars));
}

/**
 * Partial derivatives with respect to every continuous variable (data and
 * hyperparameters), keyed by variable name. NaN where the value is infinite.
 */
export function gradient(id: string, vars: Readonly<Record<string, number>>): Record<string, number> {
  const loss = getLoss(id);
  const args = resolveArguments(loss, vars);
  const result: Record<string, number> = {};
  for (const name of continuousVariables(loss)) result[name] = pointKernel(loss, { partial: name })(args);
  return result;
}

export type Column = ArrayLike<number> | number;

export interface BatchOptions {
  /** 'value' (default) or a partial derivative. */
  readonly output?: Output;
}

/**
 * The loss (or a partial) at many points. Each variable is a column (an
 * array, all of one length) or a scalar broadcast to every point; omitted
 * variables take their defaults. Every input is checked before any work.
 * Writes into `out` (Float64Array or Float32Array) when given.
 */
export function evaluateBatch<T extends NumericArray = Float64Array>(
  id: string,
  columns: Readonly<Record<string, Column>>,
  out?: T,
  options: BatchOptions = {},
): T {
  const loss = getLoss(id);
  const output = options.output ?? 'value';
  checkOutput(loss, output);
  rejectUnknown(loss, Object.keys(columns));
  let n: number | undefined;
  let scalarMask = 0;
  const ordered = loss.variables.map((variable, i) => {
    const column = columns[variable.name];
    if (column === undefined) {
      if (variable.default === undefined) throw missingError(loss, variable);
      scalarMask |= 1 << i;
      return variable.default;
    }
    if (typeof column === 'number') {
      scalarMask |= 1 << i;
      return checkValue(loss, variable, column);
    }
    if (n === undefined) n = column.length;
    else if (column.length !== n) {
      throw new RangeError(`${loss.id}: column ${variable.name} has length ${column.length}, expected ${n}`);
    }
    return column;
  });
  const count = n ?? out?.length ?? 1;
  const target = out ?? (new Float64Array(count) as T);
  if (target.length < count)
    throw new RangeError(`${loss.id}: output array has length ${target.length} < ${count}`);
  const bad = batchKernel(loss, output, scalarMask)(target, count, ordered);
  if (bad) {
    const variable = loss.variables[bad.column]!;
    throw domainError(loss, variable, (ordered[bad.column] as ArrayLike<number>)[bad.index]);
  }
  return target;
}
