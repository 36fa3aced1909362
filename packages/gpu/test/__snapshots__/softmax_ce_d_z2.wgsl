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

// e^x − 1 for |x| ≤ ln2/2: Taylor to x^8/8!.
fn ll_expm1_poly(x: f32) -> f32 {
  let q = 1.3888889e-3 + x * (1.9841270e-4 + x * 2.4801587e-5);
  return x + x * x * (0.5 + x * (0.16666667 + x * (0.041666667 + x * (8.3333333e-3 + x * q))));
}

// e^x − 1, within a few ulp: 2^k·expm1(r) + (2^k − 1) with x = k·ln2 + r.
fn ll_expm1(x: f32) -> f32 {
  if (abs(x) <= 0.34657359) { return ll_expm1_poly(x); }
  // Outside [−17, 16], e^x − 1 is −1 to within an ulp, or e^x − 1 loses nothing.
  if (x < -17.0 || x > 16.0) { return ll_exp(x) - 1.0; }
  let k = round(x * 1.44269504);
  let r = (x - k * 0.693145751953125) - k * 1.42860677e-6;
  let s = ll_pow2i(i32(k));
  return s * ll_expm1_poly(r) + (s - 1.0);
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

// log(e^x0 + e^x1 + e^x2) = m + log1p(Σ of the other terms), m the largest:
// the largest term is exactly 1 and never rounds the small ones away.
fn ll_lse3(x0: f32, x1: f32, x2: f32) -> f32 {
  let m = max(max(x0, x1), x2);
  if (abs(m) == ll_inf()) { return m; }
  var t = 0.0;
  var first = true;
  if (first && x0 == m) {
    first = false;
  } else {
    t = t + ll_exp(x0 - m);
  }
  if (first && x1 == m) {
    first = false;
  } else {
    t = t + ll_exp(x1 - m);
  }
  if (first && x2 == m) {
    first = false;
  } else {
    t = t + ll_exp(x2 - m);
  }
  return m + ll_log1p(t);
}

// Softmax cross-entropy (softmax_ce), ∂/∂z2
fn softmax_ce_d_z2(z1: f32, z2: f32, z3: f32, smoothing: f32) -> f32 {
  let t0 = max(z2, z3);
  let t1 = max(z1, t0);
  let t2 = (z2 - t1);
  let t3 = (z1 - t1);
  let t4 = (z3 - t1);
  let t5 = ll_lse3(t3, t2, t4);
  var t12: f32;
  if (smoothing > 0.5f) {
    t12 = ((((2.0f * ll_expm1(t2)) - (ll_expm1(t3) + ll_expm1(t4))) / (3.0f * ll_exp(t5))) + ((1.0f - smoothing) / 3.0f));
  } else {
    let t6 = (z2 > z3);
    let t7 = (z2 < z3);
    let t8 = select(select(0.5f, 0.0f, t7), 1.0f, t6);
    let t9 = select(select(select((0.5f * t8), 0.0f, ((t8 == 0.0f) && (select(select(0.5f, 1.0f, t7), 0.0f, t6) == 0.0f))), t8, (z1 < t0)), 0.0f, (z1 > t0));
    let t10 = (-t9);
    let t11 = (0.25f * t9);
    t12 = ((((ll_exp((t3 - t5)) * t10) + (ll_exp((t2 - t5)) * (1.0f - t9))) + (ll_exp((t4 - t5)) * t10)) + (4.0f * (((1.0f - ((2.0f * smoothing) / 3.0f)) * t11) + ((smoothing * ((t11 - 0.25f) + t11)) / 3.0f))));
  }
  return t12;
}

struct Params {
  // Columns of the grid.
  nx: u32,
  // Rows in this tile, and the first of them.
  rows: u32,
  row0: u32,
  // Where the y coordinates start in `coords` (the x coordinates come first).
  y_offset: u32,
  // Values of the other variables: z3, smoothing.
  fixed: array<vec4<f32>, 1>,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> coords: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;

// The grid point (x = z1, y = z2), as stored.
fn point(x: f32, y: f32) -> f32 {
  return ll_canonical(softmax_ce_d_z2(x, y, params.fixed[0].x, params.fixed[0].y));
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
