/**
 * Totals of a model over a dataset: L(w, b) = reduce(ℓ₁ … ℓₙ) + ½·l2·w², its
 * gradient, and the landscape of either over a grid of (w, b).
 *
 * `totalLoss` and `totalGradient` run the landscape kernels on a 1×1 grid, so
 * a landscape cell and the total at the same (w, b) are the same arithmetic,
 * bit for bit.
 */
import {
  axisCoordinates,
  LazySweepResult,
  type ResolvedSweep,
  type SweepLimits,
  type SweepResult,
} from '../api/sweep.js';
import type { AxisScale } from '../catalog/types.js';
import type { NumericArray } from '../compile/kernels.js';
import { type GridOutput, gridKernel } from './kernels.js';
import { checkPoint, type ModelPoint, type ModelSpec, type ResolvedModel, resolveModel } from './model.js';

export interface LandscapeAxis {
  readonly min: number;
  readonly max: number;
  /** Number of grid points along the axis (≥ 1). */
  readonly size: number;
  /** 'linear' (default) or 'log' (geometric spacing; needs min > 0). */
  readonly scale?: AxisScale;
}

export type LandscapeOutput = 'value' | { readonly partial: 'w' | 'b' };

export interface LandscapeSpec extends ModelSpec {
  /** Columns of the grid. */
  readonly w: LandscapeAxis;
  /** Rows of the grid. */
  readonly b: LandscapeAxis;
  readonly output?: LandscapeOutput;
}

export interface LandscapeLimits extends SweepLimits {
  /** Largest number of grid points × data points (the CPU's work limit). */
  readonly maxWork: number;
}

/** 2³² ≈ 4.3·10⁹ loss evaluations: about a minute of one CPU thread for a cheap loss. */
export const cpuLandscapeLimits: LandscapeLimits = {
  maxAxisSize: 16384,
  maxPoints: 4096 * 4096,
  maxWork: 2 ** 32,
};

export interface ResolvedLandscape {
  readonly model: ResolvedModel;
  readonly output: LandscapeOutput;
  /** The same description a sweep carries: axes 'w' and 'b', the hyperparameters as its fixed values. */
  readonly sweep: ResolvedSweep;
}

export interface LandscapeResult<T extends NumericArray = NumericArray> extends SweepResult<T> {
  readonly model: ResolvedModel;
}

/** A sweep-shaped axis of the landscape, checked as `sweep` checks its axes. */
function resolveAxis(
  id: string,
  axis: LandscapeAxis,
  name: 'w' | 'b',
  limits: SweepLimits,
): { variable: string; min: number; max: number; size: number; scale: AxisScale } {
  if (typeof axis !== 'object' || axis === null)
    throw new RangeError(`${id}: landscape axis ${name} is missing`);
  const scale = axis.scale ?? 'linear';
  if (scale !== 'linear' && scale !== 'log')
    throw new RangeError(`${id}: axis ${name} scale must be linear or log, got ${String(scale)}`);
  for (const [end, value] of [
    ['min', axis.min],
    ['max', axis.max],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(
        `${id}: axis ${name} ${end} = ${String(value)} is outside its domain any finite real`,
      );
    }
  }
  if (!(axis.min <= axis.max))
    throw new RangeError(`${id}: axis ${name} has min ${axis.min} > max ${axis.max}`);
  if (scale === 'log' && !(axis.min > 0))
    throw new RangeError(`${id}: log axis ${name} needs min > 0, got ${axis.min}`);
  if (!Number.isInteger(axis.size) || axis.size < 1 || axis.size > limits.maxAxisSize) {
    throw new RangeError(
      `${id}: axis ${name} size must be an integer in [1, ${limits.maxAxisSize}], got ${String(axis.size)}`,
    );
  }
  return { variable: name, min: axis.min, max: axis.max, size: axis.size, scale };
}

function gridOutput(id: string, output: unknown): GridOutput {
  if (output === undefined || output === 'value') return 'value';
  if (typeof output === 'object' && output !== null) {
    const partial = (output as { partial?: unknown }).partial;
    if (partial === 'w' || partial === 'b') return partial;
    throw new RangeError(`${id}: output partial must be 'w' or 'b', got '${String(partial)}'`);
  }
  throw new RangeError(`${id}: unknown output '${String(output)}'; use 'value' or { partial: 'w' | 'b' }`);
}

