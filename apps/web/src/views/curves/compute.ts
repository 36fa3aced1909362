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

/**
 * The factor a loss's curve is drawn at: ½ for MSE when the user asked for
 * ½r² (Huber's quadratic part), else 1. Core's values are scaled, never redefined.
 */
export function curveScale(curves: Pick<CurvesState, 'halfMse'>, id: string): number {
  return curves.halfMse && id === 'mse' ? 0.5 : 1;
}

/** A loss's name as the legend, table and exports show it (½ · MSE when drawn at half). */
export function curveName(curves: Pick<CurvesState, 'halfMse'>, id: string): string {
  const name = getLoss(id).name;
  return curveScale(curves, id) === 1 ? name : `½ · ${name} (½r²)`;
}

/** The x grid over [min, max]; linear, endpoints exact. */
export function curveXs(min: number, max: number, count = CURVE_POINTS): Float64Array {
  const xs = new Float64Array(count);
  for (let k = 0; k < count; k++) xs[k] = min + ((max - min) * k) / (count - 1);
  xs[count - 1] = max;
  return xs;
}

function scaled(values: Float64Array, factor: number): Float64Array {
  if (factor !== 1) for (let k = 0; k < values.length; k++) values[k] = values[k]! * factor;
  return values;
}

export function computeCurves(curves: CurvesState, count = CURVE_POINTS): CurveData {
  const xs = curveXs(curves.min, curves.max, count);
  return {
    xs,
    curves: curves.losses.map((id) => {
      const params = curves.params[id] ?? {};
      const columns = { ...params, [curves.variable]: xs };
      const factor = curveScale(curves, id);
      try {
        return {
          id,
          value: scaled(evaluateBatch(id, columns, new Float64Array(count)), factor),
          slope: scaled(
            evaluateBatch(id, columns, new Float64Array(count), {
              output: { partial: curves.variable },
            }),
            factor,
          ),
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

/** Value and derivative of one loss at one x, exactly (f64, from core), at the scale it is drawn. */
export function probeLoss(
  curves: CurvesState,
  id: string,
  x: number,
): { value: number; slope: number } | undefined {
  const vars = { ...(curves.params[id] ?? {}), [curves.variable]: x };
  const factor = curveScale(curves, id);
  try {
    const value = evaluate(id, vars) * factor;
    const slope = (gradient(id, vars)[curves.variable] ?? Number.NaN) * factor;
    return { value, slope };
  } catch {
    return undefined;
  }
}

export function lossName(id: string): string {
  return getLoss(id).name;
}
