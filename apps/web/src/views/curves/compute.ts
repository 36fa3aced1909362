/** The numbers behind the Curves view: each loss and its derivative over the shared x variable. */
import {
  axisCoordinates,
  evaluate,
  evaluateBatch,
  gradient,
  type LossDef,
  UndefinedValueError,
} from '@losslab/core';
import type { LossCatalog } from '../../state/catalog';
import type { CurvesState } from '../../state/types';

/** Points per curve: smooth at any plot width up to ~1200 px, and cheap (a few thousand evaluations). */
export const CURVE_POINTS = 801;

export interface CurveData {
  readonly xs: Float64Array;
  /** Per shown loss, in CurvesState order: the value and the derivative along x (NaN where undefined). */
  readonly curves: readonly CurveSeries[];
}

export interface CurveSeries {
  readonly id: string;
  readonly value: Float64Array;
  readonly slope: Float64Array;
  /** Points where a custom formula is undefined (NaN in value or slope), and why at the first. */
  readonly undefinedPoints: number;
  readonly reason: string | undefined;
  /**
   * Points where the value or its slope is ±∞ (the exact number is beyond
   * f64's largest, e.g. MSE at r = 1e300): left out of the plot, so the view
   * says how many.
   */
  readonly infinitePoints: number;
}

/**
 * The factor a loss's curve is drawn at: ½ for MSE when the user asked for
 * ½r² (Huber's quadratic part), else 1. Core's values are scaled, never redefined.
 */
export function curveScale(curves: Pick<CurvesState, 'halfMse'>, id: string): number {
  return curves.halfMse && id === 'mse' ? 0.5 : 1;
}

/** A loss's name as the legend, table and exports show it (½ · MSE when drawn at half). */
export function curveName(curves: Pick<CurvesState, 'halfMse'>, catalog: LossCatalog, id: string): string {
  const name = catalog.find(id)?.name ?? id;
  return curveScale(curves, id) === 1 ? name : `½ · ${name} (½r²)`;
}

/**
 * The x grid over [min, max]; linear, endpoints exact: core's sweep axis
 * (finite everywhere, also where max − min overflows, −1e308 to 1e308).
 */
export function curveXs(min: number, max: number, count = CURVE_POINTS): Float64Array {
  return axisCoordinates({ variable: 'x', min, max, size: count, scale: 'linear' }).coords;
}

function countInfinite(value: Float64Array, slope: Float64Array): number {
  let n = 0;
  for (let k = 0; k < value.length; k++) {
    const v = value[k]!;
    const s = slope[k]!;
    if (v === Infinity || v === -Infinity || s === Infinity || s === -Infinity) n++;
  }
  return n;
}

function scaled(values: Float64Array, factor: number): Float64Array {
  if (factor !== 1) for (let k = 0; k < values.length; k++) values[k] = values[k]! * factor;
  return values;
}

/**
 * One output of a loss over the columns. Where a custom formula is
 * undefined core throws after filling the batch (NaN at those points): the
 * batch is kept, and the reason returned with it.
 */
function batch(
  loss: LossDef,
  columns: Readonly<Record<string, Float64Array | number>>,
  count: number,
  output: 'value' | { partial: string },
): { values: Float64Array; reason: string | undefined } {
  const values = new Float64Array(count);
  try {
    evaluateBatch(loss, columns, values, { output });
    return { values, reason: undefined };
  } catch (error) {
    if (error instanceof UndefinedValueError) return { values, reason: error.message };
    throw error;
  }
}

export function computeCurves(curves: CurvesState, catalog: LossCatalog, count = CURVE_POINTS): CurveData {
  const xs = curveXs(curves.min, curves.max, count);
  return {
    xs,
    curves: curves.losses.map((id): CurveSeries => {
      const params = curves.params[id] ?? {};
      const columns = { ...params, [curves.variable]: xs };
      const factor = curveScale(curves, id);
      try {
        const loss = catalog.get(id);
        const value = batch(loss, columns, count, 'value');
        const slope = batch(loss, columns, count, { partial: curves.variable });
        let undefinedPoints = 0;
        if (value.reason !== undefined || slope.reason !== undefined) {
          for (let k = 0; k < count; k++) {
            const v = value.values[k]!;
            // Where the value is undefined so is its slope, whatever the derivative's own formula gives
            // there (1/r for log(r) at r < 0).
            if (Number.isNaN(v)) slope.values[k] = Number.NaN;
            // NaN slopes where the value is ±∞ are the catalog's convention, not undefined points.
            if (Number.isNaN(v) || (Number.isNaN(slope.values[k]!) && Number.isFinite(v))) undefinedPoints++;
          }
        }
        return {
          id,
          value: scaled(value.values, factor),
          slope: scaled(slope.values, factor),
          undefinedPoints,
          reason: value.reason ?? slope.reason,
          infinitePoints: countInfinite(value.values, slope.values),
        };
      } catch (error) {
        // A range outside this loss's domain: draw nothing for it, and say why, rather than fail the view.
        return {
          id,
          value: new Float64Array(count).fill(Number.NaN),
          slope: new Float64Array(count).fill(Number.NaN),
          undefinedPoints: count,
          reason: error instanceof Error ? error.message : String(error),
          infinitePoints: 0,
        };
      }
    }),
  };
}

/** Value and derivative of one loss at one x, exactly (f64, from core), at the scale it is drawn. */
export function probeLoss(
  curves: CurvesState,
  catalog: LossCatalog,
  id: string,
  x: number,
): ProbeReading | undefined {
  const loss = catalog.find(id);
  if (!loss) return undefined;
  const vars = { ...(curves.params[id] ?? {}), [curves.variable]: x };
  const factor = curveScale(curves, id);
  try {
    const value = evaluate(loss, vars) * factor;
    const slope = (gradient(loss, vars)[curves.variable] ?? Number.NaN) * factor;
    return { value, slope };
  } catch (error) {
    // A custom formula undefined here (log of a negative number): NaN, with core's reason.
    if (error instanceof UndefinedValueError)
      return { value: Number.NaN, slope: Number.NaN, reason: error.message };
    return undefined;
  }
}

export interface ProbeReading {
  readonly value: number;
  readonly slope: number;
  /** Why the value or slope is undefined at this point (custom formulas only). */
  readonly reason?: string;
}
