/**
 * A landscape, planned for the GPU: core's validation first (resolveLandscape:
 * the same RangeErrors, in the same order, before any GPU work), then the
 * GPU's own limits and its f32 input policy (f32-policy.ts) on the axes, the
 * hyperparameters and l2 — the dataset's columns are checked where it is
 * uploaded (dataset.ts). Then the grid is cut into tiles of whole rows that
 * each fit one buffer binding, and tiles into dispatches short enough that no
 * single one runs for long (a driver's watchdog may reset a GPU whose
 * dispatch takes seconds).
 */
import {
  type AxisCoordinates,
  axisCoordinates,
  type Dataset,
  type LandscapeLimits,
  type LandscapeSpec,
  type LossDef,
  type ResolvedLandscape,
  resolveLandscape,
} from '@losslab/core';
import type { LandscapeCellOutput } from '../programs/landscape.js';
import type { GpuDataset } from './dataset.js';
import { checkF32Axis, checkF32Input } from './f32-policy.js';

/**
 * The GPU's landscape limits: axes of up to 65536 points, grids of up to
 * 2³⁰ cells (4 GiB of f32, tiled), and 2⁴² evaluations (grid cells × data
 * points: seconds on a large GPU).
 */
export const gpuLandscapeLimits: LandscapeLimits = {
  maxAxisSize: 65536,
  maxPoints: 2 ** 30,
  maxWork: 2 ** 42,
};

/** core's landscape spec, whose data may also be a dataset already on the GPU (`engine.createDataset`). */
export interface GpuLandscapeSpec extends Omit<LandscapeSpec, 'data'> {
  readonly data: Dataset | GpuDataset;
}

export interface LandscapePlan {
  readonly resolved: ResolvedLandscape;
  readonly loss: LossDef;
  readonly output: LandscapeCellOutput;
  readonly w: AxisCoordinates;
  readonly b: AxisCoordinates;
  readonly nx: number;
  readonly ny: number;
  /** Data points (zero weights included): what the kernel loops over. */
  readonly n: number;
  /** The hyperparameters' values, in the order of the model term's `hyper`. */
  readonly hyper: readonly number[];
  readonly divisor: number;
  readonly l2: number;
}

/** Rows per dispatch: at most this many evaluations each (about 2 ms on a large GPU, a second on a small one). */
export const MAX_EVALUATIONS_PER_DISPATCH = 2 ** 31;

/**
 * Validates a landscape spec completely, before any work: core's checks on
 * `data` (a plain dataset, or a GPU dataset's own copy of its points), the
 * GPU's limits, then the f32 policy.
 */
export function planLandscape(
  spec: GpuLandscapeSpec,
  data: Dataset,
  limits: LandscapeLimits = gpuLandscapeLimits,
): LandscapePlan {
  if (typeof spec !== 'object' || spec === null) throw new RangeError('landscape: spec must be an object');
  // core's work limit is the CPU's (its message says so): the GPU checks its own after core's other checks.
  const resolved = resolveLandscape({ ...spec, data } as LandscapeSpec, {
    ...limits,
    maxWork: Number.POSITIVE_INFINITY,
  });
  const { model } = resolved;
  const loss = model.loss;
  const nx = resolved.sweep.x.size;
  const ny = resolved.sweep.y.size;
  const work = nx * ny * model.n;
  if (work > limits.maxWork) {
    throw new RangeError(
      `${loss.id}: landscape of ${nx}×${ny} points over ${model.n} data points is ${work} evaluations, beyond the GPU limit of ${limits.maxWork} (grid points × data points)`,
    );
  }
  const w = axisCoordinates(resolved.sweep.x);
  const b = axisCoordinates(resolved.sweep.y);
  checkF32Axis(loss, w, 'x');
  checkF32Axis(loss, b, 'y');
  for (const p of model.params) checkF32Input(loss, p.name, p.value);
  checkF32Input(loss, 'l2', model.l2);
  const output = resolved.output === 'value' ? 'value' : resolved.output.partial;
  return {
    resolved,
    loss,
    output,
    w,
    b,
    nx,
    ny,
    n: model.n,
    hyper: model.hyper,
    divisor: model.data.divisor,
    l2: model.l2,
  };
}

/** The dispatches of one tile of rows: bands of rows of at most MAX_EVALUATIONS_PER_DISPATCH evaluations. */
export function dispatchBands(
  rows: number,
  nx: number,
  n: number,
  rowMultiple: number,
): { readonly row: number; readonly rows: number }[] {
  const perRow = nx * n;
  let band = Math.max(1, Math.floor(MAX_EVALUATIONS_PER_DISPATCH / perRow));
  // Whole workgroup rows, so that no dispatch but the last has idle rows.
  if (band >= rowMultiple) band -= band % rowMultiple;
  const bands: { row: number; rows: number }[] = [];
  for (let row = 0; row < rows; row += band) bands.push({ row, rows: Math.min(band, rows - row) });
  return bands;
}
