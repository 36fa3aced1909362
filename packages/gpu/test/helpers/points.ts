/** Test points for a loss: hard values crossed over its variables, as columns. */
import { continuousVariables, type LossDef } from '@losslab/core';
import { hardValues, someHardValues } from './hard-values.js';

export type Columns = Record<string, number[]>;

/**
 * Every combination of hard values: all of them for the loss's default axes
 * (or its first two continuous variables), `others` of them for the rest.
 */
export function hardPoints(loss: LossDef, others = 6): Columns {
  const continuous = continuousVariables(loss);
  const crossed = new Set(loss.defaultAxes.length === 2 ? loss.defaultAxes : continuous.slice(0, 2));
  const perVariable = loss.variables.map((v) =>
    crossed.has(v.name) ? hardValues(loss, v) : someHardValues(loss, v, others),
  );
  const columns: Columns = Object.fromEntries(loss.variables.map((v) => [v.name, [] as number[]]));
  const index = perVariable.map(() => 0);
  for (;;) {
    loss.variables.forEach((v, i) => {
      columns[v.name]!.push(perVariable[i]![index[i]!]!);
    });
    let i = 0;
    while (i < index.length && ++index[i]! === perVariable[i]!.length) index[i++] = 0;
    if (i === index.length) break;
  }
  return columns;
}

export function pointAt(columns: Columns, k: number): Record<string, number> {
  return Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, values[k]!]));
}
