/**
 * The primitives loss trees are built from, each with its reference f64
 * implementation. Derivative rules live in `derivatives.ts`, the WGSL
 * implementations in @losslab/gpu; both are `Record<PrimitiveName, …>`, so
 * adding a primitive here fails to compile until every target handles it.
 *
 * The numerically careful ones (softplus, logSigmoid, logCosh, xlogy, exprel,
 * logSumExp) exist because their naive compositions lose all precision or
 * overflow in exactly the regions people plot.
 */

const LN2 = Math.LN2;
const MIN_NORMAL = 2.2250738585072014e-308;

/** arity: a fixed count, or 'variadic' (two or more). */
export const primitiveArity = {
  add: 2,
  /** a + b + c with one rounding in effect (compensated): 1 + 1e-20 − 1 is 1e-20, not 0 */
  sum3: 3,
  sub: 2,
  mul: 2,
  div: 2,
  neg: 1,
  abs: 1,
  max: 2,
  min: 2,
  square: 1,
  sqrt: 1,
  hypot: 2,
  pow: 2,
  exp: 1,
  /**
   * w₁·…·wₙ·eᵃ (args a, w₁, …, wₙ; n ≥ 1), finite and normal wherever the product is, even where
   * eᵃ alone or a partial product of the weights over- or underflows; with two or more weights,
   * 0 where one of them is 0 (as xlogy: 0·log 0 = 0)
   */
  expmul: 'variadic',
  expm1: 1,
  log: 1,
  log1p: 1,
  /** log1p(x) − x for x ≥ −1, exact near 0 where the difference cancels (the core of KL and bd0 terms) */
  log1pmx: 1,
  /** expm1(x)/x, 1 at x = 0 */
  exprel: 1,
  /** d/dx exprel(x) = (x·eˣ − eˣ + 1)/x², ½ at x = 0 */
  dexprel: 1,
  softplus: 1,
  sigmoid: 1,
  logSigmoid: 1,
  tanh: 1,
  logCosh: 1,
  /** x·log(y), 0 where x = 0 (even for y = 0) */
  xlogy: 2,
  /** x·log1p(y), 0 where x = 0 */
  xlog1py: 2,
  logSumExp: 'variadic',
} as const satisfies Record<string, number | 'variadic'>;

export type PrimitiveName = keyof typeof primitiveArity;

export const primitiveNames = Object.keys(primitiveArity) as PrimitiveName[];

function softplus(x: number): number {
  // max(x, 0) + log1p(e^(−|x|)): exact for large |x|, no overflow.
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function logCosh(x: number): number {
  const a = Math.abs(x);
  // log1p(2 sinh²(x/2)) keeps full relative precision near 0, where
  // |x| + log1p(e^(−2|x|)) − ln 2 cancels; the latter never overflows.
  if (a < 1) {
    const s = Math.sinh(a / 2);
    return Math.log1p(2 * s * s);
  }
  return a + Math.log1p(Math.exp(-2 * a)) - LN2;
}

function exprel(x: number): number {
  const a = Math.abs(x);
  if (a < 1e-5) return 1 + x / 2 + (x * x) / 6 + (x * x * x) / 24;
  if (x > 709.7) {
    // expm1 overflows before expm1(x)/x does.
    return Math.exp(x - Math.log(x));
  }
  return Math.expm1(x) / x;
}

function dexprel(x: number): number {
  const a = Math.abs(x);
  if (a < 1e-3) {
    // Taylor series: Σ (n+1)/(n+2)! xⁿ
    let term = 0.5;
    let sum = 0.5;
    let xn = 1;
    let fact = 2; // (n+2)!
    for (let n = 1; n < 10; n++) {
      xn *= x;
      fact *= n + 2;
      term = ((n + 1) / fact) * xn;
      sum += term;
    }
    return sum;
  }
  if (x > 700) {
    // (x − 1)eˣ/x² + 1/x², computed in log space to avoid overflow.
    return Math.exp(x + Math.log(x - 1) - 2 * Math.log(x)) + 1 / (x * x);
  }
  // (x eˣ − eˣ + 1)/x² = ((x − 1)·expm1(x) + x)/x²
  return ((x - 1) * Math.expm1(x) + x) / (x * x);
}

function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

function xlog1py(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log1p(y);
}

function logSumExp(...xs: number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  let top = -1;
  xs.forEach((x, i) => {
    if (x > m) {
      m = x;
      top = i;
    }
  });
  if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) return m;
  // m + log1p(Σ over the others of e^(x − m)): leaving the largest term out of
  // the sum keeps the small ones exact when one term dominates (1 + 1e-13
  // would already have rounded them away).
  let s = 0;
  xs.forEach((x, i) => {
    if (i !== top) s += Math.exp(x - m);
  });
  return m + Math.log1p(s);
}

