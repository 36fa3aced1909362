/** What a bulk evaluation computes: the loss value or one partial derivative. */
import { isContinuous } from '../catalog/domain.js';
import type { LossDef } from '../catalog/types.js';
import { type CondLike, NAN, select } from '../expr/build.js';
import { Differentiator } from '../expr/diff.js';
import { exactlyInfinite } from '../expr/infinity.js';
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

/** The derivative tree of a loss with respect to one continuous variable, before the infinity rule. */
export function partialExpr(loss: LossDef, name: string): Expr {
  checkOutput(loss, { partial: name });
  return differentiator(loss).diff(loss.expr, name);
}

/**
 * The expression for an output. A partial is NaN where the value is infinite
 * in exact arithmetic (bce at p = 0, y = 1), and the derivative tree's own
 * result everywhere else, including where a finite value overflowed (mse at
 * r = 1e200 is +∞ with ∂r = 2e200): see expr/infinity.ts.
 */
export function outputExpr(loss: LossDef, output: Output): Expr {
  checkOutput(loss, output);
  if (output === 'value') return loss.expr;
  return select(valueExactlyInfinite(loss), NAN, partialExpr(loss, output.partial));
}

/** Where the loss's value is infinite in exact arithmetic: false for losses finite on their domain. */
export function valueExactlyInfinite(loss: LossDef): CondLike {
  return loss.finiteOnDomain ? false : exactlyInfinite(loss.expr);
}
