/**
 * uPlot measures its scales by differences (max − min, value − min), which
 * overflow to ±∞ for data spanning most of the double range (an axis from
 * −1e308 to 1e308, or a curve that climbs to 1e308): then every position is
 * NaN and the chart draws blank. Such data is drawn scaled by a power of two
 * — exact, so every finite value keeps its bits (nothing in view is near the
 * subnormals when the range is this wide) — and the labels, the cursor and
 * the probe are scaled back.
 */

/** Largest magnitude uPlot is given: its differences, paddings and tick steps stay far from overflow. */
const PLOT_LIMIT = 2 ** 1000;

/** The power of two (≤ 1) that brings every finite value of `values` within ±2^1000. */
export function plotScale(...values: readonly ArrayLike<number>[]): number {
  let top = 0;
  for (const column of values) {
    for (let k = 0; k < column.length; k++) {
      const v = Math.abs(column[k]!);
      if (v > top && v !== Number.POSITIVE_INFINITY) top = v;
    }
  }
  let scale = 1;
  while (top * scale > PLOT_LIMIT) scale /= 2 ** 16;
  return scale;
}

/** `values` times `scale` (a power of two: exact). */
export function scaled(values: ArrayLike<number>, scale: number): number[] {
  return Array.from(values, (v) => v * scale);
}
