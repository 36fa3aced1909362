// Stored outputs: −0 becomes +0 (the catalog's zeros are +0).
fn ll_canonical(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  return bitcast<f32>(select(bits, 0u, bits == 0x80000000u));
}

// 2^k for an integer k in [−126, 127], from the exponent bits.
fn ll_pow2i(k: i32) -> f32 {
  return bitcast<f32>(u32(k + 127) << 23u);
}

// x·2^k for k in [−252, 254]: two normal factors, one final rounding
// (to a subnormal, or to 0 where the hardware flushes them).
fn ll_scale(x: f32, k: i32) -> f32 {
  let h = k / 2;
  return x * ll_pow2i(h) * ll_pow2i(k - h);
}

// e^r for |r| ≤ ln2/2: Taylor to r^7/7! (truncation < 0.15 ulp).
fn ll_exp_poly(r: f32) -> f32 {
  let p = 1.9841270e-4 + r * 2.4801587e-5;
  let q = 8.3333333e-3 + r * (1.3888889e-3 + r * p);
  return 1.0 + r * (1.0 + r * (0.5 + r * (0.16666667 + r * (0.041666667 + r * q))));
}

// e^x, within about 1 ulp. x = k·ln2 + r (Cody–Waite: k·LN2_HI is exact).
fn ll_exp(x: f32) -> f32 {
  // Beyond these e^x is 0 or ∞ in f32; clamping keeps k·LN2 exact and ∞ → ∞, −∞ → 0.
  let xc = clamp(x, -104.0, 89.0);
  let k = round(xc * 1.44269504);
  let r = (xc - k * 0.693145751953125) - k * 1.42860677e-6;
  return ll_scale(ll_exp_poly(r), i32(k));
}

fn ll_is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

fn ll_is_inf(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u;
}

// w0·w1·e^a, finite wherever the product is, even where a partial product of the
// weights over- or underflows: their fractions and exponents apart, one scaling at the end.
// Straight-line (| and & do not branch, select for the special cases): inlined many times
// into a sweep, branches made SwiftShader's compile of focal_logits' partials run out of memory.
fn ll_expmul3(a: f32, w0: f32, w1: f32) -> f32 {
  let b0 = bitcast<u32>(w0);
  let b1 = bitcast<u32>(w1);
  let ac = clamp(a, -289.0, 289.0);
  let k = round(ac * 1.44269504);
  let r = (ac - k * 0.693145751953125) - k * 1.42860677e-6;
  let y = (bitcast<f32>((b0 & 0x807fffffu) | 0x3f800000u) * bitcast<f32>((b1 & 0x807fffffu) | 0x3f800000u)) * ll_exp_poly(r);
  // Beyond 2^±200 the result is ∞ or 0 (y is within [2^-1, 2^3]): clamped there, still so.
  let t = clamp(i32(k) + i32((b0 >> 23u) & 0xffu) + i32((b1 >> 23u) & 0xffu) - 254, -200, 200);
  let first = clamp(t, -100, 100);
  let scaled = (y * ll_pow2i(first)) * ll_pow2i(t - first);
  // A zero weight (or a subnormal one, which a GPU may flush) gives 0 whatever the rest: 0·log 0 = 0;
  // an infinite or NaN weight the plain product; a NaN a itself (a = ±∞ is clamped above).
  let zero = ((b0 & 0x7f800000u) == 0u) | ((b1 & 0x7f800000u) == 0u);
  let plain = w0 * w1 * ll_exp(a);
  let nan_a = !ll_is_finite(a) & !ll_is_inf(a);
  return select(select(select(scaled, a, nan_a), plain, !(ll_is_finite(w0) & ll_is_finite(w1))), 0.0, zero);
}

fn ll_inf() -> f32 {
  let bits = 0x7f800000u;
  return bitcast<f32>(bits);
}

fn ll_nan() -> f32 {
  let bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}

// log(1 + f) for f in [√½ − 1, √2 − 1], f exact (fdlibm's logf kernel).
fn ll_log1p_kernel(f: f32) -> f32 {
  let s = f / (2.0 + f);
  let z = s * s;
  let w = z * z;
  let t1 = w * (0.40000972 + w * 0.24279079);
  let t2 = z * (0.66666663 + w * 0.28498787);
  let hfsq = 0.5 * f * f;
  return f - (hfsq - s * (hfsq + t1 + t2));
}

// log x, within about 1 ulp: x = 2^k·m with m in [√½, √2), log m by the kernel.
fn ll_log(x: f32) -> f32 {
  var ix = bitcast<u32>(x);
  var k = 0;
  if (ix >= 0x7f800000u) {
    // +∞ → +∞; NaN, −0 and negatives (sign bit set) below.
    if (ix == 0x7f800000u) { return x; }
    if (ix == 0x80000000u) { return -ll_inf(); }
    return ll_nan();
  }
  if (ix < 0x00800000u) {
    if (ix == 0u) { return -ll_inf(); }
    // A subnormal that survived (no flush): its bits as an integer, times 2^−149.
    ix = bitcast<u32>(f32(ix));
    k = -149;
  }
  // Shift the exponent so that the mantissa lands in [√½, √2).
  ix = ix + (0x3f800000u - 0x3f3504f3u);
  k = k + i32(ix >> 23u) - 127;
  let m = bitcast<f32>((ix & 0x007fffffu) + 0x3f3504f3u);
  let dk = f32(k);
  // ln2 = LN2_HI + LN2_LO with LN2_HI short enough that k·LN2_HI is exact.
  return dk * 0.69313812255859375 + (ll_log1p_kernel(m - 1.0) + dk * 9.0580006145e-6);
}

// log(1 + x), within a few ulp for every x ≥ −1.
fn ll_log1p(x: f32) -> f32 {
  if (x >= -0.29289323 && x <= 0.41421357) { return ll_log1p_kernel(x); }
  let u = 1.0 + x;
  // log(1 + x) = log u + log(1 + (1 + x − u)/u): the correction restores what rounding 1 + x lost.
  let c = select((x - (u - 1.0)) / u, 0.0, u == 0.0 || u > 16777216.0);
  return ll_log(u) + c;
}

// Focal loss (focal), value
fn focal_value(pt: f32, gamma: f32, alpha: f32) -> f32 {
  var t0: f32;
  if (pt == 1.0f) {
    t0 = 0.0f;
  } else {
    t0 = (-ll_expmul3((gamma * ll_log1p((-pt))), alpha, ll_log(pt)));
  }
  return t0;
}

struct Params {
  // Columns of the grid.
  nx: u32,
  // Rows in this tile, and the first of them.
  rows: u32,
  row0: u32,
  // Where the y coordinates start in `coords` (the x coordinates come first).
  y_offset: u32,
  // Values of the other variables: alpha.
  fixed: array<vec4<f32>, 1>,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> coords: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;

// The grid point (x = pt, y = gamma), as stored.
fn point(x: f32, y: f32) -> f32 {
  return ll_canonical(focal_value(x, y, params.fixed[0].x));
}

@compute @workgroup_size(256)
fn sweep(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lid: u32) {
  // Workgroup (wg.x, j) covers a contiguous stretch of row j of this tile.
  let j = wg.y;
  let y = coords[params.y_offset + params.row0 + j];
  let row = j * params.nx;
  let i = (wg.x * 256u + lid) * 4u;
  if (i >= params.nx) {
    return;
  }
  // nx is a multiple of 4: one aligned vec4 store.
  out[(row + i) / 4u] = vec4<f32>(
    point(coords[i], y),
    point(coords[i + 1u], y),
    point(coords[i + 2u], y),
    point(coords[i + 3u], y),
  );
}
