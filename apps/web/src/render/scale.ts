import { colormapRgb, INFINITY_MARKER_RGB, NEG_INFINITY_MARKER_RGB } from './colormaps';
import type { ColorStyle } from './types';

/**
 * The value → colour-scale mapping, resolved once per draw so that the CPU
 * path (here) and the WebGPU path (the same four numbers in a uniform, see
 * wgsl-color.ts) compute the same thing:
 *
 *   linear: t = (v − lo) / (hi − lo)          with lo = min, hi = max
 *   log:    t = (ln v − lo) / (hi − lo)       with lo = ln min, hi = ln max; v ≤ 0 → t = 0
 *   degenerate range (hi ≤ lo, or not finite): t = 0.5 (the map's middle colour)
 *   then t is clamped to [0, 1] and the LUT entry is floor(t·255 + 0.5).
 *
 * A 'log' style whose min or max is not > 0 breaks the caller's contract; it
 * is drawn as linear rather than as garbage.
 */
export interface ResolvedScale {
  log: boolean;
  lo: number;
  hi: number;
  /** hi > lo and both finite; otherwise every finite value maps to 0.5. */
  valid: boolean;
}

export function resolveScale(style: Pick<ColorStyle, 'colorScale' | 'range'>): ResolvedScale {
  const { min, max } = style.range;
  const log = style.colorScale === 'log' && min > 0 && max > 0;
  const lo = log ? Math.log(min) : min;
  const hi = log ? Math.log(max) : max;
  return { log, lo, hi, valid: Number.isFinite(lo) && Number.isFinite(hi) && hi > lo };
}

/** Colour-scale position of a finite value, clamped to [0, 1]. */
export function scaleT(v: number, s: ResolvedScale): number {
  if (!s.valid) return 0.5;
  let u: number;
  if (s.log) {
    if (!(v > 0)) return 0;
    u = Math.log(v);
  } else {
    u = v;
  }
  const t = (u - s.lo) / (s.hi - s.lo);
  return t > 0 ? Math.min(t, 1) : 0;
}

/** 0: finite, 1: +Infinity, 2: −Infinity or NaN. */
export type ValueClass = 0 | 1 | 2;

export function classify(v: number): ValueClass {
  if (Number.isFinite(v)) return 0;
  return v === Number.POSITIVE_INFINITY ? 1 : 2;
}

/** The colour a heatmap cell holding `v` is drawn with (0–255 per channel). */
export function valueRgb(v: number, style: ColorStyle): readonly [number, number, number] {
  const c = classify(v);
  if (c === 1) return INFINITY_MARKER_RGB;
  if (c === 2) return NEG_INFINITY_MARKER_RGB;
  return colormapRgb(style.colormap, scaleT(v, resolveScale(style)));
}
