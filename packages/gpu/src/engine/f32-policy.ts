/**
 * The GPU path's input policy (loss-catalog.md, "The GPU path (f32)"): every
 * input is rounded to f32, and one whose magnitude is nonzero but below f32's
 * smallest normal number (2^-126 ≈ 1.18e-38), or beyond its largest
 * (≈ 3.4e38), cannot be computed faithfully — GPUs may flush subnormals to 0
 * (bce at p = 1.4e-45 would answer for p = 0: +∞ where the truth is 103.3),
 * and beyond FLT_MAX there is no f32 at all. Such inputs are refused with a
 * RangeError naming the loss, the variable and the f32 range, before any GPU
 * work; callers that need them compute on the CPU in f64.
 *
 * Applied by the planning step to batch points, fixed variables and every
 * sweep coordinate (an axis from 1e-40 to 1 is refused for its first point).
 */
import type { AxisCoordinates, LossDef } from '@losslab/core';

/** f32's smallest normal number, 2^-126. */
export const F32_MIN_NORMAL = 2 ** -126;
/** f32's largest finite number, (2 − 2^-23)·2^127. */
export const F32_MAX = 3.4028234663852886e38;

/** The range the messages quote. */
export const F32_RANGE_TEXT = '0 or a magnitude from 1.1754944e-38 (2^-126) to 3.4028235e38';

/** True where the GPU computes at exactly the f32 nearest to x: 0, or a normal f32 once rounded. */
export function isF32Representable(x: number): boolean {
  if (x === 0) return true;
  const f = Math.abs(Math.fround(x));
  return f >= F32_MIN_NORMAL && f <= F32_MAX;
}

/**
 * The policy's refusal: a RangeError (as the contract says), of its own class
 * so that a caller can tell "this needs f64" from a bad input and fall back
 * to the CPU rather than report an error.
 */
export class F32RangeError extends RangeError {
  override readonly name = 'F32RangeError';
}

/** `focal: axis x (pt from 1e-40 to 1): pt = 1e-40 is outside the GPU's f32 range (…)`. */
function refusal(loss: LossDef, variable: string, value: number, where?: string): F32RangeError {
  const at = where ? `${where}: ` : '';
  return new F32RangeError(
    `${loss.id}: ${at}${variable} = ${String(value)} is outside the GPU's f32 range (${F32_RANGE_TEXT}); compute it on the CPU in f64`,
  );
}

/** Checks one input of `variable` (a batch value or a fixed variable); returns it. */
export function checkF32Input(loss: LossDef, variable: string, value: number): number {
  if (!isF32Representable(value)) throw refusal(loss, variable, value);
  return value;
}

/** Checks every value of a batch column; the error names the index. */
export function checkF32Column(loss: LossDef, variable: string, column: ArrayLike<number>): void {
  for (let k = 0; k < column.length; k++) {
    const x = column[k]!;
    if (!isF32Representable(x)) throw refusal(loss, variable, x, `column ${variable}, index ${k}`);
  }
}

/** Checks every coordinate of a sweep axis; the error names the axis and the first bad coordinate. */
export function checkF32Axis(loss: LossDef, axis: AxisCoordinates, which: 'x' | 'y'): void {
  const { coords } = axis;
  for (let i = 0; i < coords.length; i++) {
    const x = coords[i]!;
    if (!isF32Representable(x)) {
      throw refusal(
        loss,
        axis.variable,
        x,
        `axis ${which} (${axis.variable} from ${axis.min} to ${axis.max})`,
      );
    }
  }
}
