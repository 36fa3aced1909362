/**
 * evaluateBatch's input handling, with core's checks and messages: the same
 * RangeErrors as core's evaluateBatch, thrown before any GPU work. Columns
 * become f32 exactly as the GPU will see them.
 */
import {
  type Column,
  checkOutput,
  checkValue,
  evaluateBatch,
  type LossDef,
  type LossRef,
  missingError,
  type Output,
  ownProperty,
  rejectUnknown,
  resolveLoss,
  UndefinedValueError,
  undefinedValueError,
} from '@losslab/core';
import { toDeviceF32 } from '../wgsl/literals.js';
import { checkF32Column, checkF32Input } from './f32-policy.js';

export interface BatchInput {
  readonly loss: LossDef;
  readonly output: Output;
  /** Points to evaluate. */
  readonly count: number;
  /** Per variable, in declaration order: a broadcast value or a column of `count` values. */
  readonly columns: readonly (number | ArrayLike<number>)[];
  /** Variables given as scalars (or defaulted). */
  readonly scalars: ReadonlySet<string>;
}

/** Validates like core's evaluateBatch (every value, before any work; the loss is an id or a definition), then by the f32 input policy. */
export function resolveBatch(
  lossRef: LossRef,
  columns: Readonly<Record<string, Column>>,
  output: Output = 'value',
): BatchInput {
  const loss = resolveLoss(lossRef);
  checkOutput(loss, output);
  if (typeof columns !== 'object' || columns === null)
    throw new RangeError(`${loss.id}: columns must be an object`);
  rejectUnknown(loss, Object.keys(columns));
  let n: number | undefined;
  const scalars = new Set<string>();
  const ordered = loss.variables.map((variable) => {
    const column = ownProperty(columns, variable.name);
    if (column === undefined) {
      if (variable.default === undefined) throw missingError(loss, variable);
      scalars.add(variable.name);
      return variable.default;
    }
    if (typeof column === 'number') {
      scalars.add(variable.name);
      return checkF32Input(loss, variable.name, checkValue(loss, variable, column));
    }
    if (n === undefined) n = column.length;
    else if (column.length !== n) {
      throw new RangeError(`${loss.id}: column ${variable.name} has length ${column.length}, expected ${n}`);
    }
    for (let k = 0; k < column.length; k++) checkValue(loss, variable, column[k]);
    checkF32Column(loss, variable.name, column);
    return column;
  });
  return { loss, output, count: n ?? 1, columns: ordered, scalars };
}

/** Rows [start, start + count) of every column, packed column after column, as device f32. */
export function packColumns(input: BatchInput, start: number, count: number): Float32Array<ArrayBuffer> {
  const arrays = input.columns.filter((c): c is ArrayLike<number> => typeof c !== 'number');
  const out = new Float32Array(Math.max(1, arrays.length * count));
  arrays.forEach((column, c) => {
    const base = c * count;
    for (let k = 0; k < count; k++) out[base + k] = toDeviceF32(column[start + k]!);
  });
  return out;
}

/** The broadcast values, in declaration order, as device f32. */
export function scalarValues(input: BatchInput): number[] {
  return input.columns.filter((c): c is number => typeof c === 'number').map(toDeviceF32);
}

/**
 * A custom formula may be undefined at some points (log of a negative
 * number, 0/0): core's evaluateBatch throws there, naming the point, and so
 * does the GPU's. Each NaN of the GPU's result is checked against core at the
 * same (f32) inputs; NaN that core gives by the catalog's convention (a
 * partial where the value is infinite) stays.
 */
export function throwIfUndefined(input: BatchInput, result: Float32Array): void {
  for (let k = 0; k < result.length; k++) {
    if (!Number.isNaN(result[k]!)) continue;
    const args = input.columns.map((c) => toDeviceF32(typeof c === 'number' ? c : c[k]!));
    const point = Object.fromEntries(input.loss.variables.map((v, i) => [v.name, args[i]!]));
    try {
      evaluateBatch(input.loss, point, undefined, { output: input.output });
    } catch (error) {
      if (error instanceof UndefinedValueError) throw undefinedValueError(input.loss, args, input.output, k);
      throw error;
    }
  }
}
