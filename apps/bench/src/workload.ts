/**
 * What one (loss, size) case computes, identically for every backend: a 2D
 * sweep over the loss's default axes across their plot ranges, the other
 * variables at their defaults. Plus the fixed sample of points at which every
 * backend's output is checked against core's f64 `evaluate`.
 */
import {
  type AxisSpec,
  axisCoordinates,
  evaluate,
  getLoss,
  type LossDef,
  resolveSweep,
  type SweepSpec,
} from '@losslab/core';
import type { Checksum } from './types.js';

/**
 * A 2D sweep, or for a loss of one variable (which has no 2D sweep in core)
 * size² points of that variable evenly spread over its plot range.
 */
export type Workload =
  | { readonly kind: 'sweep'; readonly loss: LossDef; readonly size: number; readonly spec: SweepSpec }
  | {
      readonly kind: 'column';
      readonly loss: LossDef;
      readonly size: number;
      readonly variable: string;
      readonly axis: Required<AxisSpec>;
      readonly fixed: Readonly<Record<string, number>>;
    };

/** Every variable off the axes: its default, else 0 where allowed (a logit), else mid plot range. */
export function fixedValues(loss: LossDef, axes: readonly string[]): Record<string, number> {
  const fixed: Record<string, number> = {};
  for (const v of loss.variables) {
    if (axes.includes(v.name)) continue;
    if (v.default !== undefined) fixed[v.name] = v.default;
    else if (v.domain.kind === 'interval' && v.domain.min < 0 && v.domain.max > 0) fixed[v.name] = 0;
    else fixed[v.name] = 0.5 * (v.plot.min + v.plot.max);
  }
  return fixed;
}

function axis(loss: LossDef, name: string, size: number): Required<AxisSpec> {
  const v = loss.variables.find((w) => w.name === name);
  if (!v) throw new RangeError(`${loss.id}: no variable ${name}`);
  return { variable: name, min: v.plot.min, max: v.plot.max, size, scale: v.plot.scale };
}

export function workload(lossId: string, size: number): Workload {
  const loss = getLoss(lossId);
  const [ax, ay] = loss.defaultAxes;
  if (ay === undefined) {
    return {
      kind: 'column',
      loss,
      size,
      variable: ax,
      axis: axis(loss, ax, size * size),
      fixed: fixedValues(loss, [ax]),
    };
  }
  const spec: SweepSpec = {
    loss: loss.id,
    x: axis(loss, ax, size),
    y: axis(loss, ay, size),
    fixed: fixedValues(loss, [ax, ay]),
  };
  return { kind: 'sweep', loss, size, spec };
}

/** x and y coordinates in f64 (y empty for a column), exactly as core computes them. */
export function workloadCoords(w: Workload): { xs: Float64Array; ys: Float64Array } {
  if (w.kind === 'column') return { xs: axisCoordinates(w.axis).coords, ys: new Float64Array(0) };
  // Core's own coordinates; limits wide enough for any size a GPU takes.
  const r = resolveSweep(w.spec, { maxAxisSize: 1 << 20, maxPoints: 2 ** 40 });
  return { xs: axisCoordinates(r.x).coords, ys: axisCoordinates(r.y).coords };
}

/** Up to 64 rows (and as many columns) of an n × n grid, evenly spread, both ends included. */
export function sampleAxis(n: number): number[] {
  const k = Math.min(64, n);
  return [...new Set(Array.from({ length: k }, (_, t) => Math.round((t * (n - 1)) / Math.max(1, k - 1))))];
}

/**
 * Grid indices j·n + i for the sampled rows j and columns i, in increasing
 * order. A column of n² points is sampled as if it were n rows of n, so a
 * backend can pick the sample with two small gathers (one over rows, one
 * over columns): a single flat gather of a 16384² grid has indices past 2²⁴,
 * which f32 index arithmetic (tfjs-webgpu) cannot hold.
 */
export function sampleIndices(w: Workload): number[] {
  const n = w.size;
  const at = sampleAxis(n);
  return at.flatMap((j) => at.map((i) => j * n + i));
}

/**
 * Coordinate i of an axis, by the same expression as core's axisCoordinates
 * (so bit for bit the same), without building the whole axis: a column of
 * 16384² points would be a 2 GiB array.
 */
export function coordAt(axis: AxisSpec, i: number): number {
  const { size, min, max } = axis;
  if (i === 0) return min;
  if (i === size - 1) return max;
  if (axis.scale === 'log') {
    const a = Math.log(min);
    const b = Math.log(max);
    return Math.exp(a + ((b - a) * i) / Math.max(1, size - 1));
  }
  return min + ((max - min) * i) / Math.max(1, size - 1);
}

/** The point behind grid index k, as the loss's variables. */
export function pointAt(w: Workload, k: number): Record<string, number> {
  if (w.kind === 'column') return { ...w.fixed, [w.variable]: coordAt(w.axis, k) };
  const n = w.size;
  const { x, y } = w.spec;
  return { ...w.spec.fixed, [x.variable]: coordAt(x, k % n), [y.variable]: coordAt(y, Math.floor(k / n)) };
}

/** Core's f64 values at the sample indices. */
export function referenceSample(w: Workload, indices: readonly number[]): Float64Array {
  return Float64Array.from(indices, (k) => evaluate(w.loss.id, pointAt(w, k)));
}

/** Relative tolerance by output precision: f32 backends get room for f32 rounding of inputs and ops. */
export const tolerances = { f64: 1e-9, f32: 2e-3 } as const;

/**
 * Compares values read at the sample indices with core's. Relative error has
 * a floor of 1e-4 of the sample's largest |value|, so a difference of two
 * large terms that nearly cancels is judged against the scale of the grid.
 */
export function checksum(values: ArrayLike<number>, reference: Float64Array, tolerance: number): Checksum {
  let scale = 0;
  for (const r of reference) if (Number.isFinite(r)) scale = Math.max(scale, Math.abs(r));
  const floor = Math.max(1e-4 * scale, 1e-30);
  let sum = 0;
  let ref = 0;
  let maxRelErr = 0;
  let nonFiniteMismatches = 0;
  for (let k = 0; k < reference.length; k++) {
    const a = values[k]!;
    const b = reference[k]!;
    if (Number.isFinite(b)) {
      ref += b;
      if (!Number.isFinite(a)) {
        nonFiniteMismatches++;
        continue;
      }
      sum += a;
      maxRelErr = Math.max(maxRelErr, Math.abs(a - b) / Math.max(Math.abs(b), floor));
    } else if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) {
      nonFiniteMismatches++;
    }
  }
  return {
    sum,
    reference: ref,
    maxRelErr,
    nonFiniteMismatches,
    sampled: reference.length,
    tolerance,
    ok: maxRelErr <= tolerance && nonFiniteMismatches === 0,
  };
}

/** Values of a full output array at the sample indices. */
export function gather(data: ArrayLike<number>, indices: readonly number[]): Float64Array {
  return Float64Array.from(indices, (k) => data[k]!);
}
