/** 2D sweeps: a loss (or a partial) over a grid of any two of its variables. */
import { formatDomain, inDomain, isContinuous } from '../catalog/domain.js';
import type { AxisScale, LossDef } from '../catalog/types.js';
import { type NumericArray, sweepKernel } from '../compile/kernels.js';
import { checkOutput, type Output } from './output.js';
import { type LossRef, resolveLoss } from './registry.js';
import { checkValue, findVariable, missingError, ownProperty, rejectUnknown } from './validate.js';

export interface AxisSpec {
  readonly variable: string;
  readonly min: number;
  readonly max: number;
  /** Number of grid points along the axis (≥ 1). */
  readonly size: number;
  /** 'linear' (default) or 'log' (geometric spacing; needs min > 0). */
  readonly scale?: AxisScale;
}

export interface SweepSpec {
  /** A catalog id or a definition (`customLoss`, `defineLoss`). */
  readonly loss: LossRef;
  /** Columns of the grid (fastest-varying). */
  readonly x: AxisSpec;
  /** Rows of the grid. */
  readonly y: AxisSpec;
  /** Values of the other variables; omitted ones take their defaults. */
  readonly fixed?: Readonly<Record<string, number>>;
  readonly output?: Output;
}

/** A spec after validation: defaults applied, fixed values in variable order. */
export interface ResolvedSweep {
  readonly loss: LossDef;
  readonly x: Required<AxisSpec>;
  readonly y: Required<AxisSpec>;
  readonly output: Output;
  /** Every variable other than the two axes, in declaration order. */
  readonly fixed: readonly { readonly name: string; readonly value: number }[];
}

export interface AxisCoordinates {
  readonly variable: string;
  readonly scale: AxisScale;
  readonly min: number;
  readonly max: number;
  readonly coords: Float64Array;
}

export interface SweepStats {
  /** Smallest and largest finite value (NaN when there is none). */
  readonly min: number;
  readonly max: number;
  readonly finiteCount: number;
  readonly posInfCount: number;
  readonly negInfCount: number;
  /** NaN can only appear in partials, where the value is infinite. */
  readonly nanCount: number;
}

export interface SweepResult<T extends NumericArray = NumericArray> extends SweepStats {
  /** Row-major: data[j·nx + i] is the output at (x[i], y[j]). */
  readonly data: T;
  readonly x: AxisCoordinates;
  readonly y: AxisCoordinates;
  readonly spec: ResolvedSweep;
}

export interface SweepLimits {
  /** Largest size of one axis. */
  readonly maxAxisSize: number;
  /** Largest number of grid points. */
  readonly maxPoints: number;
}

/** The CPU's limits: 4096² f64 is 128 MiB. */
export const cpuSweepLimits: SweepLimits = { maxAxisSize: 16384, maxPoints: 4096 * 4096 };

/** Validates one sweep axis of `loss` (its variable, range, scale and size); the errors name the axis. */
export function resolveSweepAxis(
  loss: LossDef,
  axis: AxisSpec,
  which: 'x' | 'y',
  limits: SweepLimits,
): Required<AxisSpec> {
  if (typeof axis !== 'object' || axis === null)
    throw new RangeError(`${loss.id}: sweep axis ${which} is missing`);
  const variable = findVariable(loss, axis.variable);
  if (!isContinuous(variable.domain)) {
    throw new RangeError(
      `${loss.id}: ${variable.name} is discrete (${formatDomain(variable.domain)}) and cannot be an axis`,
    );
  }
  const scale = axis.scale ?? 'linear';
  if (scale !== 'linear' && scale !== 'log')
    throw new RangeError(`${loss.id}: axis ${which} scale must be linear or log`);
  for (const [end, value] of [
    ['min', axis.min],
    ['max', axis.max],
  ] as const) {
    if (typeof value !== 'number' || !inDomain(variable.domain, value)) {
      throw new RangeError(
        `${loss.id}: axis ${which} ${end} ${variable.name} = ${String(value)} is outside its domain ${formatDomain(variable.domain)}`,
      );
    }
  }
  if (!(axis.min <= axis.max)) {
    throw new RangeError(
      `${loss.id}: axis ${which} (${variable.name}) has min ${axis.min} > max ${axis.max}`,
    );
  }
  if (scale === 'log' && !(axis.min > 0)) {
    throw new RangeError(`${loss.id}: log axis ${which} (${variable.name}) needs min > 0, got ${axis.min}`);
  }
  if (!Number.isInteger(axis.size) || axis.size < 1 || axis.size > limits.maxAxisSize) {
    throw new RangeError(
      `${loss.id}: axis ${which} (${variable.name}) size must be an integer in [1, ${limits.maxAxisSize}], got ${String(axis.size)}`,
    );
  }
  return { variable: variable.name, min: axis.min, max: axis.max, size: axis.size, scale };
}

/** Validates a sweep spec completely, before any work. */
export function resolveSweep(spec: SweepSpec, limits: SweepLimits = cpuSweepLimits): ResolvedSweep {
  if (typeof spec !== 'object' || spec === null) throw new RangeError('sweep: spec must be an object');
  const loss = resolveLoss(spec.loss);
  const x = resolveSweepAxis(loss, spec.x, 'x', limits);
  const y = resolveSweepAxis(loss, spec.y, 'y', limits);
  if (x.variable === y.variable) throw new RangeError(`${loss.id}: both sweep axes are ${x.variable}`);
  if (x.size * y.size > limits.maxPoints) {
    throw new RangeError(
      `${loss.id}: sweep of ${x.size}×${y.size} points exceeds the limit of ${limits.maxPoints}`,
    );
  }
  const output = spec.output ?? 'value';
  checkOutput(loss, output);
  const fixed = resolveFixed(loss, spec.fixed ?? {}, [x.variable, y.variable]);
  return { loss, x, y, output, fixed };
}