/** Validates a landscape spec completely, before any work. */
export function resolveLandscape(
  spec: LandscapeSpec,
  limits: LandscapeLimits = cpuLandscapeLimits,
): ResolvedLandscape {
  if (typeof spec !== 'object' || spec === null) throw new RangeError('landscape: spec must be an object');
  const model = resolveModel(spec);
  const id = model.loss.id;
  const x = resolveAxis(id, spec.w, 'w', limits);
  const y = resolveAxis(id, spec.b, 'b', limits);
  const points = x.size * y.size;
  if (points > limits.maxPoints) {
    throw new RangeError(
      `${id}: landscape of ${x.size}×${y.size} points exceeds the limit of ${limits.maxPoints}`,
    );
  }
  if (points * model.n > limits.maxWork) {
    throw new RangeError(
      `${id}: landscape of ${x.size}×${y.size} points over ${model.n} data points is ${points * model.n} evaluations, beyond the CPU limit of ${limits.maxWork} (grid points × data points)`,
    );
  }
  const kind = gridOutput(id, spec.output);
  const output: LandscapeOutput = kind === 'value' ? 'value' : { partial: kind };
  return { model, output, sweep: { loss: model.loss, x, y, output, fixed: model.params } };
}

/**
 * The total loss (or a partial) over a grid of (w, b): the same result shape
 * as `sweep`, data[j·nw + i] at (w[i], b[j]), x the w axis and y the b axis.
 */
export function landscape<T extends NumericArray = Float64Array>(
  spec: LandscapeSpec,
  options: { readonly out?: T; readonly limits?: LandscapeLimits } = {},
): LandscapeResult<T> {
  const resolved = resolveLandscape(spec, options.limits);
  const { x, y } = resolved.sweep;
  const points = x.size * y.size;
  const out = options.out ?? (new Float64Array(points) as T);
  if (out.length < points)
    throw new RangeError(`${resolved.model.loss.id}: output array is shorter than ${points}`);
  const ws = axisCoordinates(x);
  const bs = axisCoordinates(y);
  landscapeRows(resolved, ws.coords, bs.coords, out, 0, y.size);
  const data = out.length === points ? out : (out.subarray(0, points) as T);
  return Object.assign(new LazySweepResult(data, ws, bs, resolved.sweep), { model: resolved.model });
}

/**
 * Fills rows [rowStart, rowEnd) of a validated landscape into `out` (which
 * holds just those rows): the entry point for workers, each of which resolves
 * the same spec (kernels are compiled per thread) and fills its share.
 */
export function landscapeRows(
  resolved: ResolvedLandscape,
  ws: ArrayLike<number>,
  bs: ArrayLike<number>,
  out: NumericArray,
  rowStart: number,
  rowEnd: number,
): void {
  const { model } = resolved;
  const output = resolved.output === 'value' ? 'value' : resolved.output.partial;
  gridKernel(model.loss, output, model.data.weight !== null)(
    out,
    ws,
    bs,
    model.data,
    model.hyper,
    rowStart,
    rowEnd,
  );
}

const cell = new Float64Array(1);
const one = new Float64Array(1);
const other = new Float64Array(1);

/** One output of a resolved model at one point. */
export function modelAt(model: ResolvedModel, output: GridOutput, at: ModelPoint): number {
  one[0] = at.w;
  other[0] = at.b;
  gridKernel(model.loss, output, model.data.weight !== null)(cell, one, other, model.data, model.hyper, 0, 1);
  return cell[0]!;
}

/** L(w, b): the reduced total of the loss over the data, plus the ridge term. */
export function totalLoss(model: ModelSpec, at: ModelPoint): number {
  const resolved = resolveModel(model);
  return modelAt(resolved, 'value', checkPoint(resolved.loss, at));
}

/** ∂L/∂w and ∂L/∂b, with the catalog's kink conventions per term. */
export function totalGradient(model: ModelSpec, at: ModelPoint): { w: number; b: number } {
  const resolved = resolveModel(model);
  const point = checkPoint(resolved.loss, at);
  return { w: modelAt(resolved, 'w', point), b: modelAt(resolved, 'b', point) };
}
