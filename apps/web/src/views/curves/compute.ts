/** The numbers behind the Curves view: each loss and its derivative over the shared x variable. */
import { evaluate, evaluateBatch, getLoss, gradient } from '@losslab/core';
import type { CurvesState } from '../../state/types';

/** Points per curve: smooth at any plot width up to ~1200 px, and cheap (a few thousand evaluations). */
export const CURVE_POINTS = 801;

export interface CurveData {
  readonly xs: Float64Array;
  /** Per shown loss, in CurvesState order: the value and the derivative along x (NaN where undefined). */
  readonly curves: readonly {
    readonly id: string;
    readonly value: Float64Array;
    readonly slope: Float64Array;
  }[];
}

/** The x grid over [min, max]; linear, endpoints exact. */
export function curveXs(min: number, max: number, count = CURVE_POINTS): Float64Array {
  const xs = new Float64Array(count);
  for (let k = 0; k < count; k++) xs[k] = min + ((max - min) * k) / (count - 1);
  xs[count - 1] = max;
  return xs;
}

export function computeCurves(curves: CurvesState, count = CURVE_POINTS): CurveData {
  const xs = curveXs(curves.min, curves.max, count);
  return {
    xs,
    curves: curves.losses.map((id) => {
      const params = curves.params[id] ?? {};
      const columns = { ...params, [curves.variable]: xs };
      try {
        return {
          id,
          value: evaluateBatch(id, columns, new Float64Array(count)),
          slope: evaluateBatch(id, columns, new Float64Array(count), {
            output: { partial: curves.variable },
          }),
        };
      } catch {
        // A range outside this loss's domain: draw nothing for it rather than fail the view.
        return {
          id,
          value: new Float64Array(count).fill(Number.NaN),
          slope: new Float64Array(count).fill(Number.NaN),
        };
      }
    }),
  };
}

/** Value and derivative of one loss at one x, exactly (f64, from core). */
export function probeLoss(
  curves: CurvesState,
  id: string,
  x: number,
): { value: number; slope: number } | undefined {
  const vars = { ...(curves.params[id] ?? {}), [curves.variable]: x };
  try {
    const value = evaluate(id, vars);
    const slope = gradient(id, vars)[curves.variable] ?? Number.NaN;
    return { value, slope };
  } catch {
    return undefined;
  }
}

export function lossName(id: string): string {
  return getLoss(id).name;
}
