import { INFINITY_MARKER_RGB, NEG_INFINITY_MARKER_RGB } from '../colormaps';
import type { ResolvedScale } from '../scale';

const vec3 = (rgb: readonly number[]): string => `vec3f(${rgb.map((c) => (c / 255).toFixed(6)).join(', ')})`;

/**
 * WGSL twin of scale.ts + colormaps.ts: the same formula on the same LUT
 * bytes. A shader including this must declare `lut: texture_2d<f32>` (one
 * row per colormap, see lut-texture.ts).
 */
export const WGSL_COLOR = /* wgsl */ `
const INF_RGB = ${vec3(INFINITY_MARKER_RGB)};
const NEG_RGB = ${vec3(NEG_INFINITY_MARKER_RGB)};

// flags: bit 0 = log scale, bit 1 = range valid (hi > lo).
struct ColorParams { lo: f32, hi: f32, flags: u32, row: u32 }

// 0 finite, 1 +Infinity, 2 -Infinity or NaN. Read from the bits because WGSL
// lets implementations assume float operations never see Inf or NaN.
fn valueClass(v: f32) -> u32 {
  let b = bitcast<u32>(v);
  if ((b & 0x7f800000u) != 0x7f800000u) { return 0u; }
  if (b == 0x7f800000u) { return 1u; }
  return 2u;
}

// Colour-scale position of a finite value, clamped to [0, 1].
fn scaleT(v: f32, c: ColorParams) -> f32 {
  if ((c.flags & 2u) == 0u) { return 0.5; }
  var u = v;
  if ((c.flags & 1u) != 0u) {
    if (!(v > 0.0)) { return 0.0; }
    u = log(v);
  }
  return clamp((u - c.lo) / (c.hi - c.lo), 0.0, 1.0);
}

fn lutColor(t: f32, c: ColorParams) -> vec3f {
  let k = i32(floor(clamp(t, 0.0, 1.0) * 255.0 + 0.5));
  return textureLoad(lut, vec2i(k, i32(c.row)), 0).rgb;
}

fn valueColor(v: f32, c: ColorParams) -> vec3f {
  let cls = valueClass(v);
  if (cls == 1u) { return INF_RGB; }
  if (cls == 2u) { return NEG_RGB; }
  return lutColor(scaleT(v, c), c);
}
`;

/** Writes a ColorParams (16 bytes) at byte `offset` of `view`. */
export function writeColorParams(view: DataView, offset: number, s: ResolvedScale, row: number): void {
  // Validity is judged on the f32 values the GPU will see, so hi − lo is never 0 there.
  const lo = Math.fround(s.lo);
  const hi = Math.fround(s.hi);
  const valid = s.valid && hi > lo;
  view.setFloat32(offset, lo, true);
  view.setFloat32(offset + 4, hi, true);
  view.setUint32(offset + 8, (s.log ? 1 : 0) | (valid ? 2 : 0), true);
  view.setUint32(offset + 12, row, true);
}
