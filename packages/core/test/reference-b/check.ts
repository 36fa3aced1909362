/**
 * Comparing `evaluate` and `gradient` with the 80-digit references at many
 * points: values within 1e-12 and partials within 1e-9 relative error
 * (relative to the smallest normal double below it), ±Infinity exactly where
 * the true value is infinite or beyond the largest double, NaN partials only
 * where it is infinite in exact arithmetic (an overflowed value keeps its
 * partials, themselves ±Infinity where they overflow).
 */
import { continuousVariables, evaluate, getLoss, gradient } from '../../src/index.js';
import { type Dec, exact, relativeError, toDouble } from './decimal.js';
import { references } from './losses.js';

export const VALUE_TOLERANCE = 1e-12;
export const GRADIENT_TOLERANCE = 1e-9;

export type Point = Readonly<Record<string, number>>;

/** Every combination of the listed values (variables left out take their defaults). */
export function grid(axes: Readonly<Record<string, readonly number[]>>): Point[] {
  let points: Record<string, number>[] = [{}];
  for (const [name, values] of Object.entries(axes)) {
    points = points.flatMap((p) => values.map((x) => ({ ...p, [name]: x })));
  }
  return points;
}

/** Failures as readable lines (empty when every point passes). */
export function referenceFailures(id: string, points: readonly Point[]): string[] {
  const loss = getLoss(id);
  const reference = references[id];
  if (!reference) throw new Error(`no reference for ${id}`);
  const failures: string[] = [];
  for (const point of points) {
    const full: Record<string, number> = {};
    for (const v of loss.variables) full[v.name] = point[v.name] ?? v.default ?? Number.NaN;
    const vars: Record<string, Dec> = {};
    for (const [k, x] of Object.entries(full)) vars[k] = exact(x);
    const at = JSON.stringify(point);
    const refValue = reference.value(vars);
    const value = evaluate(id, point);
    const valueError = relativeError(value, refValue);
    if (!(valueError <= VALUE_TOLERANCE)) {
      failures.push(`${id} value at ${at}: ${value}, reference ${toDouble(refValue)} (error ${valueError})`);
    }
    // Infinite in exact arithmetic (not merely beyond the largest double): NaN partials.
    const infinite = !refValue.isFinite();
    const refGradient = infinite ? undefined : reference.gradient(vars);
    const partials = gradient(id, point);
    for (const name of continuousVariables(loss)) {
      const got = partials[name]!;
      if (infinite) {
        if (!Number.isNaN(got))
          failures.push(`${id} ∂${name} at ${at}: ${got}, expected NaN (infinite value)`);
        continue;
      }
      const ref = refGradient![name]!;
      const error = relativeError(got, ref);
      if (!(error <= GRADIENT_TOLERANCE)) {
        failures.push(`${id} ∂${name} at ${at}: ${got}, reference ${toDouble(ref)} (error ${error})`);
      }
    }
  }
  return failures;
}