// fdlibm's split of ln 2: k·LN2_HI is exact for |k| < 2^20.
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;

/** x·2^k for any integer k: exact factors of at most 2^±1000, so no factor itself overflows. */
function scaleByPowerOfTwo(x: number, k: number): number {
  let y = x;
  let rest = k;
  for (; rest > 1000; rest -= 1000) y *= 2 ** 1000;
  for (; rest < -1000; rest += 1000) y *= 2 ** -1000;
  return y * 2 ** rest;
}

/**
 * w·eᵃ. Where eᵃ and the product are finite normal numbers, the plain
 * product (as the chain rule would form it); else eᵃ = 2^k·eʳ with
 * |r| ≤ ½ln2, and w·eʳ is scaled by 2^k (w first where k < 0): finite wherever
 * w·eᵃ is. The derivative of e^(y + log b) at y = 709.9 is finite although
 * e^709.9 is not.
 */
export function expmulOne(a: number, w: number): number {
  // A zero weight gives 0 for every a below +∞ (0·eᵃ, not 0·∞ where eᵃ alone overflows).
  if (w === 0) return a < Number.POSITIVE_INFINITY ? w * 0 : Number.NaN;
  const e = Math.exp(a);
  const p = w * e;
  const size = Math.abs(p);
  // eᵃ subnormal has lost bits (and the product may be normal): take the slow path then too.
  if (size >= MIN_NORMAL && e >= MIN_NORMAL && e !== Number.POSITIVE_INFINITY) return p;
  return expmulScaled(a, w, p);
}

/** expmulOne's slow path, apart: the fast path stays small enough to be inlined. */
function expmulScaled(a: number, w: number, p: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(w)) return p;
  const k = Math.round(a / LN2);
  // |w| is within 2^±1075: beyond these the product is ∞ or 0 whatever w is.
  if (k > 2200) return w * Number.POSITIVE_INFINITY;
  if (k < -2200) return w * 0;
  const r = a - k * LN2_HI - k * LN2_LO;
  if (k >= 0) {
    // A subnormal w is scaled up first (exact): w·eʳ would round to w's few bits (at w = 5e-324,
    // eᵃ = e^713.8 the product 4.9e-14 came out 2^-44).
    const up = Math.abs(w) < MIN_NORMAL ? Math.min(k, 1000) : 0;
    return scaleByPowerOfTwo(scaleByPowerOfTwo(w, up) * Math.exp(r), k - up);
  }
  // Scaled down before eʳ: w·eʳ alone may pass the largest double where w·eᵃ does not.
  const first = Math.max(k, -1000);
  return scaleByPowerOfTwo(scaleByPowerOfTwo(w, first) * Math.exp(r), k - first);
}

/** A finite number of at least the smallest normal magnitude (NaN is not). */
export function isNormal(x: number): boolean {
  const size = Math.abs(x);
  return size >= MIN_NORMAL && size !== Number.POSITIVE_INFINITY;
}

/** x = f·2^e with ½ ≤ |f| < 1, for a finite nonzero x (subnormals included). */
function frexp(x: number): readonly [number, number] {
  let e = Math.floor(Math.log2(Math.abs(x))) + 1;
  let f = scaleByPowerOfTwo(x, -e);
  // log2 may round across a power of two: one step corrects it.
  if (Math.abs(f) >= 1) {
    f /= 2;
    e += 1;
  } else if (Math.abs(f) < 0.5) {
    f *= 2;
    e -= 1;
  }
  return [f, e];
}

/**
 * w₁·…·wₙ·eᵃ. Where the weights' plain product and each partial product on
 * the way are finite normal numbers, that product's expmul. Else (a partial
 * product over- or underflowed: e^(−90) times a weight of 1e-40 times one of
 * 1e33 in f32's range) each weight as f·2^e: the fractions' product, within
 * [2^-n, 1), times eʳ, scaled once by
 * 2^(k + Σe), eᵃ = 2^k·eʳ. A zero weight gives 0 whatever the others and a
 * are (xlogy's convention: the term is absent, as 0·log 0 = 0), an infinite
 * or NaN one the plain product's.
 */
