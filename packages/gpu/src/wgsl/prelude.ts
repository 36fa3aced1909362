/**
 * The f32 helpers generated code calls: one per primitive that WGSL lacks or
 * gets wrong, plus what they share. Nothing here knows about a particular loss.
 *
 * Why not WGSL's builtins: the spec lets `exp` be off by 3 + 2|x| ulp, `log`
 * by 2^-21 absolute near 1 (every relative digit of log(1 + ε)), `tanh` and
 * `pow` are undefined or NaN at large or negative arguments, `log(0)` is not
 * −∞ everywhere (SwiftShader returns −88) and NaN comparisons may be folded
 * away. So exp and log are written out (Cody–Waite / fdlibm reductions with
 * short polynomials) and everything else is built on them. The results are a
 * few ulp from the correctly rounded f32 value on any conforming GPU; the
 * accuracy tests in test/accuracy.test.ts hold them to that.
 *
 * Only +, −, ×, ÷, sqrt, abs, min, max, round, floor and bit casts are taken
 * from the hardware. Subnormal results may be flushed to zero (WGSL allows it).
 */

export interface Helper {
  /** Helpers this one calls, emitted before it. */
  readonly deps: readonly string[];
  readonly source: string;
}

const helpers: Record<string, Helper> = {
  ll_inf: {
    deps: [],
    // A `let` is a run-time value, so the front end cannot fold it into an
    // (illegal) infinite constant; the bit pattern is exactly +∞.
    source: `fn ll_inf() -> f32 {
  let bits = 0x7f800000u;
  return bitcast<f32>(bits);
}`,
  },
  ll_nan: {
    deps: [],
    source: `fn ll_nan() -> f32 {
  let bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}`,
  },
  ll_canonical: {
    deps: [],
    // The catalog's zeros are +0. A bit test, because \`x + 0.0\` or a
    // comparison with 0 may be simplified away by a fast-math compiler.
    source: `// Stored outputs: −0 becomes +0 (the catalog's zeros are +0).
fn ll_canonical(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  return bitcast<f32>(select(bits, 0u, bits == 0x80000000u));
}`,
  },
  ll_is_inf: {
    deps: [],
    source: `fn ll_is_inf(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u;
}`,
  },
  ll_is_finite: {
    deps: [],
    // Bit tests: a fast-math compiler may fold comparisons that involve ∞ or NaN.
    source: `fn ll_is_finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}`,
  },
  ll_partial: {
    deps: ['ll_nan'],
    source: `// The catalog's rule: a partial is NaN where the value is infinite in exact
// arithmetic (bce at p = 0), and the derivative elsewhere — also where only
// the value overflowed (r² at r = 1e30 is +∞ in f32, its partial 2r is not).
fn ll_partial(partial: f32, exactly_infinite: bool) -> f32 {
  return select(partial, ll_nan(), exactly_infinite);
}`,
  },
  ll_square: {
    deps: [],
    source: `fn ll_square(x: f32) -> f32 {
  return x * x;
}`,
  },
  ll_pow2i: {
    deps: [],
    source: `// 2^k for an integer k in [−126, 127], from the exponent bits.
fn ll_pow2i(k: i32) -> f32 {
  return bitcast<f32>(u32(k + 127) << 23u);
}`,
  },
  ll_scale: {
    deps: ['ll_pow2i'],
    source: `// x·2^k for k in [−252, 254]: two normal factors, one final rounding
// (to a subnormal, or to 0 where the hardware flushes them).
fn ll_scale(x: f32, k: i32) -> f32 {
  let h = k / 2;
  return x * ll_pow2i(h) * ll_pow2i(k - h);
}`,
  },
  ll_exp_poly: {
    deps: [],
    source: `// e^r for |r| ≤ ln2/2: Taylor to r^7/7! (truncation < 0.15 ulp).
fn ll_exp_poly(r: f32) -> f32 {
  let p = 1.9841270e-4 + r * 2.4801587e-5;
  let q = 8.3333333e-3 + r * (1.3888889e-3 + r * p);
  return 1.0 + r * (1.0 + r * (0.5 + r * (0.16666667 + r * (0.041666667 + r * q))));
}`,
  },
  ll_exp: {
    deps: ['ll_scale', 'll_exp_poly'],
    source: `// e^x, within about 1 ulp. x = k·ln2 + r (Cody–Waite: k·LN2_HI is exact).
fn ll_exp(x: f32) -> f32 {
  // Beyond these e^x is 0 or ∞ in f32; clamping keeps k·LN2 exact and ∞ → ∞, −∞ → 0.
  let xc = clamp(x, -104.0, 89.0);
  let k = round(xc * 1.44269504);
  let r = (xc - k * 0.693145751953125) - k * 1.42860677e-6;
  return ll_scale(ll_exp_poly(r), i32(k));
}`,
  },
  ll_log1p_kernel: {
    deps: [],
    source: `// log(1 + f) for f in [√½ − 1, √2 − 1], f exact (fdlibm's logf kernel).
fn ll_log1p_kernel(f: f32) -> f32 {
  let s = f / (2.0 + f);
  let z = s * s;
  let w = z * z;
  let t1 = w * (0.40000972 + w * 0.24279079);
  let t2 = z * (0.66666663 + w * 0.28498787);
  let hfsq = 0.5 * f * f;
  return f - (hfsq - s * (hfsq + t1 + t2));
}`,
  },
  ll_log: {
    deps: ['ll_inf', 'll_nan', 'll_log1p_kernel'],
    source: `// log x, within about 1 ulp: x = 2^k·m with m in [√½, √2), log m by the kernel.
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
}`,
  },
  ll_log1p: {
    deps: ['ll_log', 'll_log1p_kernel'],
    source: `// log(1 + x), within a few ulp for every x ≥ −1.
fn ll_log1p(x: f32) -> f32 {
  if (x >= -0.29289323 && x <= 0.41421357) { return ll_log1p_kernel(x); }
  let u = 1.0 + x;
  // log(1 + x) = log u + log(1 + (1 + x − u)/u): the correction restores what rounding 1 + x lost.
  let c = select((x - (u - 1.0)) / u, 0.0, u == 0.0 || u > 16777216.0);
  return ll_log(u) + c;
}`,
  },
  ll_log1pmx: {
    deps: ['ll_inf', 'll_log1p'],
    source: `// log(1 + x) − x. On [−0.5, 1], with t = x/(2 + x): −x·t + 2t³(1/3 + t²/5 + …), |t| ≤ 1/3,
// which does not cancel near 0; elsewhere the difference loses at most 2 bits.
fn ll_log1pmx(x: f32) -> f32 {
  if (x == ll_inf()) { return -x; }
  if (x < -0.5 || x > 1.0) { return ll_log1p(x) - x; }
  let t = x / (2.0 + x);
  let t2 = t * t;
  let series = 0.33333333 + t2 * (0.2 + t2 * (0.14285714 + t2 * (0.11111111 + t2 * (0.09090909 + t2 * (0.07692308 + t2 * (0.06666667 + t2 * 0.05882353))))));
  return -x * t + 2.0 * t * t2 * series;
}`,
  },
  ll_expmul: {
    deps: ['ll_exp', 'll_exp_poly', 'll_pow2i', 'll_is_finite'],
    source: `// w·e^a, finite wherever the product is (e^a alone overflows from a = 88.7, and
// underflows from a = −103): e^a = 2^k·e^r, w·e^r scaled by 2^k in exact steps.
fn ll_expmul(a: f32, w: f32) -> f32 {
  if (!ll_is_finite(a) || !ll_is_finite(w)) { return w * ll_exp(a); }
  if (w == 0.0) { return 0.0; }
  // |w| is within 2^±150: beyond a = ±208 (2^±300) the product is ∞ or 0 whatever w is.
  let ac = clamp(a, -208.0, 208.0);
  let k = round(ac * 1.44269504);
  let r = (ac - k * 0.693145751953125) - k * 1.42860677e-6;
  // w is scaled toward 1 before e^r: a large w by k's negative part, a small one by its positive
  // part (e^r ≤ 1.42 may take w·2^k or w itself past FLT_MAX, or w·e^r below FLT_MIN, where the
  // product is finite and normal: w = 1e22, a = 37.79 gives 2.6e38, w·2^55 is 3.6e38).
  var rest = i32(k);
  let first = select(clamp(rest, 0, 100), clamp(rest, -100, 0), abs(w) >= 1.0);
  var y = (w * ll_pow2i(first)) * ll_exp_poly(r);
  rest = rest - first;
  for (var i = 0; i < 3; i++) {
    let step = clamp(rest, -100, 100);
    y = y * ll_pow2i(step);
    rest = rest - step;
  }
  return y;
}`,
  },
  ll_sum3_ordered: {
    deps: ['ll_is_finite'],
    source: `// (a + b) + c with both additions' exact errors (TwoSum) added back.
fn ll_sum3_ordered(a: f32, b: f32, c: f32) -> f32 {
  let s1 = a + b;
  let s2 = s1 + c;
  if (!ll_is_finite(s2)) { return s2; }
  let b1 = s1 - a;
  let e1 = (a - (s1 - b1)) + (b - b1);
  let b2 = s2 - s1;
  let e2 = (s1 - (s2 - b2)) + (c - b2);
  return s2 + (e1 + e2);
}`,
  },
  ll_sum3: {
    deps: ['ll_sum3_ordered', 'll_is_finite'],
    source: `// a + b + c with both additions' rounding errors added back (TwoSum): 1 + 1e-8 − 1 is
// 1e-8, where either order of plain sums gives 0 and puts a hinge's kink in the wrong place.
fn ll_sum3(a: f32, b: f32, c: f32) -> f32 {
  // a + b may overflow where the sum does not: then the other orders.
  let r = ll_sum3_ordered(a, b, c);
  if (ll_is_finite(r)) { return r; }
  let q = ll_sum3_ordered(a, c, b);
  if (ll_is_finite(q)) { return q; }
  return ll_sum3_ordered(b, c, a);
}`,
  },
  ll_expm1_poly: {
    deps: [],
    source: `// e^x − 1 for |x| ≤ ln2/2: Taylor to x^8/8!.
fn ll_expm1_poly(x: f32) -> f32 {
  let q = 1.3888889e-3 + x * (1.9841270e-4 + x * 2.4801587e-5);
  return x + x * x * (0.5 + x * (0.16666667 + x * (0.041666667 + x * (8.3333333e-3 + x * q))));
}`,
  },
  ll_expm1: {
    deps: ['ll_exp', 'll_expm1_poly', 'll_pow2i'],
    source: `// e^x − 1, within a few ulp: 2^k·expm1(r) + (2^k − 1) with x = k·ln2 + r.
fn ll_expm1(x: f32) -> f32 {
  if (abs(x) <= 0.34657359) { return ll_expm1_poly(x); }
  // Outside [−17, 16], e^x − 1 is −1 to within an ulp, or e^x − 1 loses nothing.
  if (x < -17.0 || x > 16.0) { return ll_exp(x) - 1.0; }
  let k = round(x * 1.44269504);
  let r = (x - k * 0.693145751953125) - k * 1.42860677e-6;
  let s = ll_pow2i(i32(k));
  return s * ll_expm1_poly(r) + (s - 1.0);
}`,
  },
  ll_exprel: {
    deps: ['ll_exp', 'll_expm1'],
    source: `// (e^x − 1)/x, 1 at x = 0.
fn ll_exprel(x: f32) -> f32 {
  if (abs(x) < 1.0e-4) { return 1.0 + x * (0.5 + x * 0.16666667); }
  // e^x overflows before e^x/x does: e^(x/2)·(e^(x/2)/x).
  if (x > 80.0) {
    let h = ll_exp(0.5 * x);
    return h * (h / x);
  }
  return ll_expm1(x) / x;
}`,
  },
  ll_dexprel: {
    deps: ['ll_exp', 'll_expm1'],
    source: `// d/dx exprel(x) = ((x − 1)·(e^x − 1) + x)/x², 1/2 at x = 0.
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
}`,
  },
  ll_softplus: {
    deps: ['ll_exp', 'll_log1p'],
    source: `// log(1 + e^x) = max(x, 0) + log1p(e^−|x|): no overflow, full precision in both tails.
fn ll_softplus(x: f32) -> f32 {
  return max(x, 0.0) + ll_log1p(ll_exp(-abs(x)));
}`,
  },
  ll_log_sigmoid: {
    deps: ['ll_exp', 'll_log1p'],
    source: `// log σ(x) = −softplus(−x).
fn ll_log_sigmoid(x: f32) -> f32 {
  return min(x, 0.0) - ll_log1p(ll_exp(-abs(x)));
}`,
  },
  ll_sigmoid: {
    deps: ['ll_exp'],
    source: `// σ(x) = 1/(1 + e^−x), written with e^−|x| so that neither tail overflows.
fn ll_sigmoid(x: f32) -> f32 {
  let e = ll_exp(-abs(x));
  let s = 1.0 / (1.0 + e);
  return select(e * s, s, x >= 0.0);
}`,
  },
  ll_tanh: {
    deps: ['ll_expm1'],
    source: `// tanh x = E/(E + 2) with E = expm1(2|x|): accurate near 0, exactly ±1 beyond |x| = 9.1.
fn ll_tanh(x: f32) -> f32 {
  let a = abs(x);
  let e = ll_expm1(2.0 * min(a, 9.1));
  let t = select(e / (e + 2.0), 1.0, a > 9.1);
  return select(t, -t, x < 0.0);
}`,
  },
  ll_log_cosh: {
    deps: ['ll_exp', 'll_expm1', 'll_log1p'],
    source: `// log cosh x: log1p(2·sinh²(x/2)) near 0 (no cancellation), else |x| − ln2 + log1p(e^−2|x|) (no overflow).
fn ll_log_cosh(x: f32) -> f32 {
  let a = abs(x);
  if (a < 1.0) {
    let e = ll_expm1(0.5 * a);
    let sh = 0.5 * (e + e / (e + 1.0));
    return ll_log1p(2.0 * sh * sh);
  }
  return (a - 0.69314718) + ll_log1p(ll_exp(-2.0 * a));
}`,
  },
  ll_xlogy: {
    deps: ['ll_log'],
    source: `// x·log y, 0 where x = 0 (even for y = 0).
fn ll_xlogy(x: f32, y: f32) -> f32 {
  return select(x * ll_log(y), 0.0, x == 0.0);
}`,
  },
  ll_xlog1py: {
    deps: ['ll_log1p'],
    source: `// x·log(1 + y), 0 where x = 0.
fn ll_xlog1py(x: f32, y: f32) -> f32 {
  return select(x * ll_log1p(y), 0.0, x == 0.0);
}`,
  },
  ll_hypot: {
    deps: ['ll_inf'],
    source: `// √(a² + b²) without overflow or underflow of the squares.
fn ll_hypot(a: f32, b: f32) -> f32 {
  let hi = max(abs(a), abs(b));
  let lo = min(abs(a), abs(b));
  if (hi == 0.0 || hi == ll_inf()) { return hi; }
  let r = lo / hi;
  return hi * sqrt(1.0 + r * r);
}`,
  },
  ll_pow: {
    deps: ['ll_exp', 'll_log', 'll_nan'],
    source: `// x^y with 0^0 = 1, 0^(y<0) = +∞ and negative bases raised to integer powers.
// Relative error ≈ (2 + |log x^y|) ulp: y·log x is rounded to f32 before exp.
fn ll_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0 || x == 1.0) { return 1.0; }
  let r = ll_exp(y * ll_log(abs(x)));
  if (x >= 0.0) { return r; }
  // A negative base has a real power only at an integer exponent, signed by its parity.
  if (floor(y) != y) { return ll_nan(); }
  let odd = abs(y) < 16777216.0 && fract(0.5 * y) != 0.0;
  return select(r, -r, odd);
}`,
  },
};

