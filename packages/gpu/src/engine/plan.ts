/**
 * A sweep, planned for the GPU: core's validation (the same RangeErrors,
 * before any GPU work), core's axis coordinates rounded to f32 (the GPU
 * evaluates at exactly those), and the grid cut into tiles of whole rows that
 * each fit one buffer binding.
 */
import {
  type AxisCoordinates,
  axisCoordinates,
  type LossDef,
  type Output,
  type ResolvedSweep,
  resolveSweep,
  type SweepLimits,
  type SweepSpec,
} from '@losslab/core';
import { toDeviceF32 } from '../wgsl/literals.js';

/**
 * The GPU's sweep limits: 65536 points per axis and 2^30 points (4 GiB of
 * f32, tiled across buffers; a readback `sweep` returns one Float32Array).
 */
export const gpuSweepLimits: SweepLimits = { maxAxisSize: 65536, maxPoints: 2 ** 30 };

export interface GridPlan {
  readonly loss: LossDef;
  readonly output: Output;
  readonly x: AxisCoordinates;
  /** null only for internal one-variable grids (benchmarks): every row is the same line. */
  readonly y: AxisCoordinates | null;
  readonly nx: number;
  readonly ny: number;
  /** Values of the other variables, in declaration order. */
  readonly fixed: readonly { readonly name: string; readonly value: number }[];
  /** The validated spec (absent for internal one-variable grids). */
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
  return {
    loss: resolved.loss,
    output: resolved.output,
    x: axisCoordinates(resolved.x),
    y: axisCoordinates(resolved.y),
    nx: resolved.x.size,
    ny: resolved.y.size,
    fixed: resolved.fixed,
    spec: resolved,
  };
}

/** x coordinates then y coordinates, as the GPU sees them (f32, subnormals flushed). */
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
