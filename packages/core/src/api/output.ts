/** What a bulk evaluation computes: the loss value or one partial derivative. */
import { isContinuous } from '../catalog/domain.js';
import type { LossDef } from '../catalog/types.js';
import { abs, c, eq, NAN, select } from '../expr/build.js';
import { Differentiator } from '../expr/diff.js';
import type { Expr } from '../expr/nodes.js';
import { findVariable } from './validate.js';

export type Output = 'value' | { readonly partial: string };

export function outputKey(output: Output): string {
  return output === 'value' ? 'value' : `d/d${output.partial}`;
}

/** The continuous variables of a loss: those with a partial derivative. */
export function continuousVariables(loss: LossDef): string[] {
  return loss.variables.filter((v) => isContinuous(v.domain)).map((v) => v.name);
}

const differentiators = new WeakMap<LossDef, Differentiator>();

function differentiator(loss: LossDef): Differentiator {
  let d = differentiators.get(loss);
  if (!d) {
    d = new Differentiator(continuousVariables(loss));
    differentiators.set(loss, d);
  }
  return d;
}

/** Checks that an output names the value or a partial the loss has. */
export function checkOutput(loss: LossDef, output: Output): void {
  if (output === 'value') return;
  if (typeof output !== 'object' || output === null || typeof output.partial !== 'string') {
    throw new RangeError(`${loss.id}: output must be 'value' or { partial: <variable> }`);
  }
  const variable = findVariable(loss, output.partial);
  if (!isContinuous(variable.domain)) {
    throw new RangeError(`${loss.id}: ${variable.name} is discrete and has no partial derivative`);
  }
}

/**
 * The expression for an output. Partials are NaN wherever the value is
 * infinite (the catalog's convention), whatever the derivative tree says.
 */
export function outputExpr(loss: LossDef, output: Output): Expr {
  checkOutput(loss, output);
  if (output === 'value') return loss.expr;
  const partial = differentiator(loss).diff(loss.expr, output.partial);
  return select(eq(abs(loss.expr), c(Number.POSITIVE_INFINITY)), NAN, partial);
}
