/**
 * f32 constants as WGSL text. Trees carry f64 constants; the GPU computes in
 * f32, so each is rounded to f32 and printed with the fewest digits that
 * round-trip. WGSL has no literal for ±∞ or NaN (and a constant expression
 * that evaluates to one is a shader-creation error), so those call the
 * prelude's `ll_inf()` / `ll_nan()`, which build them at run time.
 */

/** f32 subnormals are flushed to zero by many GPUs (WGSL allows it; SwiftShader does). */
export const F32_MIN_NORMAL = 2 ** -126;
const FLT_MAX = 3.4028234663852886e38;

/** Rounds to f32 and flushes subnormals to a signed zero: exactly the number the GPU computes with. */
export function toDeviceF32(value: number): number {
  const f = Math.fround(value);
  if (f !== 0 && Math.abs(f) < F32_MIN_NORMAL) return f < 0 ? -0 : 0;
  return f;
}

/** Shortest decimal that rounds to the same f32. */
function shortestF32(f: number): string {
  for (let digits = 1; digits <= 9; digits++) {
    // String(Number(…)) prints plain decimals where JS would (10, not 1e+1).
    const text = String(Number(f.toPrecision(digits)));
    if (Math.fround(Number(text)) === f) return text;
  }
  return f.toPrecision(9);
}

/**
 * A WGSL f32 expression for `value`: rounded to f32; ±∞ and NaN via prelude
 * helpers. A nonzero constant too small for f32 becomes ±FLT_MIN, not 0:
 * nothing that small is a coefficient, it is a threshold (f64's smallest
 * normal, "has this underflowed?"), and FLT_MIN asks the same question in f32.
 */
export function wgslF32(value: number): string {
  const rounded = toDeviceF32(value);
  const f = rounded === 0 && value !== 0 ? Math.sign(value) * F32_MIN_NORMAL : rounded;
  if (Number.isNaN(f)) return 'll_nan()';
  if (f === Number.POSITIVE_INFINITY) return 'll_inf()';
  if (f === Number.NEGATIVE_INFINITY) return '(-ll_inf())';
  if (Object.is(f, -0)) return '(-0.0f)';
  // FLT_MAX's shortest decimal, 3.4028235e38, lies above it: Tint rejects it as "cannot be
  // represented as 'f32'" rather than round it. The hex literal is exact.
  if (Math.abs(f) === FLT_MAX) return f < 0 ? '(-0x1.fffffep+127f)' : '0x1.fffffep+127f';
  let text = shortestF32(Math.abs(f)).replace('e+', 'e');
  // WGSL float literals need a '.' or an exponent before the suffix; normalise '1e-7' to '1.0e-7'.
  const [mantissa, exponent] = text.split('e') as [string, string | undefined];
  const withDot = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  text = exponent === undefined ? withDot : `${withDot}e${exponent}`;
  return f < 0 ? `(-${text}f)` : `${text}f`;
}
