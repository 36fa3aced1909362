/**
 * Moreland's "cool to warm" diverging map (K. Moreland, Diverging Color Maps
 * for Scientific Visualization, 2009), computed from its definition: the two
 * endpoint colours are interpolated in Msh space (polar CIELAB) through an
 * unsaturated white of magnitude M = 88, which keeps perceived lightness
 * symmetric about the centre — what a signed gradient needs.
 */
type Rgb = [number, number, number];
type Msh = [number, number, number];

// CIE D65 reference white, as used by Moreland.
const WHITE = [0.95047, 1.0, 1.08883] as const;

function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
}

function labF(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

function labFInv(f: number): number {
  const t = f * f * f;
  return t > 0.008856 ? t : (f - 16 / 116) / 7.787;
}

/** sRGB in 0..1 → Msh. */
function rgbToMsh([r8, g8, b8]: Rgb): Msh {
  const r = srgbToLinear(r8);
  const g = srgbToLinear(g8);
  const b = srgbToLinear(b8);
  const x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = 0.0193339 * r + 0.119192 * g + 0.9503041 * b;
  const fx = labF(x / WHITE[0]);
  const fy = labF(y / WHITE[1]);
  const fz = labF(z / WHITE[2]);
  const L = 116 * fy - 16;
  const A = 500 * (fx - fy);
  const B = 200 * (fy - fz);
  const m = Math.hypot(L, A, B);
  return [m, m === 0 ? 0 : Math.acos(L / m), Math.atan2(B, A)];
}

/** Msh → sRGB in 0..1 (clamped to the gamut). */
function mshToRgb([m, s, h]: Msh): Rgb {
  const L = m * Math.cos(s);
  const A = m * Math.sin(s) * Math.cos(h);
  const B = m * Math.sin(s) * Math.sin(h);
  const fy = (L + 16) / 116;
  const x = WHITE[0] * labFInv(fy + A / 500);
  const y = WHITE[1] * labFInv(fy);
  const z = WHITE[2] * labFInv(fy - B / 200);
  const r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const g = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  const clamp = (c: number): number => Math.min(1, Math.max(0, linearToSrgb(c)));
  return [clamp(r), clamp(g), clamp(b)];
}

/** Hue for the unsaturated end so the hue spins smoothly out of white. */
function adjustHue([m, s, h]: Msh, mUnsat: number): number {
  if (m >= mUnsat) return h;
  const spin = (s * Math.sqrt(mUnsat * mUnsat - m * m)) / (m * Math.sin(s));
  return h > -Math.PI / 3 ? h + spin : h - spin;
}

function divergingInterpolate(rgb1: Rgb, rgb2: Rgb, t: number): Rgb {
  let [m1, s1, h1] = rgbToMsh(rgb1);
  let [m2, s2, h2] = rgbToMsh(rgb2);
  let u = t;
  const hueGap = Math.abs(h1 - h2);
  if (s1 > 0.05 && s2 > 0.05 && Math.min(hueGap, 2 * Math.PI - hueGap) > Math.PI / 3) {
    const mMid = Math.max(m1, m2, 88);
    if (u < 0.5) {
      [m2, s2, h2] = [mMid, 0, 0];
      u *= 2;
    } else {
      [m1, s1, h1] = [mMid, 0, 0];
      u = 2 * u - 1;
    }
  }
  if (s1 < 0.05 && s2 > 0.05) h1 = adjustHue([m2, s2, h2], m1);
  else if (s2 < 0.05 && s1 > 0.05) h2 = adjustHue([m1, s1, h1], m2);
  return mshToRgb([(1 - u) * m1 + u * m2, (1 - u) * s1 + u * s2, (1 - u) * h1 + u * h2]);
}

const COOL: Rgb = [59 / 255, 76 / 255, 192 / 255];
const WARM: Rgb = [180 / 255, 4 / 255, 38 / 255];

/** Cool-warm colour at t ∈ [0, 1], channels in 0..1. */
export function coolwarm(t: number): Rgb {
  return divergingInterpolate(COOL, WARM, t);
}
