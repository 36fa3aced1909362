/**
 * Points and fractions of a range [min, max] that hold for any finite ends,
 * also where max − min overflows (−1e308 to 1e308): there the span is never
 * formed, the ends are weighed instead (as core's axisCoordinates does).
 */

/** The point a fraction t of the way from min to max. */
export function lerp(min: number, max: number, t: number): number {
  const span = max - min;
  return Number.isFinite(span) ? min + t * span : min * (1 - t) + max * t;
}

/** How far value lies from min towards max, as a fraction (halves where the span overflows: exact). */
export function fractionOf(value: number, min: number, max: number): number {
  const span = max - min;
  return Number.isFinite(span) ? (value - min) / span : (value / 2 - min / 2) / (max / 2 - min / 2);
}