/** log Σ e^xᵢ over n arguments: `ll_lse<n>`, generated per arity. */
function logSumExpHelper(n: number): Helper {
  const args = Array.from({ length: n }, (_, i) => `x${i}`);
  const max = args.slice(1).reduce((acc, a) => `max(${acc}, ${a})`, args[0]!);
  const terms = args
    .map(
      (a) => `  if (first && ${a} == m) {
    first = false;
  } else {
    t = t + ll_exp(${a} - m);
  }`,
    )
    .join('\n');
  return {
    deps: ['ll_inf', 'll_exp', 'll_log1p'],
    source: `// log(${args.map((a) => `e^${a}`).join(' + ')}) = m + log1p(Σ of the other terms), m the largest:
// the largest term is exactly 1 and never rounds the small ones away.
fn ll_lse${n}(${args.map((a) => `${a}: f32`).join(', ')}) -> f32 {
  let m = ${max};
  if (abs(m) == ll_inf()) { return m; }
  var t = 0.0;
  var first = true;
${terms}
  return m + ll_log1p(t);
}`,
  };
}

/**
 * w₁·…·wₖ·e^a over k ≥ 2 weights: `ll_expmul<k + 1>`, generated per arity.
 * Each weight is split into its fraction and exponent bits, the fractions
 * multiplied (within [1, 2^k)), the exponents summed with e^a's (a = k·ln2 +
 * r) and the result scaled once at the end: no partial product is formed, so
 * none over- or underflows (0.94^1423 = 3e-40 times a bce of 1e33). One path
 * for every argument and no branches, which keeps the helper cheap to
 * compile: a sweep inlines it many times. A zero weight
 * (or a subnormal one, which a GPU may flush) gives 0 whatever the others and
 * a are, as core's; ±∞ and NaN weights the plain product's answer.
 */