/**
 * The values of every variable but the swept ones, in declaration order:
 * given ones checked against their domains, the rest their defaults.
 */
export function resolveFixed(
  loss: LossDef,
  given: Readonly<Record<string, number>>,
  swept: readonly string[],
): { name: string; value: number }[] {
  rejectUnknown(loss, Object.keys(given));
  return loss.variables
    .filter((v) => !swept.includes(v.name))
    .map((variable) => {
      const value = ownProperty(given, variable.name);
      if (value === undefined) {
        if (variable.default === undefined) throw missingError(loss, variable);
        return { name: variable.name, value: variable.default };
      }
      return { name: variable.name, value: checkValue(loss, variable, value) };
    });
}

/** Grid coordinates of an axis: endpoints exact, linear or geometric in between. */
export function axisCoordinates(axis: Required<AxisSpec>): AxisCoordinates {
  const { size, min, max, scale } = axis;
  const coords = new Float64Array(size);
  if (scale === 'log') {
    const a = Math.log(min);
    const b = Math.log(max);
    for (let i = 0; i < size; i++) coords[i] = Math.exp(a + ((b - a) * i) / Math.max(1, size - 1));
  } else if (Number.isFinite(max - min)) {
    for (let i = 0; i < size; i++) coords[i] = min + ((max - min) * i) / Math.max(1, size - 1);
  } else {
    // The span itself overflows (−1e308 to 1e308): weigh the ends instead, each term at most
    // |min| or |max|, so no coordinate is ±∞ (or NaN) where every exact one is finite.
    const last = Math.max(1, size - 1);
    for (let i = 0; i < size; i++) coords[i] = min * ((last - i) / last) + max * (i / last);
  }
  coords[0] = min;
  if (size > 1) coords[size - 1] = max;
  return { variable: axis.variable, scale, min, max, coords };
}

/** Min/max of the finite values and counts of the rest. */
export function sweepStats(data: ArrayLike<number>): SweepStats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let finiteCount = 0;
  let posInfCount = 0;
  let negInfCount = 0;
  let nanCount = 0;
  for (let k = 0; k < data.length; k++) {
    const value = data[k]!;
    if (value === Number.POSITIVE_INFINITY) posInfCount++;
    else if (value === Number.NEGATIVE_INFINITY) negInfCount++;
    else if (Number.isNaN(value)) nanCount++;
    else {
      finiteCount++;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (finiteCount === 0) {
    min = Number.NaN;
    max = Number.NaN;
  }
  return { min, max, finiteCount, posInfCount, negInfCount, nanCount };
}

export interface SweepOptions<T extends NumericArray> {
  /** Where to write (length ≥ x.size·y.size); a new Float64Array otherwise. */
  readonly out?: T;
  readonly limits?: SweepLimits;
}

/** Evaluates a loss over a 2D grid on the CPU (one thread; see `sweepRows` for splitting work). */
export function sweep<T extends NumericArray = Float64Array>(
  spec: SweepSpec,
  options: SweepOptions<T> = {},
): SweepResult<T> {
  const resolved = resolveSweep(spec, options.limits);
  const { x, y } = resolved;
  const points = x.size * y.size;
  const out = options.out ?? (new Float64Array(points) as T);
  if (out.length < points)
    throw new RangeError(`${resolved.loss.id}: output array is shorter than ${points}`);
  const xs = axisCoordinates(x);
  const ys = axisCoordinates(y);
  sweepRows(resolved, xs.coords, ys.coords, out, 0, y.size);
  const data = out.length === points ? out : (out.subarray(0, points) as T);
  return new LazySweepResult(data, xs, ys, resolved);
}

/**
 * Statistics are a second pass over the grid, as long as the sweep itself
 * for cheap losses; they are computed on first access and cached, so callers
 * that only want the data don't pay for them. Landscapes return one too.
 */
export class LazySweepResult<T extends NumericArray> implements SweepResult<T> {
  private cachedStats: SweepStats | undefined;

  constructor(
    readonly data: T,
    readonly x: AxisCoordinates,
    readonly y: AxisCoordinates,
    readonly spec: ResolvedSweep,
  ) {}

  private get stats(): SweepStats {
    this.cachedStats ??= sweepStats(this.data);
    return this.cachedStats;
  }
  get min(): number {
    return this.stats.min;
  }
  get max(): number {
    return this.stats.max;
  }
  get finiteCount(): number {
    return this.stats.finiteCount;
  }
  get posInfCount(): number {
    return this.stats.posInfCount;
  }
  get negInfCount(): number {
    return this.stats.negInfCount;
  }
  get nanCount(): number {
    return this.stats.nanCount;
  }
}

/**
 * Fills rows [rowStart, rowEnd) of a validated sweep into `out` (which holds
 * just those rows). Workers call this on their share of the grid.
 */
export function sweepRows(
  resolved: ResolvedSweep,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  out: NumericArray,
  rowStart: number,
  rowEnd: number,
): void {
  const kernel = sweepKernel(resolved.loss, resolved.output, resolved.x.variable, resolved.y.variable);
  kernel(
    out,
    xs,
    ys,
    resolved.fixed.map((f) => f.value),
    rowStart,
    rowEnd,
  );
}
