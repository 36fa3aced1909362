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

// d/dx exprel(x) = ((x − 1)·(e^x − 1) + x)/x², 1/2 at x = 0.
fn ll_dexprel(x: f32) -> f32 {
  if (abs(x) < 1.0) {
    // The closed form cancels near 0; its series Σ (n+1)/(n+2)!·xⁿ does not.
    let hi = 2.2045855e-5 + x * (2.4801587e-6 + x * (2.5052108e-7 + x * (2.2964432e-8 + x * 1.9270975e-9)));
    let mid = 6.9444444e-3 + x * (1.1904762e-3 + x * (1.7361111e-4 + x * hi));
    return 0.5 + x * (0.33333333 + x * (0.125 + x * (0.033333333 + x * mid)));
  }
  if (x < 0.0) {
    // = (1 − e^x·(1 − x))/x²: for x ≤ −1 the subtraction loses at most 2 bits.
    return (1.0 - ll_exp(x) * (1.0 - x)) / (x * x);
  }
  if (x > 80.0) {
    // e^x overflows before the quotient does.
    let h = ll_exp(0.5 * x);
    return h * (h * ((x - 1.0) / (x * x))) + 1.0 / (x * x);
  }
  return ((x - 1.0) * ll_expm1(x) + x) / (x * x);
}

// (e^x − 1)/x, 1 at x = 0.
fn ll_exprel(x: f32) -> f32 {
  if (abs(x) < 1.0e-4) { return 1.0 + x * (0.5 + x * 0.16666667); }
  // e^x overflows before e^x/x does: e^(x/2)·(e^(x/2)/x).
  if (x > 80.0) {
    let h = ll_exp(0.5 * x);
    return h * (h / x);
  }
  return ll_expm1(x) / x;
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

// Cauchy (Lorentzian) (cauchy), ∂/∂r
fn cauchy_d_r(r: f32, c: f32) -> f32 {
  let t0 = abs(r);
  var t34: f32;
  if ((c < 5.421011e-20f) && (t0 < 1152921500000000000.0f)) {
    let t1 = (r * 18446744000000000000.0f);
    var t11: f32;
    if (t1 == 0.0f) {
      t11 = 0.0f;
    } else {
      let t2 = (c * 18446744000000000000.0f);
      let t3 = (t1 / t2);
      let t4 = abs(t3);
      var t10: f32;
      if (t4 <= 1.0f) {
        let t5 = (t3 * t3);
        let t6 = ll_log1p(t5);
        let t7 = ll_exprel(t6);
        let t8 = ((0.5f * t1) / t7);
        t10 = (t8 + (t1 * ((0.5f - (t8 * (ll_dexprel(t6) * (((2.0f * t3) * (1.0f / t2)) / (t5 + 1.0f))))) / t7)));
      } else {
        let t9 = (t2 / t1);
        t10 = (t2 * (t2 * (select((1.0f / t1), (select(select(0.0f, (-1.0f), (t1 < 0.0f)), 1.0f, (t1 > 0.0f)) / abs(t1)), (t4 > 100000000000000000000.0f)) + (0.5f * (((2.0f * t9) * ((-t9) / t1)) / ((t9 * t9) + 1.0f))))));
      }
      t11 = t10;
    }
    t34 = ((t11 * 2.3283064e-10f) * 2.3283064e-10f);
  } else {
    let t12 = (r == 0.0f);
    var t33: f32;
    if ((c > 18446744000000000000.0f) && (t12 || (t0 >= 2.0f))) {
      let t13 = (r * 5.421011e-20f);
      var t23: f32;
      if (t13 == 0.0f) {
        t23 = 0.0f;
      } else {
        let t14 = (c * 5.421011e-20f);
        let t15 = (t13 / t14);
        let t16 = abs(t15);
        var t22: f32;
        if (t16 <= 1.0f) {
          let t17 = (t15 * t15);
          let t18 = ll_log1p(t17);
          let t19 = ll_exprel(t18);
          let t20 = ((0.5f * t13) / t19);
          t22 = (t20 + (t13 * ((0.5f - (t20 * (ll_dexprel(t18) * (((2.0f * t15) * (1.0f / t14)) / (t17 + 1.0f))))) / t19)));
        } else {
          let t21 = (t14 / t13);
          t22 = (t14 * (t14 * (select((1.0f / t13), (select(select(0.0f, (-1.0f), (t13 < 0.0f)), 1.0f, (t13 > 0.0f)) / abs(t13)), (t16 > 100000000000000000000.0f)) + (0.5f * (((2.0f * t21) * ((-t21) / t13)) / ((t21 * t21) + 1.0f))))));
        }
        t23 = t22;
      }
      t33 = ((t23 * 4294967300.0f) * 4294967300.0f);
    } else {
      var t32: f32;
      if t12 {
        t32 = 0.0f;
      } else {
        let t24 = (r / c);
        let t25 = abs(t24);
        var t31: f32;
        if (t25 <= 1.0f) {
          let t26 = (t24 * t24);
          let t27 = ll_log1p(t26);
          let t28 = ll_exprel(t27);
          let t29 = ((0.5f * r) / t28);
          t31 = (t29 + (r * ((0.5f - (t29 * (ll_dexprel(t27) * (((2.0f * t24) * (1.0f / c)) / (t26 + 1.0f))))) / t28)));
        } else {
          let t30 = (c / r);
          t31 = (c * (c * (select((1.0f / r), (select(select(0.0f, (-1.0f), (r < 0.0f)), 1.0f, (r > 0.0f)) / t0), (t25 > 100000000000000000000.0f)) + (0.5f * (((2.0f * t30) * ((-t30) / r)) / ((t30 * t30) + 1.0f))))));
        }
        t32 = t31;
      }
      t33 = t32;
    }
    t34 = t33;
  }
  return t34;
}

struct Params {
  // Columns of the grid.
  nx: u32,
  // Rows in this tile, and the first of them.
  rows: u32,
  row0: u32,
  // Where the y coordinates start in `coords` (the x coordinates come first).
  y_offset: u32,
  // Values of the other variables: none.
  fixed: array<vec4<f32>, 1>,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> coords: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<vec4<f32>>;

// The grid point (x = r, y = c), as stored.
fn point(x: f32, y: f32) -> f32 {
  return ll_canonical(cauchy_d_r(x, y));
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
