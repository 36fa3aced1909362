import type { GridSource } from './types';

/** Throws on a grid whose size is not a positive integer pair or whose data is too short. */
export function checkGrid(source: GridSource): void {
  const { nx, ny } = source;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) {
    throw new RangeError(`grid size must be positive integers, got ${nx}×${ny}`);
  }
  const bytes = nx * ny * 4;
  const have = source.kind === 'cpu' ? source.data.length * 4 : source.buffer.size;
  if (have < bytes) throw new RangeError(`grid of ${nx}×${ny} needs ${bytes} bytes, source holds ${have}`);
}

/**
 * Cell under a point of the drawing, with (0, 0) the canvas's top-left corner
 * and (width, height) its bottom-right (any units, CSS pixels are fine). Both
 * heatmap backends draw cell i over x ∈ [i/nx, (i+1)/nx)·width and row j over
 * the band counted from the bottom, so the app's hover readout can use this.
 */
export function cellAt(
  x: number,
  y: number,
  width: number,
  height: number,
  nx: number,
  ny: number,
): { i: number; j: number } {
  const i = Math.min(nx - 1, Math.max(0, Math.floor((x / width) * nx)));
  const j = Math.min(ny - 1, Math.max(0, Math.floor((1 - y / height) * ny)));
  return { i, j };
}
