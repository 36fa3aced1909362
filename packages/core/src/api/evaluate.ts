/** Point and batch evaluation of a loss and its gradient. */
import { batchKernel, type NumericArray, pointKernel } from '../compile/kernels.js';
import { checkOutput, continuousVariables, type Output } from './output.js';
import { type LossRef, resolveLoss } from './registry.js';
import { isUndefinedAt, undefinedValueError } from './undefined.js';
import {
  checkValue,
  domainError,
  missingError,
  ownProperty,
  rejectUnknown,
  resolveArguments,
} from './validate.js';

/**
 * The loss at one point: `evaluate('huber', { r: 3, delta: 1 })` is 2.5. The
 * loss is a catalog id or a definition (`customLoss`). Where a custom
 * formula is undefined (log of a negative number, 0/0) it throws an
 * UndefinedValueError naming the variables; the catalog never is.
 */
export function evaluate(loss: LossRef, vars: Readonly<Record<string, number>>): number {
  const def = resolveLoss(loss);
  const args = resolveArguments(def, vars);
  const value = pointKernel(def, 'value')(args);
  if (Number.isNaN(value) && isUndefinedAt(def, args, 'value')) throw undefinedValueError(def, args, 'value');
  return value;
}

/**
 * Partial derivatives with respect to every continuous variable (data and
 * hyperparameters), keyed by variable name. NaN where the value is infinite;
 * an UndefinedValueError where a custom formula's partial is undefined at a
 * finite value.
 */
export function gradient(loss: LossRef, vars: Readonly<Record<string, number>>): Record<string, number> {
  const def = resolveLoss(loss);
  const args = resolveArguments(def, vars);
  const result: Record<string, number> = {};
  for (const name of continuousVariables(def)) {
    const output = { partial: name };
    const partial = pointKernel(def, output)(args);
    if (Number.isNaN(partial) && isUndefinedAt(def, args, output))
      throw undefinedValueError(def, args, output);
    result[name] = partial;
  }
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
 * Writes into `out` (Float64Array or Float32Array) when given. A custom
 * formula undefined at some point throws an UndefinedValueError naming the
 * first such point (after the work: finding it is a scan of the output).
 */
export function evaluateBatch<T extends NumericArray = Float64Array>(
  lossRef: LossRef,
  columns: Readonly<Record<string, Column>>,
  out?: T,
  options: BatchOptions = {},
): T {
  const loss = resolveLoss(lossRef);
  const output = options.output ?? 'value';
  checkOutput(loss, output);
  rejectUnknown(loss, Object.keys(columns));
  let n: number | undefined;
  let scalarMask = 0;
  const ordered = loss.variables.map((variable, i) => {
    const column = ownProperty(columns, variable.name);
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
  // The catalog never gives NaN but where its convention says so; a custom formula may.
  if (loss.source?.kind === 'custom') {
    for (let i = 0; i < count; i++) {
      if (!Number.isNaN(target[i]!)) continue;
      const args = ordered.map((c) => (typeof c === 'number' ? c : c[i]!));
      if (isUndefinedAt(loss, args, output)) throw undefinedValueError(loss, args, output, i);
    }
  }
  return target;
}
