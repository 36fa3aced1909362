/**
 * Compares `evaluate` and `gradient` at one point with the 200-digit-class
 * references of `losses.ts`, returning the relative errors (see
 * `relativeError`) so that tests can assert on them and print them.
 */
import { continuousVariables, evaluate, getLoss, gradient } from '../../src/index.js';
import { decimals, type Partial, partial, relativeError, toDouble } from './decimal.js';
import { referenceLosses } from './losses.js';

export interface PartialCheck {
  readonly name: string;
  readonly got: number;
  /** The reference, rounded to a double; undefined at a kink. */
  readonly expected: number | undefined;
  /** Relative error; undefined at a kink (where the caller supplies the convention). */
  readonly error: number | undefined;
}

export interface PointCheck {
  readonly value: number;
  readonly expected: number;
  readonly valueError: number;
  readonly partials: readonly PartialCheck[];
}

export function checkPoint(id: string, point: Readonly<Record<string, number>>): PointCheck {
  const ref = referenceLosses[id];
  if (!ref) throw new Error(`no reference for ${id}`);
  const vars = decimals(point);
  const expectedValue = ref(vars);
  const value = evaluate(id, point);
  const grad = gradient(id, point);
  const partials = continuousVariables(getLoss(id)).map((name): PartialCheck => {
    const got = grad[name]!;
    // Where the value is infinite in exact arithmetic the catalog's partial is NaN: compare with
    // NaN itself. A finite value beyond the largest double keeps its partials (checked below).
    if (!expectedValue.isFinite()) {
      return { name, got, expected: Number.NaN, error: Number.isNaN(got) ? 0 : Number.POSITIVE_INFINITY };
    }
    const p: Partial = partial(ref, vars, name);
    if (p.kind === 'kink') return { name, got, expected: undefined, error: undefined };
    if (p.kind === 'negligible') {
      // Only a bound is known (f is flat to 560 digits): the partial must respect it.
      return {
        name,
        got,
        expected: 0,
        error: Math.abs(got) <= p.bound.toNumber() ? 0 : Number.POSITIVE_INFINITY,
      };
    }
    return { name, got, expected: toDouble(p.value), error: relativeError(got, p.value, p.uncertainty) };
  });
  return {
    value,
    expected: toDouble(expectedValue),
    valueError: relativeError(value, expectedValue),
    partials,
  };
}

/** Every combination of the given values, one per variable. */
export function grid(axes: Readonly<Record<string, readonly number[]>>): Record<string, number>[] {
  let points: Record<string, number>[] = [{}];
  for (const [name, values] of Object.entries(axes)) {
    points = points.flatMap((p) => values.map((x) => ({ ...p, [name]: x })));
  }
  return points;
}
