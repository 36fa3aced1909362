/**
 * A sweep, planned for the GPU: core's validation (the same RangeErrors,
 * before any GPU work) and the f32 input policy (f32-policy.ts), core's axis
 * coordinates rounded to f32 (the GPU
 * evaluates at exactly those), and the grid cut into tiles of whole rows that
 * each fit one buffer binding. Also line grids: one variable's line, repeated
 * on every row (a one-variable loss has no 2D sweep; benchmarks time these).
 */
import {
  type AxisCoordinates,
  type AxisSpec,
  axisCoordinates,
  checkOutput,
  type LossDef,
  type LossRef,
  type Output,
  type ResolvedSweep,
  resolveFixed,
  resolveLoss,
  resolveSweep,
  resolveSweepAxis,
  type SweepLimits,
  type SweepSpec,
} from '@losslab/core';
import { toDeviceF32 } from '../wgsl/literals.js';
import { checkF32Axis, checkF32Input } from './f32-policy.js';

/**
 * The GPU's sweep limits: 65536 points per axis and 2^30 points (4 GiB of
 * f32, tiled across buffers; a readback `sweep` returns one Float32Array).
 */
export const gpuSweepLimits: SweepLimits = { maxAxisSize: 65536, maxPoints: 2 ** 30 };

export interface GridPlan {
  readonly loss: LossDef;
  readonly output: Output;
  readonly x: AxisCoordinates;
  /** null for line grids (planLineGrid, and the benchmark's own): every row is the same line. */
  readonly y: AxisCoordinates | null;
  readonly nx: number;
  readonly ny: number;
  /** Values of the other variables, in declaration order. */
  readonly fixed: readonly { readonly name: string; readonly value: number }[];
  /** The validated spec (absent for line grids). */
  readonly spec?: ResolvedSweep;
}

export interface Tile {
  /** First row and number of rows. */
  readonly row0: number;
  readonly rows: number;
}

export function planSweep(
  spec: SweepSpec,
): GridPlan & { readonly spec: ResolvedSweep; readonly y: AxisCoordinates } {
  const resolved = resolveSweep(spec, gpuSweepLimits);
  const x = axisCoordinates(resolved.x);
  const y = axisCoordinates(resolved.y);
  // The f32 input policy, after core's checks and before any GPU work.
  checkF32Axis(resolved.loss, x, 'x');
  checkF32Axis(resolved.loss, y, 'y');
  for (const f of resolved.fixed) checkF32Input(resolved.loss, f.name, f.value);
  return {
    loss: resolved.loss,
    output: resolved.output,
    x,
    y,
    nx: resolved.x.size,
    ny: resolved.y.size,
    fixed: resolved.fixed,
    spec: resolved,
  };
}

/**
 * A line grid: `rows` × x.size points whose every row is the same line of
 * one variable, the loss's other variables fixed. What a one-variable loss
 * (mse, log_cosh, …), which has no 2D sweep, computes in a grid's shape: the
 * same kernel, writes and bytes as a 2D sweep of that size.
 */
export interface LineGridSpec {
  /** A catalog id or a definition (core's `customLoss`, `defineLoss`). */
  readonly loss: LossRef;
  /** The line: the grid's columns. */
  readonly x: AxisSpec;
  /** Number of rows, each the same line (default x.size: a square grid). */
  readonly rows?: number;
  /** Values of the other variables; omitted ones take their defaults. */
  readonly fixed?: Readonly<Record<string, number>>;
  readonly output?: Output;
}

/** A line grid spec after validation: defaults applied, fixed values in variable order. */
export interface ResolvedLineGrid {
  readonly loss: LossDef;
  readonly x: Required<AxisSpec>;
  readonly rows: number;
  readonly output: Output;
  /** Every variable other than x, in declaration order. */
  readonly fixed: readonly { readonly name: string; readonly value: number }[];
}

/** Validates a line grid spec completely, before any work, with core's axis and value checks. */
export function resolveLineGrid(spec: LineGridSpec, limits: SweepLimits = gpuSweepLimits): ResolvedLineGrid {
  if (typeof spec !== 'object' || spec === null) throw new RangeError('line grid: spec must be an object');
  const loss = resolveLoss(spec.loss);
  const x = resolveSweepAxis(loss, spec.x, 'x', limits);
  const rows = spec.rows ?? x.size;
  if (!Number.isInteger(rows) || rows < 1 || rows > limits.maxAxisSize) {
    throw new RangeError(
      `${loss.id}: rows must be an integer in [1, ${limits.maxAxisSize}], got ${String(rows)}`,
    );
  }
  if (x.size * rows > limits.maxPoints) {
    throw new RangeError(
      `${loss.id}: sweep of ${x.size}×${rows} points exceeds the limit of ${limits.maxPoints}`,
    );
  }
  const output = spec.output ?? 'value';
  checkOutput(loss, output);
  const fixed = resolveFixed(loss, spec.fixed ?? {}, [x.variable]);
  return { loss, x, rows, output, fixed };
}

/** A validated line grid, planned: y is null, so every row is the x line. */
export function planLineGrid(spec: LineGridSpec): GridPlan & { readonly line: ResolvedLineGrid } {
  const line = resolveLineGrid(spec);
  const x = axisCoordinates(line.x);
  checkF32Axis(line.loss, x, 'x');
  for (const f of line.fixed) checkF32Input(line.loss, f.name, f.value);
  return {
    loss: line.loss,
    output: line.output,
    x,
    y: null,
    nx: line.x.size,
    ny: line.rows,
    fixed: line.fixed,
    line,
  };
}

/** x coordinates then y coordinates, as the GPU sees them (f32; the policy has refused subnormals). */
export function deviceCoordinates(plan: GridPlan): Float32Array<ArrayBuffer> {
  const ys = plan.y?.coords ?? new Float64Array(0);
  const out = new Float32Array(plan.nx + ys.length);
  plan.x.coords.forEach((v, i) => {
    out[i] = toDeviceF32(v);
  });
  ys.forEach((v, j) => {
    out[plan.nx + j] = toDeviceF32(v);
  });
  return out;
}

/**
 * Whole-row tiles of at most `maxBytes` each (and at most `maxRows` rows,
 * the dispatch limit), so that every tile is one buffer binding.
 */
export function planTiles(nx: number, ny: number, maxBytes: number, maxRows: number): Tile[] {
  const rowBytes = nx * 4;
  if (rowBytes > maxBytes) {
    throw new RangeError(
      `a sweep row of ${nx} points (${rowBytes} bytes) exceeds the GPU's binding limit of ${maxBytes} bytes`,
    );
  }
  // Rows per tile: a multiple of 4 when possible keeps every tile's byte size a multiple of 16.
  let perTile = Math.min(ny, maxRows, Math.floor(maxBytes / rowBytes));
  if (perTile < ny && perTile >= 4) perTile -= perTile % 4;
  const tiles: Tile[] = [];
  for (let row0 = 0; row0 < ny; row0 += perTile) tiles.push({ row0, rows: Math.min(perTile, ny - row0) });
  return tiles;
}