export function expmulWeights(a: number, ws: readonly number[]): number {
  // Every partial product normal: each was correctly rounded.
  let p = ws[0]!;
  let normal = isNormal(p);
  for (let i = 1; i < ws.length; i++) {
    p *= ws[i]!;
    normal &&= isNormal(p);
  }
  if (normal) return expmulOne(a, p);
  if (ws.some((w) => w === 0)) return 0;
  if (Number.isNaN(a) || !ws.every(Number.isFinite)) return expmulOne(a, p);
  let f = 1;
  let e = 0;
  for (const w of ws) {
    const [fw, ew] = frexp(w);
    f *= fw;
    e += ew;
  }
  if (a === Number.POSITIVE_INFINITY) return f * Number.POSITIVE_INFINITY;
  if (a === Number.NEGATIVE_INFINITY) return f * 0;
  const k = Math.round(a / LN2);
  // |f|·2^e is within 2^±(1075n): beyond these the product is ∞ or 0.
  const limit = 2200 + 1100 * ws.length;
  if (k > limit) return f * Number.POSITIVE_INFINITY;
  if (k < -limit) return f * 0;
  const r = a - k * LN2_HI - k * LN2_LO;
  return scaleByPowerOfTwo(f * Math.exp(r), k + e);
}

/** The exact error of a + b: a + b = s + e exactly, s = fl(a + b) (Knuth's TwoSum). */
function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/**
 * a + b + c, compensated: the rounding errors of both additions are added
 * back, so the result is as if computed in twice the precision and then
 * rounded (Ogita–Rump–Oishi Sum2). A hinge's 1 + z₂ − z₁ with z₁ = 1,
 * z₂ = 1e-20 is 1e-20 (either order of plain additions gives 0), so the
 * hinge is active where it should be.
 */
function sum3(a: number, b: number, c: number): number {
  // a + b may overflow where the whole sum does not: then the other orders.
  const r = sum3Ordered(a, b, c);
  if (Number.isFinite(r)) return r;
  const q = sum3Ordered(a, c, b);
  return Number.isFinite(q) ? q : sum3Ordered(b, c, a);
}

function sum3Ordered(a: number, b: number, c: number): number {
  const s1 = a + b;
  const s2 = s1 + c;
  if (!Number.isFinite(s2)) return s2;
  return s2 + (twoSumError(a, b, s1) + twoSumError(s1, c, s2));
}

/** 1/(2k + 1) for k = 1…20: the atanh series behind `log1pmx`. */
const ATANH_COEFFS = Array.from({ length: 20 }, (_, k) => 1 / (2 * k + 3));

function log1pmx(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (x < -0.5 || x > 1) return Math.log1p(x) - x; // cancels by at most a factor ~4 here
  // With t = x/(2 + x): log1p(x) = 2 atanh t, and x − 2t = x·t, so
  // log1p(x) − x = −x·t + 2t³(1/3 + t²/5 + t⁴/7 + …), |t| ≤ 1/3: no cancellation.
  const t = x / (2 + x);
  const t2 = t * t;
  let series = 0;
  for (let k = ATANH_COEFFS.length - 1; k >= 0; k--) series = ATANH_COEFFS[k]! + t2 * series;
  return -x * t + 2 * t * t2 * series;
}

export type CpuImpl = (...args: number[]) => number;

/** Reference f64 implementations: the interpreter, the JS compiler and the tests all use these. */
export const cpuPrimitives: Record<PrimitiveName, CpuImpl> = {
  add: (a, b) => a! + b!,
  sum3: (a, b, c) => sum3(a!, b!, c!),
  sub: (a, b) => a! - b!,
  mul: (a, b) => a! * b!,
  div: (a, b) => a! / b!,
  neg: (a) => -a!,
  abs: (a) => Math.abs(a!),
  max: (a, b) => Math.max(a!, b!),
  min: (a, b) => Math.min(a!, b!),
  square: (a) => a! * a!,
  sqrt: (a) => Math.sqrt(a!),
  hypot: (a, b) => Math.hypot(a!, b!),
  pow: (a, b) => a! ** b!,
  exp: (a) => Math.exp(a!),
  expmul: (a, ...ws) => (ws.length === 1 ? expmulOne(a!, ws[0]!) : expmulWeights(a!, ws)),
  expm1: (a) => Math.expm1(a!),
  log: (a) => Math.log(a!),
  log1p: (a) => Math.log1p(a!),
  log1pmx: (a) => log1pmx(a!),
  exprel: (a) => exprel(a!),
  dexprel: (a) => dexprel(a!),
  softplus: (a) => softplus(a!),
  sigmoid: (a) => sigmoid(a!),
  logSigmoid: (a) => -softplus(-a!),
  tanh: (a) => Math.tanh(a!),
  logCosh: (a) => logCosh(a!),
  xlogy: (a, b) => xlogy(a!, b!),
  xlog1py: (a, b) => xlog1py(a!, b!),
  logSumExp: (...xs) => logSumExp(...xs),
};