function expmulHelper(arity: number): Helper {
  const ws = Array.from({ length: arity - 1 }, (_, i) => `w${i}`);
  // Beyond |a| = limit the result is 0 or ±∞ whatever the weights (each within 2^±128).
  const limit = Math.ceil((160 + 128 * ws.length) * Math.LN2);
  const bits = ws.map((w, i) => `  let b${i} = bitcast<u32>(${w});`).join('\n');
  const zero = ws.map((_, i) => `((b${i} & 0x7f800000u) == 0u)`).join(' | ');
  const fractions = ws.map((_, i) => `bitcast<f32>((b${i} & 0x807fffffu) | 0x3f800000u)`).join(' * ');
  const exponents = ws.map((_, i) => `i32((b${i} >> 23u) & 0xffu)`).join(' + ');
  const finite = ws.map((w) => `ll_is_finite(${w})`).join(' & ');
  return {
    deps: ['ll_exp', 'll_exp_poly', 'll_pow2i', 'll_is_finite', 'll_is_inf'],
    source: `// ${ws.join('·')}·e^a, finite wherever the product is, even where a partial product of the
// weights over- or underflows: their fractions and exponents apart, one scaling at the end.
// Straight-line (| and & do not branch, select for the special cases): inlined many times
// into a sweep, branches made SwiftShader's compile of focal_logits' partials run out of memory.
fn ll_expmul${arity}(a: f32, ${ws.map((w) => `${w}: f32`).join(', ')}) -> f32 {
${bits}
  let ac = clamp(a, -${limit}.0, ${limit}.0);
  let k = round(ac * 1.44269504);
  let r = (ac - k * 0.693145751953125) - k * 1.42860677e-6;
  let y = (${fractions}) * ll_exp_poly(r);
  // Beyond 2^±200 the result is ∞ or 0 (y is within [2^-1, 2^${ws.length + 1}]): clamped there, still so.
  let t = clamp(i32(k) + ${exponents} - ${127 * ws.length}, -200, 200);
  let first = clamp(t, -100, 100);
  let scaled = (y * ll_pow2i(first)) * ll_pow2i(t - first);
  // A zero weight (or a subnormal one, which a GPU may flush) gives 0 whatever the rest: 0·log 0 = 0;
  // an infinite or NaN weight the plain product; a NaN a itself (a = ±∞ is clamped above).
  let zero = ${zero};
  let plain = ${ws.join(' * ')} * ll_exp(a);
  let nan_a = !ll_is_finite(a) & !ll_is_inf(a);
  return select(select(select(scaled, a, nan_a), plain, !(${finite})), 0.0, zero);
}`,
  };
}

export function helper(name: string): Helper {
  const lse = /^ll_lse(\d+)$/.exec(name);
  if (lse) return logSumExpHelper(Number(lse[1]));
  const expmul = /^ll_expmul(\d+)$/.exec(name);
  if (expmul) return expmulHelper(Number(expmul[1]));
  const h = helpers[name];
  if (!h) throw new Error(`unknown WGSL helper ${name}`);
  return h;
}

/** The source of the named helpers and everything they call, each once, callees first. */
export function preludeSource(names: Iterable<string>): string {
  const emitted = new Set<string>();
  const out: string[] = [];
  const emit = (name: string): void => {
    if (emitted.has(name)) return;
    emitted.add(name);
    const h = helper(name);
    h.deps.forEach(emit);
    out.push(h.source);
  };
  [...names].sort().forEach(emit);
  return out.join('\n\n');
}
